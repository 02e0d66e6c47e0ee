export * from './due-date';
export * from './london-time';
export * from './reporting-period';
export * from './kpi-period';
export * from './working-days';
export * from './kpi-entry-cadence';
