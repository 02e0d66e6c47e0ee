import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import type { Response } from 'express';
import { PrismaService } from '@waymark/db';
import { MailTransport } from '@waymark/mail';
import { SearchAttributes, TemporalClient } from '@waymark/temporal';
import { OidcSignIn } from '@waymark/sign-in';

type ComponentHealth = { status: 'up' } | { status: 'down'; error: string };

const TIMEOUT_MS = 3000;
/**
 * How long the SMTP server's and the identity provider's answers are reused: /health is public, and each check
 * opens a connection to them.
 */
const REUSE_SECONDS = 15;

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

/** A probe whose answer (in flight or given) is shared by the calls of the next REUSE_SECONDS. */
class ReusedProbe {
  private last: { startedAt: number; result: Promise<ComponentHealth> } | null = null;

  constructor(private readonly check: () => Promise<unknown>) {}

  result(now = Date.now()): Promise<ComponentHealth> {
    if (!this.last || now - this.last.startedAt >= REUSE_SECONDS * 1000)
      this.last = { startedAt: now, result: probe(this.check) };
    return this.last.result;
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly smtp = new ReusedProbe(() => this.mail.verify());
  private readonly oidc = new ReusedProbe(() => this.oidcSignIn.checkProvider());

  constructor(
    private readonly prisma: PrismaService,
    private readonly temporal: TemporalClient,
    private readonly mail: MailTransport,
    private readonly searchAttributes: SearchAttributes,
    private readonly oidcSignIn: OidcSignIn,
  ) {}

  /**
   * 200 when the database, Temporal and the SMTP server all answer, and the identity provider when console
   * sign-in uses one (`oidc`: its discovery document, asked for afresh); 503 naming what is down otherwise.
   * The SMTP server's and the provider's answers are at most REUSE_SECONDS old (checks at the same time share
   * one connection).
   */
  @Get()
  async check(@Res({ passthrough: true }) res: Response) {
    const [database, temporal, smtp, oidc] = await Promise.all([
      probe(() => this.prisma.$queryRaw`SELECT 1`),
      probe(() => this.temporal.ping(TIMEOUT_MS)),
      this.smtp.result(),
      this.oidcSignIn.enabled ? this.oidc.result() : undefined,
    ]);
    // Asked only of a Temporal that answers: otherwise "temporal" says what is wrong already.
    const searchAttributes: ComponentHealth =
      temporal.status === 'up'
        ? await probe(() => this.checkSearchAttributes())
        : { status: 'down', error: 'Temporal is down' };
    const components = { database, temporal, smtp, searchAttributes, ...(oidc ? { oidc } : {}) };
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
}
