import {
  Body,
  ConflictException,
  Get,
  GoneException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { Caller, CurrentCaller, Owns, Roles } from '@waymark/access';
import { eraseEvidenceSchema, listEvidenceSchema, quarantineEvidenceSchema } from '@waymark/contracts';
import { EvidenceAdminService } from '@waymark/evidence';
import { fileDownload } from '../evidence/file-download';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';
import { consoleQuery } from './console-query';

/** The API's evidence list (one action's, newest first), where the action is a filter rather than the path. */
const listSchema = listEvidenceSchema.extend({ action: z.uuid().optional() });

const REASON_ERROR = 'Enter a reason of 3 to 500 characters';

/** What was done, for the notice on the evidence's page after a change. */
const DONE = {
  quarantined: 'The evidence is quarantined. Nobody can download it until it is released.',
  released: 'The evidence is released. It can be downloaded again.',
  erased: 'The evidence is erased. Its file name, address and content are gone for good.',
} as const;

/**
 * Evidence: the admin API's evidence routes as pages: every action's evidence in one list (or one action's),
 * a piece's page, the download (audited, as from the API), quarantine, release and erasure with a reason.
 */
@ConsoleController('evidence')
export class ConsoleEvidenceController {
  constructor(
    private readonly evidence: EvidenceAdminService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  @Owns('action', 'query', 'action')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { action, ...query } = consoleQuery(listSchema, raw);
    const [page, actions] = await Promise.all([
      this.evidence.listAcrossActions(caller.partnershipId, action, query),
      this.evidence.actionsWithEvidence(caller.partnershipId),
    ]);
    this.pages.send(res, 'evidence/list', { page, actions, query: { ...query, action } });
  }

  @Get(':id')
  @Owns('evidence', 'params', 'id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.showEvidence(caller, id, res, 'evidence/show', {
      done: typeof done === 'string' && done in DONE ? DONE[done as keyof typeof DONE] : '',
    });
  }

  /** The file as the lead sent it, through the API's own download (never cached, always an attachment). */
  @Get(':id/download')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('evidence', 'params', 'id')
  async download(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return fileDownload(res, await this.evidence.content(caller, id));
  }

  @Get(':id/quarantine')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('evidence', 'params', 'id')
  async confirmQuarantine(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.showEvidence(caller, id, res, 'evidence/quarantine', {
      reason: '',
      errors: {},
      errorList: [],
    });
  }

  @Post(':id/quarantine')
  @Owns('evidence', 'params', 'id')
  async quarantine(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const parsed = quarantineEvidenceSchema.safeParse({ reason });
    if (!parsed.success) return this.reasonRefused(caller, id, res, 'evidence/quarantine', reason);
    await this.change(caller, id, res, 'quarantined', () =>
      this.evidence.quarantine(caller, id, parsed.data),
    );
  }

  @Post(':id/release')
  @Owns('evidence', 'params', 'id')
  async release(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.change(caller, id, res, 'released', () => this.evidence.release(caller, id));
  }

  /** The confirmation page: erasure cannot be undone, and needs a reason. */
  @Get(':id/erase')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('evidence', 'params', 'id')
  async confirmErase(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.showEvidence(caller, id, res, 'evidence/erase', { reason: '', errors: {}, errorList: [] });
  }

  @Post(':id/erase')
  @Owns('evidence', 'params', 'id')
  async erase(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const parsed = eraseEvidenceSchema.safeParse({ reason });
    if (!parsed.success) return this.reasonRefused(caller, id, res, 'evidence/erase', reason);
    await this.change(caller, id, res, 'erased', () => this.evidence.erase(caller, id, parsed.data));
  }

  /** Makes the change, then shows the evidence with what was done; the service's refusal is shown on its page. */
  private async change(
    caller: Caller,
    id: string,
    res: Response,
    done: keyof typeof DONE,
    apply: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await apply();
    } catch (error) {
      if (!(error instanceof ConflictException || error instanceof GoneException)) throw error;
      const text = `${error.message}. Nothing was changed.`;
      return this.showEvidence(
        caller,
        id,
        res,
        'evidence/show',
        { done: '', errorList: [{ text, href: '#evidence' }] },
        error.getStatus(),
      );
    }
    res.redirect(303, `/console/evidence/${id}?done=${done}`);
  }

  private reasonRefused(caller: Caller, id: string, res: Response, view: string, reason: string) {
    return this.showEvidence(
      caller,
      id,
      res,
      view,
      { reason, errors: { reason: REASON_ERROR }, errorList: [{ text: REASON_ERROR, href: '#reason' }] },
      400,
    );
  }

  private async showEvidence(
    caller: Caller,
    id: string,
    res: Response,
    view: string,
    context: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    const item = await this.evidence.one(caller.partnershipId, id);
    this.pages.send(res, view, { item, ...context }, status);
  }
}
