import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { SMTPServer } from 'smtp-server';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { InboundMailService } from './inbound-mail.service';
import { UnreadableMessage } from './inbound-message';
import { AuthenticationUnavailable } from './sender-authentication';

/**
 * Waymark's own SMTP listener for replies (INBOUND_SMTP_PORT; 0 turns it off). Point the reply
 * mailbox's MX, or a forwarding rule, at it. Accepts only mail for REPLY_MAILBOX's plus addresses; a
 * message is acknowledged after it has been stored and processed, so a failure makes the sender retry.
 * Offers STARTTLS when given a certificate and key (INBOUND_SMTP_TLS_CERT, INBOUND_SMTP_TLS_KEY). Takes at
 * most RATE_LIMIT_MAIL_PER_MINUTE messages a minute from one connecting address (451 past it, so a real
 * mail server tries again later), counted in the API's shared rate-limit store, so every replica's listener
 * counts against one limit.
 */
@Injectable()
export class SmtpListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpListener.name);
  private server: SMTPServer | null = null;
  private boundPort = 0;

  constructor(
    private readonly inbound: InboundMailService,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
    @InjectThrottlerStorage() private readonly rateLimits: ThrottlerStorage,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.INBOUND_SMTP_PORT === 0) return;
    const [local, domain] = this.config.REPLY_MAILBOX.toLowerCase().split('@');
    const inbound = this.inbound;
    const logger = this.logger;
    const overLimit = (address: string) => this.overLimit(address);
    const { INBOUND_SMTP_TLS_CERT: cert, INBOUND_SMTP_TLS_KEY: key } = this.config;
    const tls = cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : null;
    const server = new SMTPServer({
      secure: false,
      ...(tls ?? {}),
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      banner: 'Waymark replies',
      size: this.config.INBOUND_MAX_BYTES,
      logger: false,
      closeTimeout: 1000,
      onMailFrom(_address, session, callback) {
        overLimit(session.remoteAddress).then(
          (over) => {
            if (!over) return callback();
            const error = new Error('Too many messages from your address; try again later') as Error & {
              responseCode: number;
            };
            error.responseCode = 451;
            callback(error);
          },
          (error: Error) => {
            logger.error(`SMTP rate limit not counted: ${error.message}`);
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          },
        );
      },
      onRcptTo(address, _session, callback) {
        const [user, host] = address.address.toLowerCase().split('@');
        if (host !== domain || (user !== local && !user.startsWith(`${local}+`))) {
          const error = new Error(`No mailbox ${address.address} here`) as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            const error = new Error('Message too large') as Error & { responseCode: number };
            error.responseCode = 552;
            return callback(error);
          }
          const to = session.envelope.rcptTo.map((r) => r.address);
          const mailFrom = session.envelope.mailFrom;
          const client = {
            address: session.remoteAddress,
            helo: session.hostNameAppearsAs,
            mailFrom: mailFrom ? mailFrom.address : '',
          };
          inbound.receive(Buffer.concat(chunks), 'smtp', to, client).then(
            () => callback(),
            (error: Error) => {
              if (error instanceof UnreadableMessage)
                return callback(Object.assign(error, { responseCode: 550 }));
              if (error instanceof AuthenticationUnavailable)
                return callback(Object.assign(error, { responseCode: 451 }));
              // The sender learns nothing of the cause (database messages, file paths); the log keeps it.
              logger.error(`SMTP message not processed: ${error.message}`);
              callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            },
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.INBOUND_SMTP_PORT, this.config.HOST, () => resolve());
    });
    server.on('error', (error) => this.logger.error(`SMTP listener: ${error.message}`));
    this.server = server;
    const address = server.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.config.INBOUND_SMTP_PORT;
    this.logger.log(
      `Listening for replies on smtp://${this.config.HOST}:${this.boundPort}${tls ? ' (STARTTLS)' : ''}`,
    );
  }

  /** Counts a message from `address`; true when it is over the minute's limit. */
  private async overLimit(address: string): Promise<boolean> {
    const limit = this.config.RATE_LIMIT_MAIL_PER_MINUTE;
    const { isBlocked } = await this.rateLimits.increment(
      `smtp:ip:${address}`,
      60_000,
      limit,
      60_000,
      'smtp',
    );
    return isBlocked;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
