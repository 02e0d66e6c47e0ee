import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import type { KpiValue } from '@waymark/db';
import { type KpiStatus, kpiStatus, ragFor } from '@waymark/kpi';
import { KpiRecord, numberOrNull, periodRecords, ragRuleOf } from '@waymark/kpis';

const revisionView = (row: KpiValue) => ({
  revision: row.revision,
  value: numberOrNull(row.value),
  status: row.status,
  source: row.source,
  note: row.note,
  reason: row.reason,
  exceptional: row.exceptional,
  seriesBreak: row.seriesBreak,
  conflict: row.conflict,
  enteredBy: row.enteredBy,
  channel: row.channel,
  recordedAt: row.createdAt.toISOString(),
});

/** The admin API's shape of a KPI: its definition, status as of now and, with `series`, every period. */
export function presentKpi(kpi: KpiRecord, asOf: Date, options: { series: boolean }) {
  const rule = ragRuleOf(kpi);
  const targets = new Map(kpi.targets.map((t) => [t.periodKey, t.value.toNumber()]));
  const records = [...periodRecords(kpi.values).values()].sort(
    (a, b) =>
      kpiPeriod(a.periodKey, kpi.frequency).lastMonth - kpiPeriod(b.periodKey, kpi.frequency).lastMonth,
  );
  const baseline =
    kpi.baselinePeriod && kpi.baselineValue
      ? { periodKey: kpi.baselinePeriod, value: kpi.baselineValue.toNumber() }
      : null;
  const status: KpiStatus = kpiStatus({
    frequency: kpi.frequency,
    cadence: kpi.entryCadence,
    direction: kpi.direction,
    rag: rule,
    baseline,
    targets,
    series: records.flatMap((r) =>
      r.accepted
        ? [
            {
              periodKey: r.periodKey,
              value: numberOrNull(r.accepted.value),
              exceptional: r.accepted.exceptional,
              seriesBreak: r.accepted.seriesBreak,
            },
          ]
        : [],
    ),
    asOf,
  });
  return {
    id: kpi.id,
    partnershipId: kpi.partnershipId,
    strategyId: kpi.strategyId,
    code: kpi.code,
    name: kpi.name,
    description: kpi.description,
    unit: kpi.unit,
    direction: kpi.direction,
    frequency: kpi.frequency,
    entryCadence: kpi.entryCadence,
    derived: kpi.formula !== null,
    formula: kpi.formula,
    source: kpi.source,
    baseline,
    rag: rule,
    jumpTolerance: kpi.jumpTolerance.toNumber(),
    dataOwner: kpi.dataOwner && {
      contactId: kpi.dataOwner.id,
      name: kpi.dataOwner.name,
      email: kpi.dataOwner.email,
      organisation: kpi.dataOwner.organisation?.name ?? null,
    },
    targets: kpi.targets.map((t) => ({ periodKey: t.periodKey, value: t.value.toNumber() })),
    inputs: kpi.inputs.map((i) => i.input.code),
    usedBy: kpi.usedBy.map((u) => u.derived.code),
    actions: kpi.actions.map((a) => a.action),
    outcomes: kpi.outcomes.map((o) => o.outcome),
    status: { ...status, asOf: asOf.toISOString() },
    ...(options.series && {
      series: records.map((record) => {
        const accepted = record.accepted;
        const value = accepted ? numberOrNull(accepted.value) : null;
        const target = targets.get(record.periodKey) ?? null;
        return {
          periodKey: record.periodKey,
          periodLabel: kpiPeriodLabel(kpiPeriod(record.periodKey, kpi.frequency)),
          value,
          missing: value === null,
          target,
          rag: ragFor(rule, kpi.direction, value, target),
          current: accepted ? revisionView(accepted) : null,
          conflict: record.openConflict ? revisionView(record.openConflict) : null,
          revisions: record.revisions.map(revisionView),
        };
      }),
    }),
  };
}

export type KpiView = ReturnType<typeof presentKpi>;
