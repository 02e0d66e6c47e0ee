export * from './secure-link';
export * from './update-requests.module';
export * from './update-requests.service';
export * from './lead-to-ask';
