import { Get, Param, ParseIntPipe, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { AnnualReturns, ReturnCollection, ReturnSignOff } from '@waymark/annual-return';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

/**
 * Return and review: the annual return (s.59) by financial year, each with its providers' requests, its
 * checks, its sign-off and its workbook, over the services of /api/returns. Read only: the writes are the
 * admin API's and the emails' (docs/annual-return.md).
 */
@ConsoleController('statutory')
export class ConsoleStatutoryController {
  constructor(
    private readonly returns: AnnualReturns,
    private readonly collection: ReturnCollection,
    private readonly signOff: ReturnSignOff,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async index(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    this.pages.send(res, 'statutory/index', {
      title: 'Return and review',
      returns: await this.returns.list(caller.partnershipId),
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
