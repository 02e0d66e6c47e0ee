export * from './action-workflows';
export * from './temporal-client';
export * from './temporal.module';
export * from './kpi-collection-workflows';
