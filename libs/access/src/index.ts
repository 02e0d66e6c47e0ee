// @waymark/access: users, API tokens, the bearer-token guard, roles, partnership scoping, problem+json errors.
export * from './access.guard';
export * from './access.module';
export * from './access.service';
export * from './caller';
export * from './problem.filter';
export * from './rate-limit-store';
export * from './scope';
export * from './throttle';
export * from './tokens';
