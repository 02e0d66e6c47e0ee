import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { ThrottlerModule } from '@nestjs/throttler';
import { ZodValidationPipe } from 'nestjs-zod';
import { AccessGuard, AccessModule, CallerThrottlerGuard, RateLimitStore, throttlers } from '@waymark/access';
import { ActionsModule } from '@waymark/actions';
import { AnnualReturnModule } from '@waymark/annual-return';
import { AnswersModule } from '@waymark/answers';
import { AuditModule } from '@waymark/audit';
import { ConfigModule, WaymarkConfig } from '@waymark/config';
import { DbModule } from '@waymark/db';
import { EvidenceModule } from '@waymark/evidence';
import { InboundMailModule } from '@waymark/inbound-mail';
import { KpisModule } from '@waymark/kpis';
import { MailModule } from '@waymark/mail';
import { ObservabilityModule } from '@waymark/observability';
import { PartnershipsModule } from '@waymark/partnerships';
import { PlanImportModule } from '@waymark/plan-import';
import { ReportsModule } from '@waymark/reports';
import { SafeAccommodationModule } from '@waymark/safe-accommodation';
import { StrategiesModule } from '@waymark/strategies';
import { StrategyReviewModule } from '@waymark/strategy-review';
import { TemporalModule } from '@waymark/temporal';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { UsersController } from './access/users.controller';
import { AnnualReportController } from './annual-return/annual-report.controllers';
import {
  AnnualReturnsController,
  ReturnTemplatesController,
} from './annual-return/annual-return.controllers';
import { ReturnSignOffController } from './annual-return/return-sign-off.controller';
import { SignOffPageController } from './annual-return/sign-off-page.controller';
import { ProviderFormController } from './annual-return/provider-form.controller';
import { ReturnCollectionController } from './annual-return/return-collection.controller';
import { ActionWorkflowControlsModule } from './actions/action-workflow-controls';
import { ActionControlsController } from './actions/action-controls.controller';
import { ActionPlanController } from './actions/action-plan.controller';
import { ActionsController } from './actions/actions.controller';
import { AuditController } from './audit/audit.controller';
import { EvidenceController } from './evidence/evidence.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { InboundController } from './inbound/inbound.controller';
import { SignInModule } from '@waymark/sign-in';
import { ConsoleModule } from './console/console.module';
import { KpiCollectionsController } from './kpis/kpi-collections.controller';
import { KpiValuesFormController } from './kpis/kpi-values-form.controller';
import { KpisController } from './kpis/kpis.controller';
import { uploadLimits } from './lead-form/evidence-upload.interceptor';
import { LeadPages } from './lead-form/lead-pages';
import { NameLeadController } from './lead-form/name-lead.controller';
import { UpdateFormController } from './lead-form/update-form.controller';
import {
  BoardMembersController,
  BoardsController,
  ContactsController,
  OrganisationsController,
  PartnershipController,
} from './partnerships/partnership-admin.controllers';
import { ContactsSheetController } from './plan-import/contacts-sheet.controller';
import { PlanImportController } from './plan-import/plan-import.controller';
import { BoardMeetingsController } from './partnerships/board-meetings.controller';
import { ProgressController } from './progress/progress.controller';
import { SafeAccommodationServicesController } from './safe-accommodation/safe-accommodation.controller';
import { BoardReportScheduleController } from './reports/board-report-schedule.controller';
import { BoardReportController } from './reports/board-report.controller';
import { ReviewPackController } from './strategies/review-pack.controller';
import {
  OutcomesController,
  PrioritiesController,
  StrategiesController,
  StrategyReviewsController,
} from './strategies/strategy-admin.controllers';
import {
  StrategyReviewController,
  StrategyReviewsOfStrategyController,
} from './strategy-review/strategy-review.controllers';
import { ReviewRunController } from './strategy-review/review-run.controller';
import { EngagementFormController, GateDecisionController } from './strategy-review/review-pages.controllers';

@Module({})
export class ApiModule {
  static forRoot(config: WaymarkConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, 'api'),
        // Counted in PostgreSQL, so that API replicas enforce one limit.
        ThrottlerModule.forRootAsync({
          imports: [AccessModule],
          inject: [RateLimitStore],
          useFactory: (storage: RateLimitStore) => ({ throttlers: throttlers(config), storage }),
        }),
        DbModule.forRoot({ databaseUrl: config.DATABASE_URL }),
        AuditModule,
        MailModule,
        TemporalModule,
        ActionsModule,
        ActionWorkflowControlsModule,
        UpdateRequestsModule,
        ReportsModule,
        PlanImportModule,
        KpisModule,
        EvidenceModule,
        // Evidence uploads: held in memory (they go to PostgreSQL), never more than the limits allow.
        MulterModule.register({ limits: uploadLimits(config) }),
        AnswersModule,
        InboundMailModule,
        AccessModule,
        PartnershipsModule,
        StrategiesModule,
        StrategyReviewModule,
        SafeAccommodationModule,
        AnnualReturnModule,
        ConsoleModule,
        SignInModule,
      ],
      controllers: [
        UsersController,
        ActionsController,
        ActionControlsController,
        UpdateFormController,
        NameLeadController,
        HealthController,
        MetricsController,
        BoardReportController,
        ReviewPackController,
        BoardReportScheduleController,
        BoardMeetingsController,
        PlanImportController,
        ContactsSheetController,
        KpisController,
        KpiCollectionsController,
        KpiValuesFormController,
        ProviderFormController,
        InboundController,
        PartnershipController,
        OrganisationsController,
        StrategyReviewsController,
        StrategyReviewsOfStrategyController,
        StrategyReviewController,
        ReviewRunController,
        EngagementFormController,
        GateDecisionController,
        SafeAccommodationServicesController,
        ReturnTemplatesController,
        AnnualReturnsController,
        ReturnSignOffController,
        SignOffPageController,
        ReturnCollectionController,
        AnnualReportController,
        ContactsController,
        BoardsController,
        BoardMembersController,
        StrategiesController,
        PrioritiesController,
        OutcomesController,
        ActionPlanController,
        ProgressController,
        AuditController,
        EvidenceController,
      ],
      providers: [
        LeadPages,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        // Order matters: rate limits first (so token guessing is throttled), then authentication.
        { provide: APP_GUARD, useClass: CallerThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
