export * from './template-environment';
