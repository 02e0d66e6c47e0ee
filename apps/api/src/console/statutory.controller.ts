import { Get, Param, ParseIntPipe, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { AnnualReturns, ReturnCollection, ReturnSignOff } from '@waymark/annual-return';
import { listStrategiesSchema } from '@waymark/contracts';
import { StrategiesService, StrategyReviews } from '@waymark/strategies';
import { ReviewRuns, StrategyReviewService } from '@waymark/strategy-review';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

/**
 * Return and review: the annual return (s.59) by financial year, each with its providers' requests, its
 * checks, its sign-off and its workbook, over the services of /api/returns; and each strategy's three-year
 * review clock with its review runs (engagement, gates), over those of /api/strategies/:id/review-clock and
 * /api/reviews. Read only: the writes are the admin API's and the emails' (docs/annual-return.md,
 * docs/strategy-review.md).
 */
@ConsoleController('statutory')
export class ConsoleStatutoryController {
  constructor(
    private readonly returns: AnnualReturns,
    private readonly collection: ReturnCollection,
    private readonly signOff: ReturnSignOff,
    private readonly strategies: StrategiesService,
    private readonly clocks: StrategyReviews,
    private readonly reviews: StrategyReviewService,
    private readonly runs: ReviewRuns,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async index(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    const partnershipId = caller.partnershipId;
    const { items } = await this.strategies.list(partnershipId, listStrategiesSchema.parse({ limit: 100 }));
    const strategies = await Promise.all(
      items.map(async (strategy) => ({
        strategy,
        clock: (await this.clocks.state(partnershipId, strategy.id)).clock,
        reviews: await this.reviews.list(partnershipId, strategy.id),
      })),
    );
    this.pages.send(res, 'statutory/index', {
      title: 'Return and review',
      returns: await this.returns.list(partnershipId),
      strategies,
    });
  }

  @Get('reviews/:id')
  @Owns('strategyReview', 'params', 'id')
  async review(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const plan = await this.reviews.get(caller.partnershipId, id);
    const progress = await this.runs.progress(caller.partnershipId, id);
    this.pages.send(res, 'statutory/review', {
      title: plan.title,
      plan,
      strategy: await this.strategies.get(caller.partnershipId, plan.strategyId),
      progress,
      answered: progress.requests.filter((r) => r.answeredAt).length,
    });
  }

  @Get('returns/:id')
  @Owns('annualReturn', 'params', 'id')
  async annualReturn(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.signOff.view(caller.partnershipId, id);
    this.pages.send(res, 'statutory/return', {
      title: `Annual return ${view.financialYear}`,
      view,
      failing: view.results.filter((r) => r.outcome === 'fail'),
      requests: await this.collection.requests(caller.partnershipId, id),
    });
  }

  @Get('returns/:id/workbook')
  @Owns('annualReturn', 'params', 'id')
  async workbook(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    this.sendWorkbook(res, await this.returns.workbook(caller.partnershipId, id));
  }

  @Get('returns/:id/versions/:version/workbook')
  @Owns('annualReturn', 'params', 'id')
  async versionWorkbook(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('version', new ParseIntPipe()) version: number,
    @Res() res: Response,
  ): Promise<void> {
    this.sendWorkbook(res, await this.signOff.versionWorkbook(caller.partnershipId, id, version));
  }

  private sendWorkbook(res: Response, { fileName, content }: { fileName: string; content: Buffer }): void {
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${fileName}"` })
      .type(XLSX_CONTENT_TYPE)
      .send(content);
  }
}
