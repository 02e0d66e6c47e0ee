export * from './action-status';
export * from './board-report.contract';
export * from './create-action.contract';
export * from './lead-update.contract';
export * from './kpi.contract';
export * from './chase-policy.contract';
export * from './action-controls.contract';
