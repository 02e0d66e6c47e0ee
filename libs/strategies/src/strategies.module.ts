import { Module } from '@nestjs/common';
import { PrioritiesService } from './priorities.service';
import { StrategiesService } from './strategies.service';
import { StrategyReviews } from './strategy-reviews.service';

/**
 * Strategies and their structure: priorities (themes) and outcomes; the statutory review clock and the
 * reviews recorded. Actions live in @waymark/actions.
 */
@Module({
  providers: [StrategiesService, PrioritiesService, StrategyReviews],
  exports: [StrategiesService, PrioritiesService, StrategyReviews],
})
export class StrategiesModule {}
