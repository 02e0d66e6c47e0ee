export * from './action-controls';
export * from './chase-mailer';
export * from './chase-steps';
export * from './chasing.module';
export * from './nudge-limits';
export * from './period-planner';
export * from './schedule';
export * from './partnership-policy';
