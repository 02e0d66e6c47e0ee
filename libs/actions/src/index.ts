export * from './action-flags';
export * from './action-timeline';
export * from './actions.module';
export * from './actions.service';
export * from './progress.service';
