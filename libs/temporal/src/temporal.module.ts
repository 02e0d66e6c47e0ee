import { Global, Module } from '@nestjs/common';
import { ActionWorkflows } from './action-workflows';
import { BoardReportSchedules } from './board-report-schedules';
import { TemporalClient } from './temporal-client';

@Global()
@Module({
  providers: [TemporalClient, ActionWorkflows, BoardReportSchedules],
  exports: [TemporalClient, ActionWorkflows, BoardReportSchedules],
})
export class TemporalModule {}
