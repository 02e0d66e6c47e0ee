import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, AuditedWrites, callerActor, fieldError } from '@waymark/audit';
import { cadenceFits } from '@waymark/calendar';
import { DefineKpi, ListKpis, ReferenceFigureInput, UpdateKpi } from '@waymark/contracts';
import { Kpi, Page, Prisma, PrismaService, isUniqueViolation, paginate } from '@waymark/db';
import { KpiGraphError, parseFormula } from '@waymark/kpi';
import { z } from 'zod';
import { KpiLedger, numberOrNull } from './kpi-ledger';
import { ragColumns, ragRuleOf } from './kpi-rag';

const kpiRecord = {
  dataOwner: { select: { id: true, name: true, email: true, organisation: { select: { name: true } } } },
  targets: { orderBy: { periodKey: 'asc' } },
  values: true,
  inputs: { select: { input: { select: { id: true, code: true } } } },
  usedBy: { select: { derived: { select: { id: true, code: true } } } },
  actions: { select: { action: { select: { id: true, ref: true, title: true } } } },
  outcomes: { select: { outcome: { select: { id: true, text: true } } } },
} satisfies Prisma.KpiInclude;

export type KpiRecord = Prisma.KpiGetPayload<{ include: typeof kpiRecord }>;

const refused = (field: string, message: string) =>
  new UnprocessableEntityException({ message, errors: [{ field, message }] });

/**
 * KPI definitions as coordinators keep them: define, change, read with their series, the dependency
 * graph, and the reference figures formulas use. A formula is checked against the partnership's other
 * KPIs inside the transaction that saves it (a cycle rolls the change back), and the derived values
 * are recomputed in the same transaction.
 */
