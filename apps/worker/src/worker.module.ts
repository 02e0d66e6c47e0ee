import { DynamicModule, Module } from '@nestjs/common';
import { AnnualReturnModule } from '@waymark/annual-return';
import { AnswersModule } from '@waymark/answers';
import { AuditModule } from '@waymark/audit';
import { ConfigModule, WaymarkConfig } from '@waymark/config';
import { DbModule } from '@waymark/db';
import { ChasingModule } from '@waymark/chasing';
import { InboundAnswersModule } from '@waymark/inbound-mail';
import { KpisModule } from '@waymark/kpis';
import { MailModule } from '@waymark/mail';
import { ObservabilityModule } from '@waymark/observability';
import { TemporalModule } from '@waymark/temporal';
import { ReportsModule } from '@waymark/reports';
import { StrategiesModule } from '@waymark/strategies';
import { StrategyReviewModule } from '@waymark/strategy-review';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { HousekeepingSweeps } from './housekeeping-sweeps';
import { WorkflowWorker } from './workflow-worker';

/**
 * The worker process: no HTTP, just the services its activities wrap, a Temporal client (to start chases)
 * and the worker, which keeps the cluster's housekeeping schedule.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WaymarkConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, 'worker'),
        DbModule.forRoot({ databaseUrl: config.DATABASE_URL }),
        AuditModule,
        MailModule,
        UpdateRequestsModule,
        KpisModule,
        ChasingModule,
        TemporalModule,
        ReportsModule,
        AnswersModule,
        InboundAnswersModule,
        StrategyReviewModule,
        StrategiesModule,
        AnnualReturnModule,
      ],
      providers: [WorkflowWorker, HousekeepingSweeps],
    };
  }
}
