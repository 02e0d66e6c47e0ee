import { Module } from '@nestjs/common';
import { PrioritiesService } from './priorities.service';
import { StrategiesService } from './strategies.service';

/** Strategies and their structure: priorities (themes) and outcomes. Actions live in @waymark/actions. */
@Module({
  providers: [StrategiesService, PrioritiesService],
  exports: [StrategiesService, PrioritiesService],
})
export class StrategiesModule {}
