import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditActor, AuditEntry, AuditLog, callerActor } from '@waymark/audit';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { ExistingAction, PlanChanges, PlanState, PlannedAction, planChanges } from './plan-changes';
import { ExportRow, buildPlanWorkbook } from './plan-export';
import { readPlanFile } from './plan-file';
import type { ImportReport, PlanMapping } from './plan-import.contract';
import { nextSteps } from './next-steps';
import { PlanSheet, describeColumns, readPlanSheet } from './plan-sheet';

export interface ImportProgress {
  stage: 'reading' | 'checking' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Report what would happen; write nothing. */
  dryRun?: boolean;
  mapping?: PlanMapping;
  onProgress?: (progress: ImportProgress) => void;
}

type Db = Prisma.TransactionClient | PrismaService;
type Strategy = { id: string; partnershipId: string; title: string; reportingCadence: string };

const SYSTEM: AuditActor = { type: 'SYSTEM' };

const actionWithLeads = {
  leadOrganisations: { select: { organisationId: true } },
} satisfies Prisma.ActionInclude;

/**
 * Imports a council's action plan spreadsheet into a strategy, and exports it again. Reading and checking
 * are pure (./plan-sheet, ./plan-changes); writing happens in one transaction, all or nothing, with an
 * audit event for every action created or changed.
 */
