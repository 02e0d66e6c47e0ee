export * from './action-status';
export * from './board-report.contract';
export * from './create-action.contract';
export * from './lead-update.contract';
