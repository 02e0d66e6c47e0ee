import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import type { Response } from 'express';
import { PrismaService } from '@waymark/db';
import { MailTransport } from '@waymark/mail';
import { SearchAttributes, TemporalClient } from '@waymark/temporal';

type ComponentHealth = { status: 'up' } | { status: 'down'; error: string };

const TIMEOUT_MS = 3000;
/** How long the SMTP server's answer is reused: /health is public, and each check opens an SMTP connection. */
const SMTP_CHECK_SECONDS = 15;

async function probe(check: () => Promise<unknown>): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: (error as Error).message.split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  /** The last SMTP check (in flight or answered) and when it started. */
  private smtpCheck: { startedAt: number; result: Promise<ComponentHealth> } | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly temporal: TemporalClient,
    private readonly mail: MailTransport,
    private readonly searchAttributes: SearchAttributes,
  ) {}

  /**
   * 200 when the database, Temporal and the SMTP server all answer; 503 naming what is down otherwise. The
   * SMTP server's answer is at most SMTP_CHECK_SECONDS old (checks at the same time share one connection).
   */
  @Get()
  async check(@Res({ passthrough: true }) res: Response) {
    const [database, temporal, smtp] = await Promise.all([
      probe(() => this.prisma.$queryRaw`SELECT 1`),
      probe(() => this.temporal.ping(TIMEOUT_MS)),
      this.smtp(),
    ]);
    // Asked only of a Temporal that answers: otherwise "temporal" says what is wrong already.
    const searchAttributes: ComponentHealth =
      temporal.status === 'up'
        ? await probe(() => this.checkSearchAttributes())
        : { status: 'down', error: 'Temporal is down' };
    const components = { database, temporal, smtp, searchAttributes };
    const ok = Object.values(components).every((c) => c.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'down', components };
  }

  /** Down when the namespace lacks Waymark's search attributes (no action workflow could run), naming them. */
  private async checkSearchAttributes(): Promise<void> {
    const { missing, wrongType } = await this.searchAttributes.state();
    if (missing.length) throw new Error(`missing in the namespace: ${missing.join(', ')}`);
    if (wrongType.length) throw new Error(`registered with another type: ${wrongType.join(', ')}`);
  }

  private smtp(now = Date.now()): Promise<ComponentHealth> {
    if (!this.smtpCheck || now - this.smtpCheck.startedAt >= SMTP_CHECK_SECONDS * 1000)
      this.smtpCheck = { startedAt: now, result: probe(() => this.mail.verify()) };
    return this.smtpCheck.result;
  }
}