@Injectable()
export class PlanImportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  /** `caller` is who imports over the API; null from the command line (audited as SYSTEM). */
  async importPlan(
    caller: Caller | null,
    strategyId: string,
    content: Buffer,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const progress = options.onProgress ?? (() => undefined);
    const strategy = await this.strategy(strategyId);
    progress({ stage: 'reading', done: 0, total: 1 });
    const sheet = readPlanSheet(await readPlanFile(content), options.mapping);
    progress({ stage: 'checking', done: 0, total: sheet.rows.length });

    if (options.dryRun) {
      const state = await loadState(this.prisma, strategy);
      const changes = planChanges(sheet, state);
      progress({ stage: 'done', done: sheet.rows.length, total: sheet.rows.length });
      return report(strategy, sheet, state, changes, { dryRun: true, applied: false });
    }
    try {
      const result = await this.prisma.$transaction(
        async (tx) => {
          const state = await loadState(tx, strategy);
          const changes = planChanges(sheet, state);
          if (changes.rows.some((r) => r.outcome === 'error')) return { state, changes, applied: false };
          const who = { actor: caller ? callerActor(caller) : SYSTEM, channel: 'import' };
          await this.apply(tx, strategy, changes, who, progress);
          return { state, changes, applied: true };
        },
        { maxWait: 10_000, timeout: 120_000 },
      );
      progress({ stage: 'done', done: sheet.rows.length, total: sheet.rows.length });
      return report(strategy, sheet, result.state, result.changes, {
        dryRun: false,
        applied: result.applied,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException(
          'The plan was changed by someone else while it was being imported. Nothing was written: import it again.',
        );
      }
      throw error;
    }
  }

  /** The strategy's action plan as an .xlsx workbook in the layout the import reads. */
  async exportPlan(strategyId: string): Promise<{ fileName: string; content: Buffer }> {
    const strategy = await this.strategy(strategyId);
    const actions = await this.prisma.action.findMany({
      where: { strategyId, archivedAt: null },
      include: {
        priority: true,
        leadOrganisations: { include: { organisation: { select: { name: true } } } },
        leadContact: { select: { name: true, email: true } },
      },
    });
    const rows = actions
      .sort(
        (a, b) =>
          (a.priority?.position ?? Number.MAX_SAFE_INTEGER) -
            (b.priority?.position ?? Number.MAX_SAFE_INTEGER) ||
          (a.priority?.ref ?? '').localeCompare(b.priority?.ref ?? '', 'en', { numeric: true }) ||
          a.ref.localeCompare(b.ref, 'en', { numeric: true }),
      )
      .map((a): ExportRow => ({
        ref: a.ref,
        priority: a.priority ? `${a.priority.ref} ${a.priority.title}` : '',
        title: a.title,
        text: a.text,
        lead: a.leadText ?? a.leadOrganisations.map((l) => l.organisation.name).join(' / '),
        leadOfficer: a.leadContact ? `${a.leadContact.name} <${a.leadContact.email}>` : '',
        supporting: a.supportingText ?? '',
        // A start written inside the due cell ("(Start) April 2022 (Completion …)") stays there.
        startDate: a.startDateText && !a.dueDateText?.includes(a.startDateText) ? a.startDateText : '',
        dueDate: a.dueDateText ?? isoDate(a.dueDate) ?? '',
        measure: a.measureText ?? '',
      }));
    const content = await buildPlanWorkbook({ title: strategy.title, rows });
    const fileName = `${strategy.title.replace(/[^\w .-]+/g, '').trim() || 'Strategy'} action plan.xlsx`;
    return { fileName, content };
  }

  private async strategy(id: string): Promise<Strategy> {
    const strategy = await this.prisma.strategy.findUnique({
      where: { id },
      select: { id: true, partnershipId: true, title: true, reportingCadence: true, archivedAt: true },
    });
    if (!strategy) throw new NotFoundException(`No strategy ${id}`);
    if (strategy.archivedAt) throw new UnprocessableEntityException(`Strategy ${id} is archived`);
    return strategy;
  }

  private async apply(
    tx: Prisma.TransactionClient,
    strategy: Strategy,
    changes: PlanChanges,
    who: Pick<AuditEntry, 'actor' | 'channel'>,
    progress: (p: ImportProgress) => void,
  ): Promise<void> {
    const last = await tx.priority.aggregate({
      where: { strategyId: strategy.id },
      _max: { position: true },
    });
    let position = (last._max.position ?? 0) + 1;
    const newPriorityIds: string[] = [];
    for (const p of changes.newPriorities) {
      const priority = await tx.priority.create({
        data: { strategyId: strategy.id, ref: p.ref, title: p.title, position: position++ },
      });
      newPriorityIds.push(priority.id);
      await this.audit.record(
        {
          ...who,
          partnershipId: strategy.partnershipId,
          event: 'priority.created',
          entityType: 'Priority',
          entityId: priority.id,
          after: priority,
        },
        tx,
      );
    }
    const writes = changes.actions.filter((a) => a.kind !== 'unchanged');
    let done = 0;
    for (const planned of writes) {
      const fields = actionFields(planned, newPriorityIds);
      if (planned.kind === 'create') {
        const action = await tx.action.create({
          data: {
            ...fields,
            title: planned.data.title!,
            text: planned.data.text,
            ref: planned.ref,
            partnershipId: strategy.partnershipId,
            strategyId: strategy.id,
          },
        });
        await setLeads(tx, action.id, planned.leadOrganisationIds ?? []);
        planned.existingId = action.id;
        await this.audit.record(
          {
            ...who,
            partnershipId: strategy.partnershipId,
            event: 'action.created',
            entityType: 'Action',
            entityId: action.id,
            after: { ...action, leadOrganisationIds: planned.leadOrganisationIds ?? [] },
          },
          tx,
        );
      } else {
        const id = planned.existingId!;
        const before = await tx.action.findUniqueOrThrow({ where: { id }, include: actionWithLeads });
        const after = await tx.action.update({ where: { id }, data: fields });
        if (planned.leadOrganisationIds) await setLeads(tx, id, planned.leadOrganisationIds);
        await this.audit.record(
          {
            ...who,
            partnershipId: strategy.partnershipId,
            event: 'action.updated',
            entityType: 'Action',
            entityId: id,
            before: {
              ...before,
              leadOrganisations: undefined,
              leadOrganisationIds: before.leadOrganisations.map((l) => l.organisationId),
            },
            after: {
              ...after,
              leadOrganisationIds:
                planned.leadOrganisationIds ?? before.leadOrganisations.map((l) => l.organisationId),
              changes: planned.changes,
            },
          },
          tx,
        );
      }
      progress({ stage: 'writing', done: ++done, total: writes.length });
    }
  }
}

/** The columns of Action a planned row sets (those the sheet has). */
function actionFields(planned: PlannedAction, newPriorityIds: string[]) {
  const { data, priority } = planned;
  const fields: Prisma.ActionUncheckedUpdateInput = {};
  if (data.title !== undefined) fields.title = data.title;
  fields.text = data.text;
  if (data.leadText !== undefined) fields.leadText = data.leadText;
  if (planned.leadContactId !== undefined) fields.leadContactId = planned.leadContactId;
  if (data.supportingText !== undefined) fields.supportingText = data.supportingText;
  if (data.measureText !== undefined) fields.measureText = data.measureText;
  if (data.dueDate !== undefined) fields.dueDate = toDate(data.dueDate);
  if (data.dueDateText !== undefined) fields.dueDateText = data.dueDateText;
  if (data.dueDateParse !== undefined) fields.dueDateParse = data.dueDateParse;
  if (data.startDate !== undefined) fields.startDate = toDate(data.startDate);
  if (data.startDateText !== undefined) fields.startDateText = data.startDateText;
  if (priority !== undefined) {
    fields.priorityId =
      priority === null ? null : 'id' in priority ? priority.id : newPriorityIds[priority.newIndex];
  }
  return fields as Omit<
    Prisma.ActionUncheckedCreateInput,
    'partnershipId' | 'strategyId' | 'ref' | 'title' | 'text'
  >;
}

