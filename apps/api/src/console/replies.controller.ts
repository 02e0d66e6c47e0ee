import { Body, ConflictException, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns, Roles } from '@waymark/access';
import { listTriageSchema, resolveTriageSchema } from '@waymark/contracts';
import { InboundTriage } from '@waymark/inbound-mail';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';
import { consoleQuery } from './console-query';

/** Why a reply is in the list, in plain English (the outcome and how it found its request). */
const WHY = {
  NOT_UNDERSTOOD: 'Could not be read',
  UNKNOWN: 'Not from the person asked',
} as const;

const MATCHED_BY: Record<string, string> = {
  'reply-address': "the request email's reply address",
  token: 'the secure link quoted in it (not sent to the reply address)',
  thread: 'the email thread it belongs to (not sent to the reply address)',
};

/** How the reply reached Waymark (InboundMessage.receivedVia). */
const RECEIVED_VIA: Record<string, string> = {
  smtp: "Waymark's own mail listener",
  imap: 'the replies mailbox',
  webhook: "the mail provider's webhook",
};

const REQUEST_KINDS = {
  'action-update': 'Update on actions',
  'kpi-values': 'KPI figures',
  'provider-return': 'Safe accommodation figures for the annual return',
} as const;

/**
 * Replies needing attention: the triage list of the admin API (`/api/inbound/triage`) as pages. Not for board
 * viewers (it shows contacts' email addresses), as on the API.
 */
@Roles('ADMIN', 'COORDINATOR')
@ConsoleController('replies')
export class ConsoleRepliesController {
  constructor(
    private readonly triage: InboundTriage,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const query = consoleQuery(listTriageSchema, raw);
    const page = await this.triage.triage(caller.partnershipId, query);
    this.pages.send(res, 'replies/list', {
      page,
      query,
      why: WHY,
      resolved: typeof raw.resolved === 'string' ? raw.resolved : '',
    });
  }

  @Get(':id')
  @Owns('inboundMessage', 'params', 'id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.showReply(caller, id, res, 'replies/show');
  }

  /** The confirmation page: what happens when the reply is marked as dealt with, and a note for the record. */
  @Get(':id/resolve')
  @Owns('inboundMessage', 'params', 'id')
  async confirmResolve(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.showReply(caller, id, res, 'replies/resolve', { note: '', errors: {}, errorList: [] });
  }

  @Post(':id/resolve')
  @Owns('inboundMessage', 'params', 'id')
  async resolve(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const note = typeof body.note === 'string' ? body.note : '';
    const parsed = resolveTriageSchema.safeParse(note.trim() ? { note } : {});
    if (!parsed.success) {
      const text = 'The note must be 2,000 characters or fewer';
      return this.showReply(
        caller,
        id,
        res,
        'replies/resolve',
        { note, errors: { note: text }, errorList: [{ text, href: '#note' }] },
        400,
      );
    }
    try {
      await this.triage.resolve(caller, id, parsed.data);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      const text = 'Someone has already marked this reply as dealt with. Nothing was changed.';
      return this.showReply(caller, id, res, 'replies/show', { errorList: [{ text, href: '#status' }] }, 409);
    }
    res.redirect(303, `/console/replies?resolved=${id}`);
  }

  private async showReply(
    caller: Caller,
    id: string,
    res: Response,
    view: string,
    context: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    const reply = await this.triage.get(caller.partnershipId, id);
    this.pages.send(
      res,
      view,
      {
        reply,
        lines: linesRead(reply.fields),
        why: WHY,
        matchedBy: MATCHED_BY,
        receivedVia: RECEIVED_VIA,
        requestKinds: REQUEST_KINDS,
        ...context,
      },
      status,
    );
  }
}

/**
 * The `Field: value` lines kept with a reply, as the page lists them: by action ref for a lead's reply
 * (`{ ref: { field: value } }`), or one group for a data owner's (`{ field: value }`).
 */
function linesRead(fields: unknown): { heading: string | null; lines: [string, string][] }[] {
  if (!fields || typeof fields !== 'object') return [];
  const entries = Object.entries(fields as Record<string, unknown>);
  const flat = entries.filter(([, value]) => typeof value !== 'object' || value === null);
  const groups = entries.filter(([, value]) => typeof value === 'object' && value !== null);
  return [
    ...(flat.length
      ? [{ heading: null, lines: flat.map(([k, v]) => [k, String(v)] as [string, string]) }]
      : []),
    ...groups.map(([heading, value]) => ({
      heading,
      lines: Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => [k, String(v)] as [string, string],
      ),
    })),
  ].filter((group) => group.lines.length > 0);
}
