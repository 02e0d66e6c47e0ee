import {
  Body,
  ConflictException,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns, WRITERS } from '@waymark/access';
import { ActionTimeline, ActionsService, TimelineEntry } from '@waymark/actions';
import {
  ACTION_STATUSES,
  RAGS,
  listActionsSchema,
  listContactsSchema,
  listOrganisationsSchema,
  listPrioritiesSchema,
  listStrategiesSchema,
} from '@waymark/contracts';
import { ContactsService, OrganisationsService } from '@waymark/partnerships';
import { formatUkDate } from '@waymark/templates';
import { PrioritiesService, StrategiesService } from '@waymark/strategies';
import { ActionWorkflowControls, asker } from '../actions/action-workflow-controls';
import { ActionView, presentAction } from '../actions/action.view';
import { CONTROLS, CONTROL_NAMES, ControlName, FormValues, readControl } from './action-controls.forms';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';
import { LABELS } from './labels';

/** A record's ID in the path: anything else is a page that does not exist. */
const id = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() });
const ALL = { limit: 100 };

/**
 * The action list (the admin API's filters, sorting and paging), an action's page (its timeline, its
 * workflow's live state) and its controls: each a form, then a check of what will happen, then the change
 * through the same ActionWorkflowControls as the admin API; a refusal is shown in the workflow's words.
 */
@ConsoleController('actions')
export class ConsoleActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly controls: ActionWorkflowControls,
    private readonly timeline: ActionTimeline,
    private readonly strategies: StrategiesService,
    private readonly priorities: PrioritiesService,
    private readonly organisations: OrganisationsService,
    private readonly contacts: ContactsService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    // A form sends every field: an empty one means "any".
    const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '' && v !== undefined));
    const parsed = listActionsSchema.safeParse(given);
    const filters = parsed.success ? parsed.data : listActionsSchema.parse({});
    const pid = caller.partnershipId;
    const [page, strategies, priorities, organisations] = await Promise.all([
      this.actions.list(pid, filters),
      this.strategies.list(pid, listStrategiesSchema.parse(ALL)),
      this.priorities.list(
        pid,
        listPrioritiesSchema.parse({
          ...ALL,
          ...(filters.strategyId ? { strategyId: filters.strategyId } : {}),
        }),
      ),
      this.organisations.list(pid, listOrganisationsSchema.parse(ALL)),
    ]);
    const { cursor: _cursor, ...withoutCursor } = given;
    const here = (extra: Record<string, string>) =>
      `/console/actions?${new URLSearchParams({ ...stringsOf(withoutCursor), ...extra }).toString()}`;
    this.pages.send(
      res,
      'actions/list',
      {
        title: 'Actions',
        width: 'full',
        errorList: parsed.success
          ? []
          : [{ text: 'Some filters could not be read, so they are not applied' }],
        filters: {
          ...filters,
          status: filters.status ?? [],
          rag: filters.rag ?? [],
          strategyId: filters.strategyId ?? '',
          priorityId: filters.priorityId ?? '',
          leadOrganisationId: filters.leadOrganisationId ?? '',
          overdue: filters.overdue ?? false,
          stale: filters.stale ?? false,
        },
        options: {
          strategies: strategies.items.map((s) => ({ value: s.id, text: s.title })),
          priorities: priorities.items.map((p) => ({ value: p.id, text: `${p.ref} ${p.title}` })),
          organisations: organisations.items.map((o) => ({ value: o.id, text: o.name })),
          statuses: ACTION_STATUSES.map((value) => ({ value, text: LABELS.status[value] })),
          rags: RAGS.map((value) => ({ value, text: LABELS.rag[value] })),
        },
        actions: page.items.map((action) => presentAction(action)),
        nextPage: page.nextCursor ? here({ cursor: page.nextCursor }) : null,
        firstPage: filters.cursor ? here({}) : null,
        labels: LABELS,
      },
      parsed.success ? 200 : 400,
    );
  }

  @Get(':id')
  @Owns('action', 'params', 'id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', id) actionId: string,
    @Query('done') done: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const action = await this.view(caller, actionId);
    const entries = await this.timeline.of(caller.partnershipId, actionId);
    this.pages.send(res, 'actions/show', {
      title: `${action.ref} ${action.title}`,
      action,
      timeline: entries.map(describe).reverse(),
      pending: pendingProposal(entries),
      controls: WRITERS.includes(caller.role) ? availableControls(action, entries) : [],
      done: CONTROL_NAMES.includes(done as ControlName) ? CONTROLS[done as ControlName].done : null,
      controlTitles: Object.fromEntries(CONTROL_NAMES.map((name) => [name, CONTROLS[name].title])),
      labels: LABELS,
    });
  }

  @Get(':id/:control')
  @Owns('action', 'params', 'id')
  async form(
    @CurrentCaller() caller: Caller,
    @Param('id', id) actionId: string,
    @Param('control') control: string,
    @Res() res: Response,
  ): Promise<void> {
    const name = controlName(control);
    await this.sendForm(res, caller, actionId, name, {}, {});
  }

  @Post(':id/:control')
  @Owns('action', 'params', 'id')
  async submit(
    @CurrentCaller() caller: Caller,
    @Param('id', id) actionId: string,
    @Param('control') control: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const name = controlName(control);
    const values: FormValues = Object.fromEntries(
      CONTROLS[name].fields.map((f) => [f, typeof body[f] === 'string' ? body[f] : '']),
    );
    const entries = await this.timeline.of(caller.partnershipId, actionId);
    const read = readControl(name, values, pendingProposal(entries)?.id);
    if (!read.ok) return this.sendForm(res, caller, actionId, name, values, read.errors, 400);
    // A form with fields is checked first; a form without any was the confirmation itself.
    if (CONTROLS[name].fields.length > 0 && body.confirmed !== 'yes')
      return this.sendForm(res, caller, actionId, name, values, {}, 200, true);
    try {
      if (read.control.kind === 'nudge') await this.controls.nudge(caller, actionId);
      else await this.controls.apply(actionId, { ...read.control, caller: asker(caller) });
    } catch (error) {
      if (!(error instanceof ConflictException || error instanceof UnprocessableEntityException)) throw error;
      return this.sendForm(res, caller, actionId, name, values, {}, error.getStatus(), false, error.message);
    }
    res.redirect(303, `/console/actions/${actionId}?done=${name}`);
  }

  private async view(caller: Caller, actionId: string): Promise<ActionView> {
    return presentAction(
      await this.actions.getIn(caller.partnershipId, actionId),
      await this.controls.workflow(actionId),
    );
  }

  /** The control's form; with `checking`, the summary of what will happen and the confirm button. */
  private async sendForm(
    res: Response,
    caller: Caller,
    actionId: string,
    name: ControlName,
    values: FormValues,
    errors: Record<string, string>,
    status = 200,
    checking = false,
    refusal = '',
  ): Promise<void> {
    const action = await this.view(caller, actionId);
    const entries = await this.timeline.of(caller.partnershipId, actionId);
    const contacts =
      name === 'reassign'
        ? (await this.contacts.list(caller.partnershipId, listContactsSchema.parse(ALL))).items
        : [];
    const anchors: Record<string, string> = { dueDate: 'dueDate-day' };
    this.pages.send(
      res,
      'actions/control',
      {
        title: CONTROLS[name].title,
        name,
        spec: CONTROLS[name],
        action,
        pending: pendingProposal(entries),
        values: { reason: '', note: '', decision: '', leadContactId: '', ...values },
        contacts: contacts
          .filter((c) => c.id !== action.lead?.contactId)
          .map((c) => ({ value: c.id, text: `${c.name} (${c.email})`, name: c.name })),
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({
          text,
          href: `#${anchors[field] ?? field}`,
        })),
        checking,
        refusal,
        labels: LABELS,
      },
      status,
    );
  }
}

