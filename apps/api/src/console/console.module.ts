import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AccessModule } from '@waymark/access';
import { PartnershipsModule } from '@waymark/partnerships';
import { PlanImportModule } from '@waymark/plan-import';
import { ReportsModule } from '@waymark/reports';
import { StrategiesModule } from '@waymark/strategies';
import { ConsoleSessionMiddleware, SignInModule } from '@waymark/sign-in';
import { AccountController } from './account.controller';
import { ConsoleBoardController } from './board.controller';
import { ConsolePages } from './console-pages';
import { ConsolePlanController } from './plan.controller';
import { SignInController } from './sign-in.controller';
import { ConsoleUsersController } from './users.controller';

/**
 * The coordinators' console: server-rendered pages over the admin API's services, under /console. A new page:
 * a controller here (`@ConsoleController`), its view under apps/api/views/console/, a line in navigation.ts
 * for a new section, and its routes in the console's access walk (docs/console.md).
 */
@Module({
  imports: [
    SignInModule,
    AccessModule,
    PlanImportModule,
    StrategiesModule,
    PartnershipsModule,
    ReportsModule,
  ],
  controllers: [
    SignInController,
    AccountController,
    ConsolePlanController,
    ConsoleUsersController,
    ConsoleBoardController,
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
