import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '@waymark/observability';
import { MailTransport } from './mail-transport';
import { Outbox } from './outbox';
import { ReplyAddresses } from './reply-address';

@Global()
@Module({
  imports: [MetricsModule],
  providers: [MailTransport, Outbox, ReplyAddresses],
  exports: [MailTransport, Outbox, ReplyAddresses],
})
export class MailModule {}