async function setLeads(
  tx: Prisma.TransactionClient,
  actionId: string,
  organisationIds: string[],
): Promise<void> {
  await tx.actionLeadOrganisation.deleteMany({ where: { actionId } });
  if (organisationIds.length > 0) {
    await tx.actionLeadOrganisation.createMany({
      data: organisationIds.map((organisationId) => ({ actionId, organisationId })),
    });
  }
}

async function loadState(db: Db, strategy: Strategy): Promise<PlanState> {
  const organisations = await db.organisation.findMany({
    where: { partnershipId: strategy.partnershipId, archivedAt: null },
    select: { id: true, name: true, aliases: true, defaultContactId: true },
  });
  const contacts = await db.contact.findMany({
    where: { partnershipId: strategy.partnershipId, archivedAt: null },
    select: { id: true, name: true, email: true, organisationId: true },
  });
  const priorities = await db.priority.findMany({
    where: { strategyId: strategy.id },
    select: { id: true, ref: true, title: true },
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
  });
  const actions = await db.action.findMany({ where: { strategyId: strategy.id }, include: actionWithLeads });
  return {
    organisations,
    contacts,
    priorities,
    actions: actions.map((a): ExistingAction => ({
      id: a.id,
      ref: a.ref,
      title: a.title,
      text: a.text,
      priorityId: a.priorityId,
      leadText: a.leadText,
      supportingText: a.supportingText,
      dueDate: isoDate(a.dueDate),
      dueDateText: a.dueDateText,
      dueDateParse: a.dueDateParse,
      startDate: isoDate(a.startDate),
      startDateText: a.startDateText,
      measureText: a.measureText,
      leadOrganisationIds: a.leadOrganisations.map((l) => l.organisationId),
      leadContactId: a.leadContactId,
      closed: !!a.archivedAt || !!a.closedAt || a.status === 'COMPLETE' || a.status === 'CANCELLED',
    })),
  };
}

function isoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

function toDate(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

function report(
  strategy: Strategy,
  sheet: PlanSheet,
  state: PlanState,
  changes: PlanChanges,
  outcome: { dryRun: boolean; applied: boolean },
): ImportReport {
  const count = (o: string) => changes.rows.filter((r) => r.outcome === o).length;
  const summary = {
    rows: changes.rows.filter((r) => r.outcome !== 'skipped').length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    errors: count('error'),
    skipped: count('skipped'),
    prioritiesCreated: changes.newPriorities.length,
    unknownLeads: changes.unknownLeads.length,
  };
  const ids = new Map(changes.actions.map((a) => [a.row, a.existingId]));
  const rows = changes.rows.map((r) => ({
    ...r,
    actionId: outcome.applied || r.outcome !== 'created' ? (ids.get(r.row) ?? r.actionId) : null,
  }));
  const counts = `${summary.created} to create, ${summary.updated} to update, ${summary.unchanged} unchanged, ${summary.skipped} skipped`;
  const message = outcome.dryRun
    ? `Dry run: ${counts}; ${summary.errors} row(s) with errors. Nothing was written.`
    : outcome.applied
      ? `Imported: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped.`
      : `Nothing was imported: ${summary.errors} row(s) have errors (see problems). Correct them, or remove those rows, and import again.`;
  return {
    columnsRead: describeColumns(sheet),
    strategyId: strategy.id,
    dryRun: outcome.dryRun,
    applied: outcome.applied,
    message,
    file: {
      kind: sheet.kind,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      headerRows: sheet.headerRows,
      refsDerived: changes.refsDerived,
    },
    columns: sheet.columns,
    summary,
    rows,
    problems: changes.problems,
    prioritiesCreated: changes.newPriorities.map(({ ref, title }) => ({ ref, title })),
    unknownLeads: changes.unknownLeads,
    next: { ...nextSteps(state, changes, strategy, outcome), startedChasing: outcome.applied ? false : null },
  };
}
