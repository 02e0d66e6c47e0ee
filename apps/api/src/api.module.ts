import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ActionsModule } from '@waymark/actions';
import { AuditModule } from '@waymark/audit';
import { ConfigModule, WaymarkConfig } from '@waymark/config';
import { DbModule } from '@waymark/db';
import { MailModule } from '@waymark/mail';
import { ReportsModule } from '@waymark/reports';
import { TemporalModule } from '@waymark/temporal';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { ActionsController } from './actions/actions.controller';
import { HealthController } from './health/health.controller';
import { LeadPages } from './lead-form/lead-pages';
import { UpdateFormController } from './lead-form/update-form.controller';
import { BoardReportScheduleController } from './reports/board-report-schedule.controller';
import { BoardReportController } from './reports/board-report.controller';

@Module({})
export class ApiModule {
  static forRoot(config: WaymarkConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DbModule.forRoot({ databaseUrl: config.DATABASE_URL }),
        AuditModule,
        MailModule,
        TemporalModule,
        ActionsModule,
        UpdateRequestsModule,
        ReportsModule,
      ],
      controllers: [
        ActionsController,
        UpdateFormController,
        HealthController,
        BoardReportController,
        BoardReportScheduleController,
      ],
      providers: [LeadPages, { provide: APP_PIPE, useClass: ZodValidationPipe }],
    };
  }
}
