import { kpiPeriod, kpiPeriodDates } from '@waymark/calendar';
import type { AuditActor, AuditLog } from '@waymark/audit';
import type { Kpi, KpiValue, Prisma } from '@waymark/db';
import {
  type ChangedInput,
  type ComputedValue,
  FORMULA_SOURCE,
  type IncomingValue,
  KpiGraph,
  KpiValueTable,
  type RecordedValue,
  ReferenceTable,
  kpiDefinition,
  recompute,
  applyDecision,
  recomputeAll,
} from '@waymark/kpi';

/** One period's rows of a KPI: every revision, the accepted one, and an open conflict if any. */
export interface PeriodRecord {
  periodKey: string;
  revisions: KpiValue[];
  accepted: KpiValue | undefined;
  openConflict: KpiValue | undefined;
}

/** Groups a KPI's value rows by period: the accepted value is the latest revision that is not a conflict. */
export function periodRecords(rows: KpiValue[]): Map<string, PeriodRecord> {
  const records = new Map<string, PeriodRecord>();
  for (const row of [...rows].sort((a, b) => a.revision - b.revision)) {
    let record = records.get(row.periodKey);
    if (!record) {
      record = { periodKey: row.periodKey, revisions: [], accepted: undefined, openConflict: undefined };
      records.set(row.periodKey, record);
    }
    record.revisions.push(row);
    if (row.conflict) record.openConflict = row;
    else {
      record.accepted = row;
      record.openConflict = undefined;
    }
  }
  return records;
}

export const numberOrNull = (value: Prisma.Decimal | null): number | null =>
  value === null ? null : value.toNumber();

export function recordedValue(row: KpiValue, openConflict?: KpiValue): RecordedValue {
  return {
    value: numberOrNull(row.value),
    source: row.source ?? '',
    status: row.status,
    note: row.note,
    exceptional: row.exceptional,
    seriesBreak: row.seriesBreak,
    openConflict: openConflict
      ? { value: numberOrNull(openConflict.value), source: openConflict.source ?? '' }
      : null,
  };
}

/**
 * The period holding the date a KPI's new series starts from (a strategy review carried it over as a new
 * series) is a break in series: not compared with the periods before.
 */
export function startsNewSeries(kpi: Pick<Kpi, 'seriesBreakFrom' | 'frequency'>, periodKey: string): boolean {
  if (!kpi.seriesBreakFrom) return false;
  const { first, last } = kpiPeriodDates(kpiPeriod(periodKey, kpi.frequency));
  const from = kpi.seriesBreakFrom.toISOString().slice(0, 10);
  return first <= from && from <= last;
}

export interface LedgerWrite {
  kpi: Kpi;
  periodKey: string;
  decision: 'new' | 'revision' | 'conflict';
  value: IncomingValue;
  enteredBy: string;
  channel: string;
  valueRequestId?: string | null;
}

/**
 * A partnership's KPIs, values and reference figures, loaded inside a transaction that holds the
 * partnership's KPI lock, so that concurrent entries recompute one after another on a consistent
 * picture. Writes go through here so that the in-memory tables and the rows stay in step.
 */
