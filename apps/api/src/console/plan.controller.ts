import { createHash } from 'node:crypto';
import {
  Body,
  Get,
  Logger,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { listStrategiesSchema } from '@waymark/contracts';
import {
  ContactsImportReport,
  ContactsSheetService,
  ImportReport,
  KIND_WORDS,
  PlanFileError,
  PlanImportService,
} from '@waymark/plan-import';
import { StrategiesService } from '@waymark/strategies';
import { ActionWorkflows } from '@waymark/temporal';
import { MAX_PLAN_BYTES, UploadedPlan, startChasing } from '../plan-import/plan-import.controller';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One file, and the one form field the import step sends beside it (the checked file's SHA-256). */
const planUpload = FileInterceptor('file', {
  limits: { fileSize: MAX_PLAN_BYTES, files: 1, fields: 2, fieldSize: 1024 },
});

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The action plan: export it, and import a council's plan in two steps over the same service as
 * `POST /api/strategies/:id/import`. Step one checks the uploaded file (a dry run: nothing written) and shows the
 * report; step two imports it. The file is not kept between the steps: the user chooses it again to import it,
 * and the import is refused unless it is the very file that was checked (its SHA-256 is carried by the form), so
 * nothing is imported that the user has not seen checked, and no upload is left on the server. The contacts
 * sheet (`ContactsSheetService`, as `/api/partnership/contacts/*`) is exported and imported the same way.
 */
@ConsoleController('plan')
export class ConsolePlanController {
  private readonly logger = new Logger(ConsolePlanController.name);

  constructor(
    private readonly strategies: StrategiesService,
    private readonly plans: PlanImportService,
    private readonly contacts: ContactsSheetService,
    private readonly workflows: ActionWorkflows,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async index(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    const strategies = await this.strategies.list(caller.partnershipId, listStrategiesSchema.parse({}));
    this.pages.send(res, 'plan/index', { title: 'Action plan', strategies: strategies.items });
  }

  // The contacts sheet's routes come before the strategy's, whose `:id` would otherwise take "contacts".

  @Get('contacts/export')
  async exportContacts(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    const { fileName, content } = await this.contacts.exportContacts(caller.partnershipId);
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${fileName}"` })
      .type(XLSX)
      .send(content);
  }

  /** The contacts sheet, checked (nothing written) then imported, in the same two steps as the plan. */
  @Post('contacts/:step')
  @UseInterceptors(planUpload)
  async importContacts(
    @CurrentCaller() caller: Caller,
    @Param('step') step: string,
    @Body() form: Record<string, unknown>,
    @UploadedFile() file: UploadedPlan | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (step !== 'check' && step !== 'import') throw new NotFoundException();
    if (!file?.size) {
      return this.pages.send(
        res,
        'plan/contacts-choose',
        {
          title: 'Import contacts',
          errorList: [{ text: 'Choose the contacts sheet file', href: '#file' }],
          message: 'Choose the contacts sheet file',
        },
        400,
      );
    }
    const checked = sha256(file.buffer);
    const differentFile = step === 'import' && form.checked !== checked;
    let report: ContactsImportReport;
    try {
      report = await this.contacts.importContacts(caller, caller.partnershipId, file.buffer, {
        dryRun: step === 'check' || differentFile,
      });
    } catch (error) {
      return this.unreadable(error, res);
    }
    const title = report.dryRun
      ? 'Check the contacts before importing them'
      : report.applied
        ? 'Contacts imported'
        : 'Contacts not imported';
    this.pages.send(
      res,
      'plan/contacts-check',
      {
        title,
        report,
        checked,
        differentFile,
        errors: report.problems.filter((p) => p.severity === 'error'),
        warnings: report.problems.filter((p) => p.severity !== 'error'),
        changing: report.rows.filter((r) => r.outcome === 'created' || r.outcome === 'updated'),
        outcomeNames: { ...OUTCOME_NAMES, created: 'New' },
      },
      report.dryRun || report.applied ? 200 : 422,
    );
  }

  /** Step one: the dry run of the chosen file, as a page. */
  @Post(':id/check')
  @Owns('strategy', 'params', 'id')
  @UseInterceptors(planUpload)
  async check(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) strategyId: string,
    @UploadedFile() file: UploadedPlan | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const strategy = await this.strategies.get(caller.partnershipId, strategyId);
    if (!file?.size) return this.chooseAgain(res, strategy, 'Choose the action plan file to check');
    await this.dryRun(caller, strategy, file, res);
  }

  /** Step two: the same file again, imported (all or nothing), then what happens next. */
  @Post(':id/import')
  @Owns('strategy', 'params', 'id')
  @UseInterceptors(planUpload)
  async import(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) strategyId: string,
    @Body() form: Record<string, unknown>,
    @UploadedFile() file: UploadedPlan | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const strategy = await this.strategies.get(caller.partnershipId, strategyId);
    if (!file?.size) return this.chooseAgain(res, strategy, 'Choose the file you checked to import it');
    if (form.checked !== sha256(file.buffer)) {
      // Another file than the one checked: nothing is imported; its own check is shown instead.
      return this.dryRun(caller, strategy, file, res, true);
    }
    let report: ImportReport;
    try {
      report = await this.plans.importPlan(caller, strategyId, file.buffer);
    } catch (error) {
      return this.unreadable(error, res, strategy);
    }
    if (report.applied) report.next.startedChasing = await startChasing(this.workflows, report, this.logger);
    this.pages.send(
      res,
      'plan/report',
      { title: report.applied ? 'Plan imported' : 'Plan not imported', strategy, report, ...view(report) },
      report.applied ? 200 : 422,
    );
  }

  @Get(':id/export')
  @Owns('strategy', 'params', 'id')
  async export(@Param('id', new ParseUUIDPipe()) strategyId: string, @Res() res: Response): Promise<void> {
    const { fileName, content } = await this.plans.exportPlan(strategyId);
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${fileName}"` })
      .type(XLSX)
      .send(content);
  }

  private async dryRun(
    caller: Caller,
    strategy: { id: string; title: string },
    file: UploadedPlan,
    res: Response,
    differentFile = false,
  ): Promise<void> {
    let report: ImportReport;
    try {
      report = await this.plans.importPlan(caller, strategy.id, file.buffer, { dryRun: true });
    } catch (error) {
      return this.unreadable(error, res, strategy);
    }
    this.pages.send(res, 'plan/check', {
      title: 'Check the plan before importing it',
      strategy,
      report,
      checked: sha256(file.buffer),
      differentFile,
      ...view(report),
    });
  }

  /** A file that cannot be read as a plan: the problem in the service's words, and the upload again. */
  private unreadable(error: unknown, res: Response, strategy?: { id: string; title: string }): void {
    if (!(error instanceof PlanFileError)) throw error;
    this.pages.send(
      res,
      'plan/unreadable',
      {
        title: strategy
          ? 'The file could not be read as an action plan'
          : 'The file could not be read as a contacts sheet',
        strategy,
        message: error.message,
        lookalikes: error.headerLookalikes,
      },
      422,
    );
  }

  private chooseAgain(res: Response, strategy: { id: string; title: string }, message: string): void {
    this.pages.send(
      res,
      'plan/choose',
      { title: 'Import an action plan', strategy, errorList: [{ text: message, href: '#file' }], message },
      400,
    );
  }
}

const OUTCOME_NAMES = {
  created: 'New action',
  updated: 'Changed',
  unchanged: 'No change',
  error: 'Error',
  skipped: 'Skipped',
};

/** What the report pages show beside the report: problems by severity, and rows that change something. */
function view(report: ImportReport) {
  return {
    errors: report.problems.filter((p) => p.severity === 'error'),
    warnings: report.problems.filter((p) => p.severity !== 'error'),
    changing: report.rows.filter((r) => r.outcome === 'created' || r.outcome === 'updated'),
    outcomeNames: OUTCOME_NAMES,
    kindWords: KIND_WORDS,
    newPriorities: report.prioritiesCreated.map((p) => p.title).join(', '),
    unknownLeadNames: report.unknownLeads.map((l) => l.name).join(', '),
    asked: report.next.leads.map((l) => ({ ...l, refs: l.actions.map((a) => a.ref).join(', ') })),
  };
}
