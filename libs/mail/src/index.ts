export * from './board-report.email';
export * from './mail-transport';
export * from './mail.module';
export * from './outbox';
export * from './templates';
export { formatUkDate } from '@waymark/templates';
export * from './kpi-value-request.email';
export * from './chase.emails';
