import type { Kpi } from '@waymark/db';
import type { RagRule } from '@waymark/kpi';
import { numberOrNull } from './kpi-ledger';

/** The columns of a KPI row that hold its RAG rule. */
export type RagRuleColumns = Pick<
  Kpi,
  'ragRule' | 'ragTolerance' | 'greenMin' | 'greenMax' | 'amberMin' | 'amberMax'
>;

/** The RAG rule a KPI row holds. */
export function ragRuleOf(kpi: RagRuleColumns): RagRule {
  switch (kpi.ragRule) {
    case 'TOLERANCE':
      return { kind: 'TOLERANCE', tolerance: numberOrNull(kpi.ragTolerance) ?? 0 };
    case 'THRESHOLDS':
      return {
        kind: 'THRESHOLDS',
        green: { min: numberOrNull(kpi.greenMin), max: numberOrNull(kpi.greenMax) },
        amber: { min: numberOrNull(kpi.amberMin), max: numberOrNull(kpi.amberMax) },
      };
    case 'NONE':
      return { kind: 'NONE' };
  }
}

/** The columns that hold a RAG rule. */
export function ragColumns(rule: RagRule) {
  return {
    ragRule: rule.kind,
    ragTolerance: rule.kind === 'TOLERANCE' ? rule.tolerance : null,
    greenMin: rule.kind === 'THRESHOLDS' ? rule.green.min : null,
    greenMax: rule.kind === 'THRESHOLDS' ? rule.green.max : null,
    amberMin: rule.kind === 'THRESHOLDS' ? rule.amber.min : null,
    amberMax: rule.kind === 'THRESHOLDS' ? rule.amber.max : null,
  };
}
