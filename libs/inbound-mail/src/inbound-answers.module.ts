import { Module } from '@nestjs/common';
import { InboundAnswers } from './inbound-answers';

/** Answering the senders of replies, without the listeners: the worker's housekeeping resends answers. */
@Module({ providers: [InboundAnswers], exports: [InboundAnswers] })
export class InboundAnswersModule {}
