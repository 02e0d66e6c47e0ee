// Everything the worker registers. Workflow code only: deterministic, no I/O (see eslint.config.mjs).
export { actionWorkflow } from './action/action.workflow';
export * from './action/action.contract';
export { kpiCollectionWorkflow } from './kpi/kpi-collection.workflow';
export * from './kpi/kpi-collection.contract';
