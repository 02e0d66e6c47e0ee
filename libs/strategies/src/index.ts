export * from './priorities.service';
export * from './strategies.module';
export * from './strategies.service';
export * from './review-clock';
export * from './review-warnings.service';
export * from './strategy-reviews.service';