export class KpiLedger {
  private constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly audit: AuditLog,
    readonly partnershipId: string,
    readonly kpis: Map<string, Kpi>,
    readonly graph: KpiGraph,
    readonly values: KpiValueTable,
    readonly references: ReferenceTable,
    private readonly lastRevision: Map<string, number>,
  ) {}

  /**
   * Takes the partnership's KPI lock (until the transaction ends) and loads everything. Building the
   * graph checks every formula: a KpiGraphError here (a cycle, an unknown input) means the transaction's
   * own change to a definition is refused, and rolling back undoes it.
   */
  static async open(
    tx: Prisma.TransactionClient,
    audit: AuditLog,
    partnershipId: string,
  ): Promise<KpiLedger> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`kpis:${partnershipId}`}))`;
    const kpis = await tx.kpi.findMany({ where: { partnershipId, archivedAt: null } });
    const graph = new KpiGraph(kpis.map(kpiDefinition));
    const rows = await tx.kpiValue.findMany({ where: { kpiId: { in: kpis.map((k) => k.id) } } });
    const values = new KpiValueTable();
    const lastRevision = new Map<string, number>();
    const byId = new Map(kpis.map((k) => [k.id, k]));
    const rowsByKpi = new Map<string, KpiValue[]>();
    for (const row of rows) rowsByKpi.set(row.kpiId, [...(rowsByKpi.get(row.kpiId) ?? []), row]);
    for (const [kpiId, kpiRows] of rowsByKpi) {
      const code = (byId.get(kpiId) as Kpi).code;
      for (const record of periodRecords(kpiRows).values()) {
        lastRevision.set(`${kpiId}|${record.periodKey}`, (record.revisions.at(-1) as KpiValue).revision);
        if (record.accepted)
          values.set(code, record.periodKey, recordedValue(record.accepted, record.openConflict));
      }
    }
    const references = new ReferenceTable();
    for (const figure of await tx.referenceFigure.findMany({ where: { partnershipId } })) {
      references.set(figure.code, figure.periodKey, figure.value.toNumber());
    }
    return new KpiLedger(
      tx,
      audit,
      partnershipId,
      new Map(kpis.map((k) => [k.code, k])),
      graph,
      values,
      references,
      lastRevision,
    );
  }

  /** Records a value decided on for an entry: the table updated, then the row and its audit event. */
  async enter(entry: LedgerWrite, actor: AuditActor): Promise<KpiValue> {
    const before = this.values.get(entry.kpi.code, entry.periodKey);
    const seriesBreak = entry.value.seriesBreak || startsNewSeries(entry.kpi, entry.periodKey);
    const marked = { ...entry, value: { ...entry.value, seriesBreak } };
    applyDecision(this.values, entry.kpi.code, entry.periodKey, entry.decision, marked.value);
    return this.write(marked, actor, before?.value);
  }

  /** A new row (revision n + 1) and an audit event; the table is already up to date. */
  private async write(
    entry: LedgerWrite,
    actor: AuditActor,
    before: number | null | undefined,
  ): Promise<KpiValue> {
    const { kpi, periodKey, decision, value } = entry;
    const key = `${kpi.id}|${periodKey}`;
    const revision = (this.lastRevision.get(key) ?? 0) + 1;
    const dates = kpiPeriodDates(kpiPeriod(periodKey, kpi.frequency));
    const row = await this.tx.kpiValue.create({
      data: {
        kpiId: kpi.id,
        periodKey,
        periodStart: new Date(`${dates.first}T00:00:00Z`),
        periodEnd: new Date(`${dates.last}T00:00:00Z`),
        value: value.value,
        status: value.status,
        revision,
        note: value.note,
        reason: decision === 'new' ? null : value.reason,
        exceptional: value.exceptional,
        seriesBreak: value.seriesBreak || startsNewSeries(kpi, periodKey),
        conflict: decision === 'conflict',
        source: value.source,
        enteredBy: entry.enteredBy,
        channel: entry.channel,
        valueRequestId: entry.valueRequestId ?? null,
      },
    });
    this.lastRevision.set(key, revision);
    const event = { new: 'recorded', revision: 'revised', conflict: 'conflict-flagged' }[decision];
    await this.audit.record(
      {
        partnershipId: this.partnershipId,
        actor,
        event: `kpi-value.${event}`,
        entityType: 'Kpi',
        entityId: kpi.id,
        channel: entry.channel,
        before: before === undefined ? null : { periodKey, value: before },
        after: {
          periodKey,
          revision,
          value: value.value,
          source: value.source,
          status: value.status,
          reason: row.reason,
        },
      },
      this.tx,
    );
    return row;
  }

  /** Recomputes what depends on the changes (or everything), writes the results and returns them. */
  async recompute(changes: ChangedInput[] | 'all'): Promise<ComputedValue[]> {
    // recompute() brings the table up to date itself; the rows follow.
    const results =
      changes === 'all'
        ? recomputeAll(this.graph, this.values, this.references)
        : recompute(this.graph, this.values, this.references, changes);
    for (const result of results) {
      const kpi = this.kpis.get(result.code) as Kpi;
      await this.write(
        {
          kpi,
          periodKey: result.periodKey,
          decision: result.decision,
          value: result.value,
          enteredBy: FORMULA_SOURCE,
          channel: 'formula',
        },
        { type: 'SYSTEM', id: 'formula' },
        result.before,
      );
    }
    return results;
  }
}
