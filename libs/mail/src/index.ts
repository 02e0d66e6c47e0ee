export * from './board-report.email';
export * from './mail-transport';
export * from './mail.module';
export * from './outbox';
export * from './templates';
export { formatUkDate } from '@waymark/templates';
export * from './chase.emails';
