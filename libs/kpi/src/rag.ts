import type { Band, KpiDirectionKey, RagColour, RagRule } from './definition';

const inBand = (band: Band, value: number) =>
  (band.min === null || value >= band.min) && (band.max === null || value <= band.max);

/**
 * The colour of a value. With TOLERANCE and a target t, tolerance f:
 * - higher is better: green from t up, amber from t − f·|t|, red below;
 * - lower is better: green up to t, amber up to t + f·|t|, red above;
 * - neutral: green within f·|t| of t, amber within 2f·|t|, red further off.
 * No colour without a value, or (for TOLERANCE) without a target.
 */
export function ragFor(
  rule: RagRule,
  direction: KpiDirectionKey,
  value: number | null,
  target: number | null,
): RagColour | null {
  if (value === null) return null;
  if (rule.kind === 'NONE') return null;
  if (rule.kind === 'THRESHOLDS') {
    if (inBand(rule.green, value)) return 'GREEN';
    return inBand(rule.amber, value) ? 'AMBER' : 'RED';
  }
  if (target === null) return null;
  const slack = rule.tolerance * Math.abs(target);
  switch (direction) {
    case 'HIGHER_IS_BETTER':
      return value >= target ? 'GREEN' : value >= target - slack ? 'AMBER' : 'RED';
    case 'LOWER_IS_BETTER':
      return value <= target ? 'GREEN' : value <= target + slack ? 'AMBER' : 'RED';
    case 'NEUTRAL': {
      const off = Math.abs(value - target);
      return off <= slack ? 'GREEN' : off <= 2 * slack ? 'AMBER' : 'RED';
    }
  }
}

/** A RAG rule's problems, if any: a tolerance of 0 or more; an amber band that contains the green one. */
export function ragRuleProblems(rule: RagRule): string[] {
  if (rule.kind === 'TOLERANCE') return rule.tolerance >= 0 ? [] : ['The tolerance must be 0 or more'];
  if (rule.kind === 'NONE') return [];
  const problems: string[] = [];
  for (const [name, band] of [
    ['green', rule.green],
    ['amber', rule.amber],
  ] as const) {
    if (band.min === null && band.max === null)
      problems.push(`The ${name} band needs a minimum or a maximum`);
    if (band.min !== null && band.max !== null && band.min > band.max) {
      problems.push(`The ${name} band's minimum is above its maximum`);
    }
  }
  const { green, amber } = rule;
  const lowContained = amber.min === null || (green.min !== null && amber.min <= green.min);
  const highContained = amber.max === null || (green.max !== null && amber.max >= green.max);
  if (!lowContained || !highContained) problems.push('The amber band must contain the green band');
  return problems;
}
