import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hashToken } from '@waymark/access';
import { AuditLog, callerActor } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { Outbox, consoleSignInEmail, renderEmail } from '@waymark/mail';
import { ConsoleSessions, IssuedSession } from './console-sessions';
import { consoleReturnPath } from './return-path';

/** At most this many links per user in LINK_WINDOW_MS: a flood of requests cannot flood their inbox. */
export const MAX_LINKS_PER_WINDOW = 5;
const LINK_WINDOW_MS = 15 * 60_000;

/** A link that no longer works: never issued (or mistyped), already used, or past its time. */
export type LinkProblem = 'unknown' | 'used' | 'expired';

export type Redeemed =
  { kind: 'signed-in'; session: IssuedSession; returnTo: string } | { kind: LinkProblem };

/**
 * Sign-in by an emailed link, the default where no OpenID Connect provider is configured: single use,
 * CONSOLE_SIGN_IN_LINK_MINUTES long, only the SHA-256 of its secret stored. Opening the link shows a button;
 * only pressing it (a POST) uses the link, so a mail scanner that follows links signs nobody in.
 */
@Injectable()
export class EmailSignIn {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly sessions: ConsoleSessions,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /**
   * Emails a link to each active user with this address (one per partnership they belong to). Says nothing
   * about whether anyone has the address: the page shows the same words either way. Audited, without the
   * address: `console.sign-in-link.sent`, or `console.sign-in-link.refused` for an unknown address or too many.
   */
  async requestLink(email: string, returnTo: string, now = new Date()): Promise<void> {
    const users = await this.prisma.user.findMany({
      where: { email: email.trim().toLowerCase(), archivedAt: null },
      include: { partnership: { select: { name: true } } },
    });
    if (users.length === 0) {
      await this.audit.record({
        partnershipId: null,
        actor: { type: 'SYSTEM' },
        event: 'console.sign-in-link.refused',
        entityType: 'User',
        entityId: 'unknown',
        channel: 'console',
        after: { reason: 'unknown-address' },
      });
      return;
    }
    for (const user of users) {
      const recent = await this.prisma.consoleSignInLink.count({
        where: { userId: user.id, createdAt: { gt: new Date(now.getTime() - LINK_WINDOW_MS) } },
      });
      const audited = {
        partnershipId: user.partnershipId,
        actor: callerActor({ userId: user.id, role: user.role }),
      };
      if (recent >= MAX_LINKS_PER_WINDOW) {
        await this.audit.record({
          ...audited,
          event: 'console.sign-in-link.refused',
          entityType: 'User',
          entityId: user.id,
          channel: 'console',
          after: { reason: 'too-many', recent },
        });
        continue;
      }
      const token = randomBytes(32).toString('base64url');
      const minutes = this.config.CONSOLE_SIGN_IN_LINK_MINUTES;
      const link = await this.prisma.$transaction(async (tx) => {
        const created = await tx.consoleSignInLink.create({
          data: {
            userId: user.id,
            tokenHash: hashToken(token),
            returnTo: consoleReturnPath(returnTo),
            createdAt: now,
            expiresAt: new Date(now.getTime() + minutes * 60_000),
          },
        });
        await this.audit.record(
          {
            ...audited,
            event: 'console.sign-in-link.sent',
            entityType: 'ConsoleSignInLink',
            entityId: created.id,
            channel: 'console',
          },
          tx,
        );
        return created;
      });
      await this.outbox.deliverOnce({
        idempotencyKey: `console-sign-in/${link.id}`,
        kind: 'console-sign-in',
        to: user.email,
        partnershipId: user.partnershipId,
        render: () =>
          renderEmail(consoleSignInEmail, {
            userName: user.name,
            partnershipName: user.partnership.name,
            signInUrl: `${this.config.PUBLIC_BASE_URL}/console/sign-in/link/${token}`,
            minutes,
          }),
      });
    }
  }

  /** Whether the link would sign in now (the page that shows the button), without using it. */
  async check(token: string, now = new Date()): Promise<'open' | LinkProblem> {
    const link = await this.prisma.consoleSignInLink.findUnique({ where: { tokenHash: hashToken(token) } });
    return problemOf(link, now) ?? 'open';
  }

  /**
   * Uses the link, once: of two presses at the same moment only one signs in. Starts the session, or says
   * why not (audited as `console.sign-in.failed`).
   */
  async redeem(token: string, now = new Date()): Promise<Redeemed> {
    const tokenHash = hashToken(token);
    const { count } = await this.prisma.consoleSignInLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const link = await this.prisma.consoleSignInLink.findUnique({
      where: { tokenHash },
      include: { user: true },
    });
    if (count === 1 && link && !link.user.archivedAt) {
      const session = await this.sessions.startSession(link.userId, 'EMAIL_LINK', now);
      return { kind: 'signed-in', session, returnTo: link.returnTo };
    }
    // Used now by an archived user, or a link no longer open (a concurrent press used it: 'used').
    const kind = !link || link.user.archivedAt ? 'unknown' : (problemOf(link, now) ?? 'used');
    await this.audit.record({
      partnershipId: link?.user.partnershipId ?? null,
      actor: link ? callerActor({ userId: link.userId, role: link.user.role }) : { type: 'SYSTEM' },
      event: 'console.sign-in.failed',
      entityType: 'ConsoleSignInLink',
      entityId: link?.id ?? 'unknown',
      channel: 'console',
      after: { method: 'EMAIL_LINK', reason: kind },
    });
    return { kind };
  }
}

function problemOf(
  link: { usedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): LinkProblem | undefined {
  if (!link) return 'unknown';
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return undefined;
}
