export * from './audit-log';
export * from './audit-trail';
export * from './audit.module';
export * from './audited-writes';
