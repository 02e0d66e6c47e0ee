import { Module } from '@nestjs/common';
import { AnswersModule } from '@waymark/answers';
import { ChaseStepsModule, ChasingModule } from '@waymark/chasing';
import { EvidenceModule } from '@waymark/evidence';
import { StrategiesModule } from '@waymark/strategies';
import { CarryForwardService } from './carry-forward';
import { EngagementChase } from './engagement-chase';
import { EngagementRequests } from './engagement-requests';
import { ReviewGates } from './review-gates';
import { ReviewPlanSheets } from './review-plan-sheets.service';
import { ReviewRuns } from './review-runs';
import { StrategyReviewService } from './strategy-review.service';

const providers = [
  StrategyReviewService,
  ReviewPlanSheets,
  EngagementRequests,
  EngagementChase,
  ReviewGates,
  ReviewRuns,
  CarryForwardService,
];

/**
 * The three-year strategy review: its plan as data (stages, engagement activities, approval gates), through
 * the admin API and a spreadsheet; and its running: engagement requests and their chase, the gates asked in
 * order and decided by secure link, the publication that closes the review clock's window; carrying the old plan into the new.
 */
@Module({
  imports: [AnswersModule, StrategiesModule, ChaseStepsModule, ChasingModule, EvidenceModule],
  providers,
  exports: providers,
})
export class StrategyReviewModule {}
