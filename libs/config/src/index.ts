export * from './config.schema';
export * from './config.module';
export * from './free-port';
export * from './project-root';
export * from './run-process';
