export * from './http-observability';
export * from './logging';
export * from './metrics';
export * from './metrics-endpoint';
export * from './observability.module';
export * from './temporal-worker';
export * from './tracing';
