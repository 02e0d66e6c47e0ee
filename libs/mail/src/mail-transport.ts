import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

/** The one place Waymark talks SMTP. Sending is a plain, retryable step; the outbox decides whether to send. */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly transporter: Transporter;

  constructor(@Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig) {
    // Bounded, so that a send never outlives the activity that makes it (30 s start-to-close).
    this.transporter = nodemailer.createTransport(config.SMTP_URL, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  get from(): string {
    return this.config.MAIL_FROM;
  }

  async send(message: MailMessage): Promise<{ accepted: string[]; response: string }> {
    const info = await this.transporter.sendMail({ from: this.config.MAIL_FROM, ...message });
    return { accepted: info.accepted.map(String), response: info.response };
  }

  /** Throws when the SMTP server cannot be reached or refuses the greeting. */
  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