function controlName(value: string): ControlName {
  if (!CONTROL_NAMES.includes(value as ControlName)) throw new NotFoundException();
  return value as ControlName;
}

function stringsOf(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}

/** The latest update whose proposed date waits for a coordinator's decision. */
function pendingProposal(entries: TimelineEntry[]) {
  const pending = entries
    .flatMap((e) => (e.kind === 'update' ? [e.update] : []))
    .filter((u) => u.approvalState === 'PENDING' && u.proposedDueDate)
    .at(-1);
  return pending
    ? {
        id: pending.id,
        proposedDueDate: pending.proposedDueDate!.toISOString().slice(0, 10),
        reason: pending.proposedDueDateReason,
        submittedAt: pending.submittedAt,
      }
    : null;
}

/** The controls that fit the action as it stands (the workflow refuses any other, with its reason). */
function availableControls(action: ActionView, entries: TimelineEntry[]): ControlName[] {
  if (action.closedAt || action.archivedAt) return [];
  const paused = action.pausedAt !== null;
  return CONTROL_NAMES.filter((name) => {
    if (name === 'pause') return !paused;
    if (name === 'resume') return paused;
    if (name === 'nudge') return !paused && action.currentRequest?.state === 'OPEN';
    if (name === 'proposed-date') return pendingProposal(entries) !== null;
    return true;
  });
}

/** A timeline entry as the page shows it: when, what, and the lead's own words where they wrote any. */
function describe(entry: TimelineEntry) {
  if (entry.kind === 'update') {
    const u = entry.update;
    return {
      at: entry.at,
      title: `Update from the lead (${LABELS.channel[u.channel] ?? u.channel})`,
      lines: [
        `Status: ${LABELS.status[u.status] ?? u.status}`,
        ...(u.percentComplete !== null ? [`${u.percentComplete}% complete`] : []),
        ...(u.proposedDueDate
          ? [
              `Proposed a new date: ${formatUkDate(u.proposedDueDate)}${
                LABELS.approval[u.approvalState] ? ` (${LABELS.approval[u.approvalState]})` : ''
              }`,
            ]
          : []),
      ],
      words: [
        ...(u.commentary ? [{ label: 'Progress', text: u.commentary }] : []),
        ...(u.blockers ? [{ label: 'Blockers', text: u.blockers }] : []),
        ...(u.proposedDueDateReason ? [{ label: 'Why a new date', text: u.proposedDueDateReason }] : []),
      ],
    };
  }
  if (entry.kind === 'evidence') {
    const e = entry.evidence;
    const what = e.erasedAt
      ? 'Evidence (erased)'
      : e.kind === 'FILE'
        ? `Evidence file: ${e.fileName ?? 'unnamed'}`
        : `Evidence link: ${e.url ?? ''}`;
    return { at: entry.at, title: what, lines: e.quarantinedAt ? ['Quarantined'] : [], words: [] };
  }
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  if (typeof after.periodKey === 'string') lines.push(`Period: ${after.periodKey}`);
  // A date the control set (a changed or approved due date); creation's and edits' fields are not repeated.
  if (/due-date|proposed-date/.test(entry.event) && typeof after.dueDate === 'string')
    lines.push(`Due date: ${formatUkDate(after.dueDate)}`);
  for (const [key, label] of [
    ['reason', 'Reason'],
    ['note', 'Note'],
    ['closingNote', 'Note'],
  ] as const) {
    if (typeof after[key] === 'string' && after[key]) lines.push(`${label}: ${after[key] as string}`);
  }
  return { at: entry.at, title: LABELS.event[entry.event] ?? entry.event, lines, words: [] };
}
