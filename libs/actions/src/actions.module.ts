import { Module } from '@nestjs/common';
import { ActionTimeline } from './action-timeline';
import { ActionsService } from './actions.service';
import { ProgressService } from './progress.service';

@Module({
  providers: [ActionsService, ProgressService, ActionTimeline],
  exports: [ActionsService, ProgressService, ActionTimeline],
})
export class ActionsModule {}
