export * from './action-workflows';
export * from './board-report-schedules';
export * from './housekeeping-schedule';
export * from './temporal-client';
export * from './temporal.module';
export * from './kpi-collection-workflows';
export * from './kpi-collection-schedules';
export * from './annual-return-workflows';
