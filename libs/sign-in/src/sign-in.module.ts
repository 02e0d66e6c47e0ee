import { Module } from '@nestjs/common';
import { ConsoleSessions } from './console-sessions';
import { CsrfGuard } from './csrf.guard';
import { EmailSignIn } from './email-sign-in';
import { SessionCookie } from './session-cookie';
import { ConsoleSessionMiddleware } from './session.middleware';

@Module({
  providers: [ConsoleSessions, EmailSignIn, SessionCookie, ConsoleSessionMiddleware, CsrfGuard],
  exports: [ConsoleSessions, EmailSignIn, SessionCookie, ConsoleSessionMiddleware, CsrfGuard],
})
export class SignInModule {}
