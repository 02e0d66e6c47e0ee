import type { KpiFrequencyKey } from '@waymark/calendar';
import { type ParsedFormula, parseFormula } from './formula';

export type KpiUnitKey = 'COUNT' | 'PERCENTAGE' | 'RATE_PER_1000' | 'MONEY' | 'DAYS';
export type KpiDirectionKey = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'NEUTRAL';
export type RagColour = 'RED' | 'AMBER' | 'GREEN';

/** A range of values; null means unbounded on that side. */
export interface Band {
  min: number | null;
  max: number | null;
}

/**
 * How a value is coloured. TOLERANCE compares it with the period's target: on or beyond the target is
 * green, short of it by no more than the tolerance (a fraction of the target) is amber. THRESHOLDS use
 * fixed bands whatever the target (e.g. SafeLives' 28-40% for a MARAC's repeat rate).
 */
export type RagRule =
  | { kind: 'TOLERANCE'; tolerance: number }
  | { kind: 'THRESHOLDS'; green: Band; amber: Band }
  | { kind: 'NONE' };

/** What the calculations need to know about a KPI. */
export interface KpiDefinition {
  code: string;
  unit: KpiUnitKey;
  frequency: KpiFrequencyKey;
  /** Derived KPIs only. */
  formula?: ParsedFormula | null;
}

/** Counts and money add up across periods (three months make a quarter); rates and percentages do not. */
export function isAdditive(unit: KpiUnitKey): boolean {
  return unit === 'COUNT' || unit === 'MONEY';
}

/** Values are kept to four decimal places (the database's precision); compare and store them so. */
export function roundValue(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** A KPI as stored (formula as text) → as calculated (formula parsed); throws FormulaError on a bad one. */
export function kpiDefinition(kpi: {
  code: string;
  unit: KpiUnitKey;
  frequency: KpiFrequencyKey;
  formula?: string | null;
}): KpiDefinition {
  return {
    code: kpi.code,
    unit: kpi.unit,
    frequency: kpi.frequency,
    formula: kpi.formula ? parseFormula(kpi.formula) : null,
  };
}
