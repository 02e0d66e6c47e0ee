import { Global, Module } from '@nestjs/common';
import { ActionWorkflows } from './action-workflows';
import { AnnualReturnWorkflows } from './annual-return-workflows';
import { BoardReportSchedules } from './board-report-schedules';
import { HousekeepingSchedule } from './housekeeping-schedule';
import { KpiCollectionSchedules } from './kpi-collection-schedules';
import { KpiCollectionWorkflows } from './kpi-collection-workflows';
import { StrategyReviewWorkflows } from './strategy-review-workflows';
import { SearchAttributes } from './search-attributes';
import { TemporalClient } from './temporal-client';

const providers = [
  TemporalClient,
  ActionWorkflows,
  AnnualReturnWorkflows,
  BoardReportSchedules,
  HousekeepingSchedule,
  KpiCollectionWorkflows,
  KpiCollectionSchedules,
  StrategyReviewWorkflows,
  SearchAttributes,
];

@Global()
@Module({ providers, exports: providers })
export class TemporalModule {}
