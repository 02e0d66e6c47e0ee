import { Module } from '@nestjs/common';
import { AnnualReturnModule } from '@waymark/annual-return';
import { AnswersModule } from '@waymark/answers';
import { EvidenceModule } from '@waymark/evidence';
import { KpisModule } from '@waymark/kpis';
import { StrategyReviewModule } from '@waymark/strategy-review';
import { ImapPoller } from './imap-poller';
import { InboundAnswersModule } from './inbound-answers.module';
import { InboundLog } from './inbound-log';
import { InboundMailService } from './inbound-mail.service';
import { InboundTriage } from './inbound-triage';
import { MessageMatcher } from './message-matcher';
import { ReplyReader } from './reply-reader';
import { ReplyRecorder } from './reply-recorder';
import { SenderAuthentication } from './sender-authentication';
import { SmtpListener } from './smtp-listener';

/**
 * Replies by email: the pipeline (parse and match, read, record through @waymark/answers, answer), its
 * two listeners (the webhook is in the API), and the coordinators' triage of replies that could not be read.
 */
@Module({
  imports: [
    AnswersModule,
    AnnualReturnModule,
    InboundAnswersModule,
    KpisModule,
    EvidenceModule,
    StrategyReviewModule,
  ],
  providers: [
    InboundMailService,
    MessageMatcher,
    ReplyReader,
    ReplyRecorder,
    InboundLog,
    InboundTriage,
    SenderAuthentication,
    SmtpListener,
    ImapPoller,
  ],
  exports: [InboundMailService, InboundTriage, SmtpListener, ImapPoller],
})
export class InboundMailModule {}
