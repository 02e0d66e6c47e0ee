// Everything the worker registers. Workflow code only: deterministic, no I/O (see eslint.config.mjs).
export { actionWorkflow } from './action/action.workflow';
export { chaseWorkflow } from './chase/chase.workflow';
export * from './action/action.contract';
export * from './chase/chase.contract';
export { boardReportWorkflow } from './board-report/board-report.workflow';
export * from './board-report/board-report.contract';
export { kpiCollectionWorkflow } from './kpi/kpi-collection.workflow';
export * from './kpi/kpi-collection.contract';
export { kpiCollectionRoundWorkflow } from './kpi/kpi-collection-round.workflow';
export * from './kpi/kpi-collection-round.contract';
export { housekeepingWorkflow } from './housekeeping/housekeeping.workflow';
export * from './housekeeping/housekeeping.contract';
export { annualReturnWorkflow } from './annual-return/annual-return.workflow';
export * from './annual-return/annual-return.contract';
export { annualReturnRoundWorkflow } from './annual-return/annual-return-round.workflow';
export { strategyReviewWorkflow } from './strategy-review/strategy-review.workflow';
export * from './strategy-review/strategy-review.contract';
