import { Module } from '@nestjs/common';
import { StrategiesModule } from '@waymark/strategies';
import { ReviewPlanSheets } from './review-plan-sheets.service';
import { StrategyReviewService } from './strategy-review.service';

/**
 * The three-year strategy review: so far its plan as data (stages, engagement activities, approval gates),
 * through the admin API and a spreadsheet. The workflow that runs it is still to come (issue 12).
 */
@Module({
  imports: [StrategiesModule],
  providers: [StrategyReviewService, ReviewPlanSheets],
  exports: [StrategyReviewService, ReviewPlanSheets],
})
export class StrategyReviewModule {}
