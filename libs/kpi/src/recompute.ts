import {
  type KpiPeriod,
  financialYearKeyOf,
  kpiPeriod,
  kpiPeriodTiles,
  kpiPeriodsContaining,
  kpiPeriodsEndingWithin,
} from '@waymark/calendar';
import { type KpiDefinition, roundValue } from './definition';
import type { KpiGraph } from './graph';
import { FORMULA_SOURCE, type IncomingValue, type RecordedValue, decideRevision } from './revision';

/** Accepted values by KPI code and period key. */
export class KpiValueTable {
  private readonly byCode = new Map<string, Map<string, RecordedValue>>();

  get(code: string, periodKey: string): RecordedValue | undefined {
    return this.byCode.get(code)?.get(periodKey);
  }

  set(code: string, periodKey: string, value: RecordedValue): void {
    let periods = this.byCode.get(code);
    if (!periods) this.byCode.set(code, (periods = new Map()));
    periods.set(periodKey, value);
  }

  periodKeysOf(code: string): string[] {
    return [...(this.byCode.get(code)?.keys() ?? [])];
  }

  /**
   * The latest figure (not missing) the series has for a period ending before this one: the figure a new one
   * is compared with, whatever the cadence it is entered at.
   */
  figureBefore(code: string, period: KpiPeriod): { period: KpiPeriod; value: number } | undefined {
    let found: { period: KpiPeriod; value: number } | undefined;
    for (const [key, recorded] of this.byCode.get(code) ?? []) {
      const earlier = kpiPeriod(key, period.frequency);
      if (recorded.value === null || earlier.lastMonth >= period.lastMonth) continue;
      if (!found || earlier.lastMonth > found.period.lastMonth)
        found = { period: earlier, value: recorded.value };
    }
    return found;
  }
}

/**
 * Reference figures by code and period key (e.g. POPULATION for "2026-27"). A period uses the figure for
 * its own key or, failing that, for the financial year it ends in.
 */
export class ReferenceTable {
  private readonly byCode = new Map<string, Map<string, number>>();

  set(code: string, periodKey: string, value: number): void {
    let periods = this.byCode.get(code);
    if (!periods) this.byCode.set(code, (periods = new Map()));
    periods.set(periodKey, value);
  }

  for(code: string, period: KpiPeriod): number | undefined {
    const periods = this.byCode.get(code);
    return periods?.get(period.key) ?? periods?.get(financialYearKeyOf(period));
  }
}

/** What arrived: a KPI's value for a period, or a reference figure for a period. */
export type ChangedInput = { kind: 'kpi' | 'reference'; code: string; periodKey: string };

/** A derived KPI's newly computed value and what it does to the record (see decideRevision). */
export interface ComputedValue {
  code: string;
  periodKey: string;
  decision: 'new' | 'revision' | 'conflict';
  value: IncomingValue;
  before: number | null | undefined;
}

type Computation = { value: number; inputs: RecordedValue[] } | { missing: string; inputs: RecordedValue[] };

/** A derived KPI's value for one period from the accepted values of its inputs; missing when any is. */
export function computeDerived(
  definition: KpiDefinition,
  period: KpiPeriod,
  graph: KpiGraph,
  values: KpiValueTable,
  references: ReferenceTable,
): Computation {
  const formula = definition.formula;
  if (!formula) throw new Error(`${definition.code} has no formula`);
  const inputs: RecordedValue[] = [];
  const kpis = new Map<string, number>();
  for (const code of formula.kpiCodes) {
    const input = graph.get(code) as KpiDefinition;
    const tiles = input.frequency === period.frequency ? [period] : kpiPeriodTiles(period, input.frequency);
    if (!tiles) return { missing: `${period.key} is not made of whole periods of ${code}`, inputs };
    let total = 0;
    for (const tile of tiles) {
      const recorded = values.get(code, tile.key);
      if (!recorded || recorded.value === null)
        return { missing: `No value for ${code} in ${tile.key}`, inputs };
      inputs.push(recorded);
      total += recorded.value;
    }
    kpis.set(code, total);
  }
  const referenceValues = new Map<string, number>();
  for (const code of formula.referenceCodes) {
    const figure = references.for(code, period);
    if (figure === undefined) return { missing: `No reference figure ${code} for ${period.key}`, inputs };
    referenceValues.set(code, figure);
  }
  const result = formula.evaluate({ kpis, references: referenceValues });
  if (result === undefined) return { missing: 'The formula has no result (a division by zero)', inputs };
  return { value: roundValue(result), inputs };
}

/**
 * Recomputes only what depends on the inputs that changed: the derived KPIs downstream of them, for the
 * periods that contain the changed ones (a month feeds its quarter, its financial year and the twelve
 * rolling years around it). Works through the graph in topological order, so each value is computed
 * once, after its inputs. Updates `values` with what is accepted and returns every decision to record.
 */
