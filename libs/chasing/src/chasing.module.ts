import { Module } from '@nestjs/common';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { ActionControls } from './action-controls';
import { ChaseMailer } from './chase-mailer';
import { PeriodPlanner } from './period-planner';

@Module({
  imports: [UpdateRequestsModule],
  providers: [PeriodPlanner, ChaseMailer, ActionControls],
  exports: [PeriodPlanner, ChaseMailer, ActionControls],
})
export class ChasingModule {}
