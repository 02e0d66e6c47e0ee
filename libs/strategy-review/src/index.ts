// @waymark/strategy-review: the three-year strategy review (SI 2021/990 reg 4): its plan as data.
export * from './plan-sheets';
export * from './plan-workbook';
export * from './review-plan-sheets.service';
export { type ReviewPlanView } from './review-records';
export * from './strategy-review.module';
export * from './strategy-review.service';
