import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { InboundMailService } from './inbound-mail.service';

/**
 * Polls an IMAP mailbox for replies (IMAP_URL, every IMAP_POLL_SECONDS; off when unset). Each unseen
 * message goes through the inbound pipeline and is then flagged \Seen; the pipeline's Message-ID check
 * makes a message seen twice (a crash between the two steps) harmless. A message that fails is flagged
 * \Flagged and left unseen (tried again next pass), and the pass goes on.
 */
@Injectable()
export class ImapPoller implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ImapPoller.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly inbound: InboundMailService,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.IMAP_URL) return;
    const tick = () => {
      this.running = this.poll()
        .then(() => undefined)
        .catch((error: Error) => this.logger.error(`IMAP poll failed: ${error.message}`))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.config.IMAP_POLL_SECONDS * 1000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One pass over the mailbox's unseen messages. Returns how many were processed. */
  async poll(): Promise<number> {
    const url = new URL(this.config.IMAP_URL!);
    const client = new ImapFlow({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === 'imaps:' ? 993 : 143),
      secure: url.protocol === 'imaps:',
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
    });
    await client.connect();
    let count = 0;
    try {
      const lock = await client.getMailboxLock(decodeURIComponent(url.pathname.slice(1)) || 'INBOX');
      try {
        const unseen = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of unseen) {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!message || !message.source) continue;
          try {
            if (message.source.length <= this.config.INBOUND_MAX_BYTES)
              await this.inbound.receive(message.source, 'imap');
          } catch (error) {
            // One message that cannot be processed never holds up the others: it is flagged for a person to
            // look at, and left unseen so that a passing failure (the database restarting) is retried.
            this.logger.error(`IMAP message ${uid} not processed: ${(error as Error).message}`);
            await client.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });
            continue;
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          count++;
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    return count;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
