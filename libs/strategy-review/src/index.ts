// @waymark/strategy-review: the three-year strategy review (SI 2021/990 reg 4): its plan as data, and its run.
export * from './engagement-chase';
export * from './engagement-requests';
export * from './plan-sheets';
export * from './plan-workbook';
export * from './review-gates';
export * from './review-plan-sheets.service';
export { type ReviewPlanView } from './review-records';
export * from './review-runs';
export * from './strategy-review.module';
export * from './strategy-review.service';
export * from './engagement-reply';
export * from './carry-forward';
