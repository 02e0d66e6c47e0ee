import { Module } from '@nestjs/common';
import { AnswersModule } from '@waymark/answers';
import { EvidenceModule } from '@waymark/evidence';
import { KpisModule } from '@waymark/kpis';
import { ImapPoller } from './imap-poller';
import { InboundMailService } from './inbound-mail.service';
import { SmtpListener } from './smtp-listener';

/** Replies by email: the pipeline and its two listeners (the webhook is in the API). */
@Module({
  imports: [AnswersModule, KpisModule, EvidenceModule],
  providers: [InboundMailService, SmtpListener, ImapPoller],
  exports: [InboundMailService, SmtpListener, ImapPoller],
})
export class InboundMailModule {}
