import { Global, Module } from '@nestjs/common';
import { ActionWorkflows } from './action-workflows';
import { BoardReportSchedules } from './board-report-schedules';
import { KpiCollectionSchedules } from './kpi-collection-schedules';
import { KpiCollectionWorkflows } from './kpi-collection-workflows';
import { TemporalClient } from './temporal-client';

const providers = [
  TemporalClient,
  ActionWorkflows,
  BoardReportSchedules,
  KpiCollectionWorkflows,
  KpiCollectionSchedules,
];

@Global()
@Module({ providers, exports: providers })
export class TemporalModule {}
