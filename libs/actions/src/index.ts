export * from './actions.module';
export * from './actions.service';
