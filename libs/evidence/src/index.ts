export * from './evidence-admin.service';
export * from './evidence.module';
export * from './evidence.service';
export * from './file-name';
export * from './sniff';
