import { randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Caller, hashToken } from '@waymark/access';
import { AuditLog, callerActor } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService, Role, SignInMethod } from '@waymark/db';

/** A session just started: the secret for the cookie (never stored), and when the session ends at the latest. */
export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** The signed-in user of a console request, as pages show them. */
export interface ConsoleUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  partnershipName: string;
}

/** A live console session: who, their caller (the same identity as their API tokens'), and the form token. */
export interface SignedInSession {
  id: string;
  method: SignInMethod;
  csrfToken: string;
  expiresAt: Date;
  user: ConsoleUser;
  caller: Caller;
}

/** lastSeenAt is written at most this often: the idle time-out is in minutes, not milliseconds. */
const TOUCH_EVERY_MS = 60_000;

const secret = () => randomBytes(32).toString('base64url');

/**
 * Console sessions in PostgreSQL: the cookie carries a random secret and the table only its SHA-256. A
 * session ends at the absolute time-out (CONSOLE_SESSION_HOURS after sign-in), after CONSOLE_IDLE_MINUTES
 * without a request, at sign-out, at sign-out everywhere, or when its user is archived. Any API replica can
 * check any session: nothing is held in memory.
 */
@Injectable()
export class ConsoleSessions {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /**
   * Starts a session for a user already proven (an email link redeemed, an OpenID Connect sign-in); the
   * caller sets the cookie from the result (SessionCookie). Audited as `console.signed-in`.
   */
  async startSession(userId: string, method: SignInMethod, now = new Date()): Promise<IssuedSession> {
    const user = await this.prisma.user.findFirst({ where: { id: userId, archivedAt: null } });
    if (!user) throw new NotFoundException(`No user ${userId}`);
    const token = secret();
    const expiresAt = new Date(now.getTime() + this.config.CONSOLE_SESSION_HOURS * 3_600_000);
    const session = await this.prisma.$transaction(async (tx) => {
      const created = await tx.consoleSession.create({
        data: {
          userId,
          tokenHash: hashToken(token),
          csrfToken: secret(),
          method,
          createdAt: now,
          lastSeenAt: now,
          expiresAt,
        },
      });
      await this.audit.record(
        {
          partnershipId: user.partnershipId,
          actor: callerActor({ userId, role: user.role }),
          event: 'console.signed-in',
          entityType: 'ConsoleSession',
          entityId: created.id,
          channel: 'console',
          after: { method },
        },
        tx,
      );
      return created;
    });
    return { id: session.id, token, expiresAt };
  }

  /** The live session a cookie's secret names, or null: unknown, signed out, timed out, or its user archived. */
  async authenticate(token: string, now = new Date()): Promise<SignedInSession | null> {
    const found = await this.prisma.consoleSession.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: { include: { partnership: { select: { name: true } } } } },
    });
    if (!found || found.revokedAt || found.user.archivedAt || found.expiresAt <= now) return null;
    const idleMs = this.config.CONSOLE_IDLE_MINUTES * 60_000;
    if (now.getTime() - found.lastSeenAt.getTime() >= idleMs) return null;
    if (now.getTime() - found.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
      await this.prisma.consoleSession.update({ where: { id: found.id }, data: { lastSeenAt: now } });
    const { user } = found;
    return {
      id: found.id,
      method: found.method,
      csrfToken: found.csrfToken,
      expiresAt: found.expiresAt,
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        partnershipName: user.partnership.name,
      },
      caller: { userId: user.id, partnershipId: user.partnershipId, role: user.role },
    };
  }

  /** Ends this session. */
  async signOut(session: SignedInSession, now = new Date()): Promise<void> {
    await this.end(session, { id: session.id }, 'console.signed-out', now);
  }

  /** Ends every live session of the session's user, on every device; returns how many ended. */
  signOutEverywhere(session: SignedInSession, now = new Date()): Promise<number> {
    return this.end(session, { userId: session.user.id }, 'console.signed-out-everywhere', now);
  }

  /** How many sessions of the user are live now (signed in on how many browsers). */
  liveSessions(userId: string, now = new Date()): Promise<number> {
    const idleSince = new Date(now.getTime() - this.config.CONSOLE_IDLE_MINUTES * 60_000);
    return this.prisma.consoleSession.count({
      where: { userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } },
    });
  }

  private async end(
    session: SignedInSession,
    which: { id: string } | { userId: string },
    event: string,
    now: Date,
  ): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.consoleSession.updateMany({
        where: { ...which, revokedAt: null },
        data: { revokedAt: now },
      });
      await this.audit.record(
        {
          partnershipId: session.caller.partnershipId,
          actor: callerActor(session.caller),
          event,
          entityType: 'ConsoleSession',
          entityId: session.id,
          channel: 'console',
          after: { sessionsEnded: count },
        },
        tx,
      );
      return count;
    });
  }
}