@Injectable()
export class KpisService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly writes: AuditedWrites,
  ) {}

  async define(caller: Caller, input: DefineKpi): Promise<KpiRecord> {
    const { partnershipId } = caller;
    await this.checkReferences(partnershipId, input);
    if (input.strategyId) {
      const strategy = await this.prisma.strategy.findFirst({
        where: { id: input.strategyId, partnershipId },
      });
      if (!strategy) throw refused('strategyId', 'No such strategy in this partnership');
    }
    try {
      const id = await this.prisma.$transaction(
        async (tx) => {
          const kpi = await tx.kpi.create({
            data: {
              partnershipId,
              strategyId: input.strategyId,
              code: input.code,
              name: input.name,
              description: input.description,
              unit: input.unit,
              direction: input.direction,
              frequency: input.frequency,
              baselineValue: input.baseline?.value ?? null,
              baselinePeriod: input.baseline?.periodKey ?? null,
              ...ragColumns(input.rag),
              jumpTolerance: input.jumpTolerance,
              entryCadence: input.entryCadence,
              dataOwnerContactId: input.dataOwnerContactId,
              source: input.source,
              formula: input.formula,
              targets: { create: lastTargetPerPeriod(input.targets) },
              actions: { create: input.actionIds.map((actionId) => ({ actionId })) },
              outcomes: { create: input.outcomeIds.map((outcomeId) => ({ outcomeId })) },
            },
          });
          await this.saveFormula(tx, kpi);
          await this.audit.record(
            {
              partnershipId,
              actor: callerActor(caller),
              event: 'kpi.defined',
              entityType: 'Kpi',
              entityId: kpi.id,
              channel: 'api',
              after: { ...input },
            },
            tx,
          );
          return kpi.id;
        },
        { maxWait: 10_000, timeout: 60_000 },
      );
      return this.get(id);
    } catch (error) {
      if (isUniqueViolation(error, 'code')) {
        throw new ConflictException({
          message: `A KPI with code ${input.code} already exists in this partnership`,
          errors: [
            { field: 'code', message: `A KPI with code ${input.code} already exists in this partnership` },
          ],
        });
      }
      throw error;
    }
  }

  async update(caller: Caller, id: string, patch: UpdateKpi): Promise<KpiRecord> {
    const existing = await this.getIn(caller.partnershipId, id);
    await this.checkReferences(existing.partnershipId, patch);
    if (patch.entryCadence && !cadenceFits(existing.frequency, patch.entryCadence))
      throw new UnprocessableEntityException(
        fieldError(
          'entryCadence',
          'Only a monthly or rolling 12-month KPI can be entered yearly or quarterly',
        ),
      );
    if (patch.formula !== undefined && existing.formula === null) {
      throw refused('formula', `${existing.code} is entered, not derived: define a new derived KPI instead`);
    }
    if (patch.formula === null) {
      throw refused('formula', `${existing.code} is derived: its formula can change but not be removed`);
    }
    const { baseline, targets, rag, formula, ...plain } = patch;
    await this.prisma.$transaction(
      async (tx) => {
        const kpi = await tx.kpi.update({
          where: { id },
          data: {
            ...plain,
            ...(baseline !== undefined && {
              baselineValue: baseline?.value ?? null,
              baselinePeriod: baseline?.periodKey ?? null,
            }),
            ...(rag && ragColumns(rag)),
            ...(formula && { formula }),
          },
        });
        for (const target of lastTargetPerPeriod(targets ?? [])) {
          await tx.kpiTarget.upsert({
            where: { kpiId_periodKey: { kpiId: id, periodKey: target.periodKey } },
            create: { kpiId: id, ...target },
            update: { value: target.value },
          });
        }
        if (formula) await this.saveFormula(tx, kpi);
        await this.audit.record(
          {
            partnershipId: existing.partnershipId,
            actor: callerActor(caller),
            event: 'kpi.changed',
            entityType: 'Kpi',
            entityId: id,
            channel: 'api',
            before: Object.fromEntries(Object.keys(patch).map((k) => [k, describe(existing, k)])),
            after: patch,
          },
          tx,
        );
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
    return this.get(id);
  }

  /** Checks a derived KPI's formula against the partnership's graph, keeps its edges, recomputes it. */
  private async saveFormula(tx: Prisma.TransactionClient, kpi: Kpi): Promise<void> {
    if (!kpi.formula) return;
    let ledger: KpiLedger;
    try {
      ledger = await KpiLedger.open(tx, this.audit, kpi.partnershipId);
    } catch (error) {
      if (error instanceof KpiGraphError) throw refused('formula', error.message);
      throw error;
    }
    await tx.kpiInput.deleteMany({ where: { derivedKpiId: kpi.id } });
    await tx.kpiInput.createMany({
      data: parseFormula(kpi.formula).kpiCodes.map((code) => ({
        derivedKpiId: kpi.id,
        inputKpiId: (ledger.kpis.get(code) as Kpi).id,
      })),
    });
    await ledger.recompute('all');
  }

  private async checkReferences(
    partnershipId: string,
    input: { dataOwnerContactId?: string | null; actionIds?: string[]; outcomeIds?: string[] },
  ): Promise<void> {
    const partnership = await this.prisma.partnership.findUnique({ where: { id: partnershipId } });
    if (!partnership) throw refused('partnershipId', 'No such partnership');
    if (input.dataOwnerContactId) {
      const owner = await this.prisma.contact.findFirst({
        where: { id: input.dataOwnerContactId, partnershipId, archivedAt: null },
      });
      if (!owner) throw refused('dataOwnerContactId', 'No such contact in this partnership');
    }
    const actionIds = [...new Set(input.actionIds ?? [])];
    if (
      (await this.prisma.action.count({ where: { id: { in: actionIds }, partnershipId } })) < actionIds.length
    ) {
      throw refused('actionIds', 'Every linked action must belong to this partnership');
    }
    const outcomeIds = [...new Set(input.outcomeIds ?? [])];
    const outcomes = await this.prisma.outcome.count({
      where: { id: { in: outcomeIds }, priority: { strategy: { partnershipId } } },
    });
    if (outcomes < outcomeIds.length)
      throw refused('outcomeIds', 'Every linked outcome must belong to this partnership');
  }

  async get(id: string): Promise<KpiRecord> {
    const kpi = await this.prisma.kpi.findUnique({ where: { id }, include: kpiRecord });
    if (!kpi) throw new NotFoundException(`No KPI ${id}`);
    return kpi;
  }

  async list(partnershipId: string): Promise<KpiRecord[]> {
    return this.prisma.kpi.findMany({
      where: { partnershipId, archivedAt: null },
      include: kpiRecord,
      orderBy: { code: 'asc' },
    });
  }

  /** A KPI of the caller's partnership; another partnership's is as missing as one that never was. */
  async getIn(partnershipId: string, id: string): Promise<KpiRecord> {
    const kpi = await this.prisma.kpi.findFirst({ where: { id, partnershipId }, include: kpiRecord });
    if (!kpi) throw new NotFoundException(`No KPI ${id}`);
    return kpi;
  }

  /** Filtered, sorted, paged KPI definitions (the admin list; `list` is the whole set for the API today). */
  listPage(partnershipId: string, query: ListKpis): Promise<Page<KpiRecord>> {
    const where: Prisma.KpiWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.strategyId ? { strategyId: query.strategyId } : {}),
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.frequency ? { frequency: query.frequency } : {}),
      ...(query.dataOwnerContactId ? { dataOwnerContactId: query.dataOwnerContactId } : {}),
      ...(query.derived === undefined ? {} : { formula: query.derived ? { not: null } : null }),
      ...(query.q
        ? {
            OR: [
              { code: { contains: query.q, mode: 'insensitive' } },
              { name: { contains: query.q, mode: 'insensitive' } },
            ],
          }
        : {}),
    };
    return paginate((args) => this.prisma.kpi.findMany({ ...args, include: kpiRecord }), where, query);
  }

  /** Archives a KPI no live derived KPI uses; its values and revisions are kept. */
  async archive(caller: Caller, id: string): Promise<KpiRecord> {
    const { partnershipId } = caller;
    const before = await this.getIn(partnershipId, id);
    const users = await this.prisma.kpi.findMany({
      where: { archivedAt: null, inputs: { some: { inputKpiId: id } } },
      select: { code: true },
    });
    if (users.length > 0) {
      throw new ConflictException(
        fieldError(
          'id',
          `${before.code} is an input of ${users.map((u) => u.code).join(', ')}: archive those first`,
        ),
      );
    }
    await this.writes.archive(
      {
        partnershipId,
        actor: callerActor(caller),
        event: 'kpi.archived',
        entityType: 'Kpi',
        conflict: { field: 'code', message: `A KPI coded ${before.code} already exists` },
      },
      before,
      (tx, data) => tx.kpi.update({ where: { id }, data, include: kpiRecord }),
    );
    return this.getIn(partnershipId, id);
  }

  /** The partnership's KPIs as a graph: an edge from each input to the KPI derived from it. */
  async graph(partnershipId: string) {
    const kpis = await this.prisma.kpi.findMany({
      where: { partnershipId, archivedAt: null },
      select: {
        code: true,
        name: true,
        unit: true,
        frequency: true,
        formula: true,
        inputs: { select: { input: { select: { code: true } } } },
      },
      orderBy: { code: 'asc' },
    });
    return {
      nodes: kpis.map((k) => ({
        code: k.code,
        name: k.name,
        unit: k.unit,
        frequency: k.frequency,
        derived: k.formula !== null,
        formula: k.formula,
        references: k.formula ? parseFormula(k.formula).referenceCodes : [],
      })),
      edges: kpis.flatMap((k) => k.inputs.map((i) => ({ from: i.input.code, to: k.code }))),
    };
  }

  /**
   * Who entered a KPI's figures, by the `enteredBy` its value rows keep: the partnership's users (coordinators,
   * through the API or the console) and contacts (data owners, leads) by name. A computed figure's `formula`
   * and anything not found are left out.
   */
  async enteredByNames(partnershipId: string, ids: string[]): Promise<Record<string, string>> {
    const uuids = [...new Set(ids)].filter((id) => z.uuid().safeParse(id).success);
    const where = { id: { in: uuids }, partnershipId };
    const select = { id: true, name: true };
    const [users, contacts] = await Promise.all([
      this.prisma.user.findMany({ where, select }),
      this.prisma.contact.findMany({ where, select }),
    ]);
    return Object.fromEntries([...users, ...contacts].map((who) => [who.id, who.name]));
  }

  /** The partnership's reference figures (e.g. each year's population), by code and period. */
  referenceFigures(partnershipId: string) {
    return this.prisma.referenceFigure.findMany({
      where: { partnershipId },
      orderBy: [{ code: 'asc' }, { periodKey: 'asc' }],
    });
  }

  /** Sets a reference figure (e.g. a year's population) and recomputes the KPIs that use it. */
  async setReferenceFigure(caller: Caller, input: ReferenceFigureInput) {
    const { partnershipId } = caller;
    return this.prisma.$transaction(
      async (tx) => {
        const ledger = await KpiLedger.open(tx, this.audit, partnershipId);
        const key = { partnershipId, code: input.code, periodKey: input.periodKey };
        const before = await tx.referenceFigure.findUnique({ where: { partnershipId_code_periodKey: key } });
        const figure = await tx.referenceFigure.upsert({
          where: { partnershipId_code_periodKey: key },
          create: { ...key, value: input.value, source: input.source, note: input.note },
          update: { value: input.value, source: input.source, note: input.note ?? null },
        });
        await this.audit.record(
          {
            partnershipId,
            actor: callerActor(caller),
            event: 'reference-figure.set',
            entityType: 'ReferenceFigure',
            entityId: figure.id,
            channel: 'api',
            before: before && { value: before.value.toNumber(), source: before.source },
            after: { code: input.code, periodKey: input.periodKey, value: input.value, source: input.source },
          },
          tx,
        );
        ledger.references.set(input.code, input.periodKey, input.value);
        const recomputed = await ledger.recompute([
          { kind: 'reference', code: input.code, periodKey: input.periodKey },
        ]);
        return {
          id: figure.id,
          code: figure.code,
          periodKey: figure.periodKey,
          value: figure.value.toNumber(),
          source: figure.source,
          note: figure.note,
          recomputed: recomputed.map((r) => ({
            code: r.code,
            periodKey: r.periodKey,
            decision: r.decision,
            value: r.value.value,
          })),
        };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  }
}

/** A target given twice for one period: the later one counts. */
function lastTargetPerPeriod(targets: { periodKey: string; value: number }[]) {
  return [...new Map(targets.map((t) => [t.periodKey, t])).values()];
}

function describe(kpi: KpiRecord, field: string): unknown {
  switch (field) {
    case 'baseline':
      return kpi.baselinePeriod
        ? { periodKey: kpi.baselinePeriod, value: numberOrNull(kpi.baselineValue) }
        : null;
    case 'targets':
      return kpi.targets.map((t) => ({ periodKey: t.periodKey, value: t.value.toNumber() }));
    case 'rag':
      return ragRuleOf(kpi);
    default:
      return (kpi as unknown as Record<string, unknown>)[field];
  }
}
