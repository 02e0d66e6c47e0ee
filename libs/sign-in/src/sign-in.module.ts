import { Module } from '@nestjs/common';
import { ConsoleSessions } from './console-sessions';
import { CsrfGuard } from './csrf.guard';
import { EmailSignIn } from './email-sign-in';
import { OidcSignIn } from './oidc-sign-in';
import { SessionCookie } from './session-cookie';
import { ConsoleSessionMiddleware } from './session.middleware';

@Module({
  providers: [ConsoleSessions, EmailSignIn, SessionCookie, ConsoleSessionMiddleware, CsrfGuard, OidcSignIn],
  exports: [ConsoleSessions, EmailSignIn, SessionCookie, ConsoleSessionMiddleware, CsrfGuard, OidcSignIn],
})
export class SignInModule {}
