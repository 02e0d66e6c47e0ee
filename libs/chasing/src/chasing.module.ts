import { Module } from '@nestjs/common';
import { MetricsModule } from '@waymark/observability';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { ActionControls } from './action-controls';
import { ChaseMailer } from './chase-mailer';
import { ChaseSteps } from './chase-steps';
import { PeriodPlanner } from './period-planner';

/** The one chase step sender, for every kind of request that is chased (actions, KPI figures, ...). */
@Module({ imports: [MetricsModule], providers: [ChaseSteps], exports: [ChaseSteps] })
export class ChaseStepsModule {}

@Module({
  imports: [UpdateRequestsModule, ChaseStepsModule],
  providers: [PeriodPlanner, ChaseMailer, ActionControls],
  exports: [PeriodPlanner, ChaseMailer, ActionControls],
})
export class ChasingModule {}