export function recompute(
  graph: KpiGraph,
  values: KpiValueTable,
  references: ReferenceTable,
  changed: Iterable<ChangedInput>,
): ComputedValue[] {
  const dirty = new Map<string, Map<string, KpiPeriod>>();
  const markDependents = (code: string, period: KpiPeriod) => {
    for (const dependent of graph.dependentsOf(code)) markPeriods(dependent, period);
  };
  const markPeriods = (code: string, period: KpiPeriod) => {
    const frequency = (graph.get(code) as KpiDefinition).frequency;
    let periods = dirty.get(code);
    if (!periods) dirty.set(code, (periods = new Map()));
    for (const p of kpiPeriodsContaining(frequency, period)) periods.set(p.key, p);
  };
  for (const change of changed) {
    const period = kpiPeriod(change.periodKey);
    if (change.kind === 'kpi') {
      markDependents(change.code, period);
      continue;
    }
    // A reference figure serves its own period and, when it is a financial year's, every period ending in it.
    for (const user of graph.usersOfReference(change.code)) {
      const frequency = (graph.get(user) as KpiDefinition).frequency;
      let periods = dirty.get(user);
      if (!periods) dirty.set(user, (periods = new Map()));
      for (const p of kpiPeriodsEndingWithin(frequency, period.firstMonth, period.lastMonth))
        periods.set(p.key, p);
    }
  }

  const results: ComputedValue[] = [];
  for (const code of graph.order) {
    const periods = dirty.get(code);
    if (!periods) continue;
    const definition = graph.get(code) as KpiDefinition;
    for (const period of periods.values()) {
      const result = recomputeOne(definition, period, graph, values, references);
      if (!result) continue;
      results.push(result);
      if (result.decision !== 'conflict') markDependents(code, period);
    }
  }
  return results;
}

/** Recomputes every derived KPI for every period its inputs (or its own record) have values for. */
export function recomputeAll(
  graph: KpiGraph,
  values: KpiValueTable,
  references: ReferenceTable,
): ComputedValue[] {
  const results: ComputedValue[] = [];
  for (const code of graph.order) {
    const definition = graph.get(code) as KpiDefinition;
    if (!definition.formula) continue;
    const periods = new Map<string, KpiPeriod>();
    for (const key of values.periodKeysOf(code)) periods.set(key, kpiPeriod(key));
    for (const input of definition.formula.kpiCodes) {
      for (const key of values.periodKeysOf(input)) {
        for (const p of kpiPeriodsContaining(definition.frequency, kpiPeriod(key))) periods.set(p.key, p);
      }
    }
    for (const period of periods.values()) {
      const result = recomputeOne(definition, period, graph, values, references);
      if (result) results.push(result);
    }
  }
  return results;
}

function recomputeOne(
  definition: KpiDefinition,
  period: KpiPeriod,
  graph: KpiGraph,
  values: KpiValueTable,
  references: ReferenceTable,
): ComputedValue | undefined {
  const current = values.get(definition.code, period.key);
  const computed = computeDerived(definition, period, graph, values, references);
  if ('missing' in computed && (!current || current.source !== FORMULA_SOURCE)) {
    // Nothing to compute, and nothing computed before: a figure entered by hand (e.g. a published rate
    // whose inputs are not held) stands.
    return undefined;
  }
  const incoming: IncomingValue = {
    value: 'value' in computed ? computed.value : null,
    source: FORMULA_SOURCE,
    status: computed.inputs.every((i) => i.status === 'CONFIRMED') ? 'CONFIRMED' : 'PROVISIONAL',
    note: 'missing' in computed ? computed.missing : null,
    exceptional: computed.inputs.some((i) => i.exceptional),
    seriesBreak: computed.inputs.some((i) => i.seriesBreak),
    reason: 'Recomputed from its inputs',
    settles: false,
  };
  const decision = decideRevision(current, incoming);
  if (decision === 'unchanged' || decision === 'needs-reason') return undefined;
  applyDecision(values, definition.code, period.key, decision, incoming);
  return { code: definition.code, periodKey: period.key, decision, value: incoming, before: current?.value };
}

/**
 * Brings the table in step with a decision: a new value or a revision becomes the accepted value; a
 * conflict is remembered beside the accepted value, which stands.
 */
export function applyDecision(
  values: KpiValueTable,
  code: string,
  periodKey: string,
  decision: 'new' | 'revision' | 'conflict',
  incoming: IncomingValue,
): void {
  const { value, source, status, note, exceptional, seriesBreak } = incoming;
  const current = values.get(code, periodKey);
  if (decision === 'conflict' && current) {
    values.set(code, periodKey, { ...current, openConflict: { value, source } });
  } else {
    values.set(code, periodKey, {
      value,
      source,
      status,
      note,
      exceptional,
      seriesBreak,
      openConflict: null,
    });
  }
}
