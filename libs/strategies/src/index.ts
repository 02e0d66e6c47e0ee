export * from './priorities.service';
export * from './strategies.module';
export * from './strategies.service';
