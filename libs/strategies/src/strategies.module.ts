import { Module } from '@nestjs/common';
import { PrioritiesService } from './priorities.service';
import { StrategiesService } from './strategies.service';
import { ReviewWarnings } from './review-warnings.service';
import { StrategyReviews } from './strategy-reviews.service';

/**
 * Strategies and their structure: priorities (themes) and outcomes; the statutory review clock and the
 * reviews recorded. Actions live in @waymark/actions.
 */
@Module({
  providers: [StrategiesService, PrioritiesService, StrategyReviews, ReviewWarnings],
  exports: [StrategiesService, PrioritiesService, StrategyReviews, ReviewWarnings],
})
export class StrategiesModule {}
