export * from './action-controls';
export * from './chase-mailer';
export * from './chasing.module';
export * from './nudge-limits';
export * from './period-planner';
export * from './schedule';
