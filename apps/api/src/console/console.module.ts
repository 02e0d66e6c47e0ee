import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AccessModule } from '@waymark/access';
import { ActionsModule } from '@waymark/actions';
import { AnnualReturnModule } from '@waymark/annual-return';
import { EvidenceModule } from '@waymark/evidence';
import { InboundMailModule } from '@waymark/inbound-mail';
import { KpisModule } from '@waymark/kpis';
import { PartnershipsModule } from '@waymark/partnerships';
import { PlanImportModule } from '@waymark/plan-import';
import { ReportsModule } from '@waymark/reports';
import { ConsoleSessionMiddleware, SignInModule } from '@waymark/sign-in';
import { StrategiesModule } from '@waymark/strategies';
import { StrategyReviewModule } from '@waymark/strategy-review';
import { ActionWorkflowControlsModule } from '../actions/action-workflow-controls';
import { AccountController } from './account.controller';
import { ConsoleActionsController } from './actions.controller';
import { ConsoleBoardController } from './board.controller';
import { ConsolePages } from './console-pages';
import { ConsoleEvidenceController } from './evidence.controller';
import { ConsoleKpisController } from './kpis.controller';
import { OverviewController } from './overview.controller';
import { ConsolePlanController } from './plan.controller';
import { OidcSignInController } from './oidc-sign-in.controller';
import { ConsoleRepliesController } from './replies.controller';
import { SignInController } from './sign-in.controller';
import { ConsoleStatutoryController } from './statutory.controller';
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
    ActionsModule,
    ActionWorkflowControlsModule,
    StrategiesModule,
    PartnershipsModule,
    KpisModule,
    InboundMailModule,
    EvidenceModule,
    PlanImportModule,
    ReportsModule,
    AnnualReturnModule,
    StrategyReviewModule,
  ],
  controllers: [
    SignInController,
    AccountController,
    OverviewController,
    ConsoleActionsController,
    ConsoleKpisController,
    ConsoleRepliesController,
    ConsoleEvidenceController,
    ConsolePlanController,
    ConsoleUsersController,
    ConsoleBoardController,
    OidcSignInController,
    ConsoleStatutoryController,
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
