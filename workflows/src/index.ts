// Everything the worker registers. Workflow code only: deterministic, no I/O (see eslint.config.mjs).
export { actionWorkflow } from './action/action.workflow';
export { chaseWorkflow } from './chase/chase.workflow';
export * from './action/action.contract';
export * from './chase/chase.contract';
