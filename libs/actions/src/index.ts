export * from './action-flags';
export * from './actions.module';
export * from './actions.service';
export * from './progress.service';
