import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ZodValidationPipe } from 'nestjs-zod';
import { ActionsModule } from '@waymark/actions';
import { AuditModule } from '@waymark/audit';
import { ConfigModule, WaymarkConfig } from '@waymark/config';
import { DbModule } from '@waymark/db';
import { KpisModule } from '@waymark/kpis';
import { MailModule } from '@waymark/mail';
import { PlanImportModule } from '@waymark/plan-import';
import { ReportsModule } from '@waymark/reports';
import { TemporalModule } from '@waymark/temporal';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { ActionControlsController } from './actions/action-controls.controller';
import { ActionsController } from './actions/actions.controller';
import { HealthController } from './health/health.controller';
import { KpiCollectionsController } from './kpis/kpi-collections.controller';
import { KpiValuesFormController } from './kpis/kpi-values-form.controller';
import { KpisController } from './kpis/kpis.controller';
import { LeadPages } from './lead-form/lead-pages';
import { UpdateFormController } from './lead-form/update-form.controller';
import { PlanImportController } from './plan-import/plan-import.controller';
import { ActionReconciler } from './reconciler/action-reconciler';
import { BoardReportScheduleController } from './reports/board-report-schedule.controller';
import { BoardReportController } from './reports/board-report.controller';

@Module({})
export class ApiModule {
  static forRoot(config: WaymarkConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        DbModule.forRoot({ databaseUrl: config.DATABASE_URL }),
        AuditModule,
        MailModule,
        TemporalModule,
        ActionsModule,
        UpdateRequestsModule,
        ReportsModule,
        PlanImportModule,
        KpisModule,
      ],
      controllers: [
        ActionsController,
        ActionControlsController,
        UpdateFormController,
        HealthController,
        BoardReportController,
        BoardReportScheduleController,
        PlanImportController,
        KpisController,
        KpiCollectionsController,
        KpiValuesFormController,
      ],
      providers: [LeadPages, ActionReconciler, { provide: APP_PIPE, useClass: ZodValidationPipe }],
    };
  }
}
