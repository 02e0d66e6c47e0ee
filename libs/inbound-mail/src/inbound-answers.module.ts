import { Module } from '@nestjs/common';
import { StrategyReviewModule } from '@waymark/strategy-review';
import { InboundAnswers } from './inbound-answers';

/** Answering the senders of replies, without the listeners: the worker's housekeeping resends answers. */
@Module({ imports: [StrategyReviewModule], providers: [InboundAnswers], exports: [InboundAnswers] })
export class InboundAnswersModule {}
