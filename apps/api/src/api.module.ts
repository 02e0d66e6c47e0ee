import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ActionsModule } from '@waymark/actions';
import { AuditModule } from '@waymark/audit';
import { ConfigModule, WaymarkConfig } from '@waymark/config';
import { DbModule } from '@waymark/db';
import { MailModule } from '@waymark/mail';
import { PlanImportModule } from '@waymark/plan-import';
import { TemporalModule } from '@waymark/temporal';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { ActionsController } from './actions/actions.controller';
import { HealthController } from './health/health.controller';
import { LeadPages } from './lead-form/lead-pages';
import { UpdateFormController } from './lead-form/update-form.controller';
import { PlanImportController } from './plan-import/plan-import.controller';

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
        PlanImportModule,
      ],
      controllers: [ActionsController, UpdateFormController, HealthController, PlanImportController],
      providers: [LeadPages, { provide: APP_PIPE, useClass: ZodValidationPipe }],
    };
  }
}
