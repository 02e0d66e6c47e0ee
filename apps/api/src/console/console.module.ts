import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AccessModule } from '@waymark/access';
import { EvidenceModule } from '@waymark/evidence';
import { InboundMailModule } from '@waymark/inbound-mail';
import { ConsoleSessionMiddleware, SignInModule } from '@waymark/sign-in';
import { AccountController } from './account.controller';
import { ConsolePages } from './console-pages';
import { ConsoleEvidenceController } from './evidence.controller';
import { OidcSignInController } from './oidc-sign-in.controller';
import { ConsoleRepliesController } from './replies.controller';
import { SignInController } from './sign-in.controller';

/**
 * The coordinators' console: server-rendered pages over the admin API's services, under /console. A new page:
 * a controller here (`@ConsoleController`), its view under apps/api/views/console/, a line in navigation.ts
 * for a new section, and its routes in the console's access walk (docs/console.md).
 */
@Module({
  imports: [SignInModule, AccessModule, InboundMailModule, EvidenceModule],
  controllers: [
    SignInController,
    AccountController,
    ConsoleRepliesController,
    ConsoleEvidenceController,
    OidcSignInController,
  ],
  providers: [ConsolePages],
})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(), ConsoleSessionMiddleware)
      .forRoutes(
        { path: 'console', method: RequestMethod.ALL },
        { path: 'console/*rest', method: RequestMethod.ALL },
      );
  }
}
