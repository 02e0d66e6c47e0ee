// @waymark/sign-in: who is using the coordinators' console: sessions in PostgreSQL, their cookie, email sign-in
// links, CSRF tokens. OpenID Connect sign-in ends in ConsoleSessions.startSession like the email link.
export * from './console-request';
export * from './console-sessions';
export * from './csrf.guard';
export * from './email-sign-in';
export * from './oidc-sign-in';
export * from './return-path';
export * from './session-cookie';
export * from './session.middleware';
export * from './sign-in.module';
