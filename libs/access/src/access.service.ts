import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditEntry, AuditLog, callerActor } from '@waymark/audit';
import { PrismaService, Role, isUniqueViolation } from '@waymark/db';
import { Caller } from './caller';
import { generateToken, hashToken } from './tokens';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
}

const userView = {
  id: true,
  partnershipId: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  archivedAt: true,
};

/** Users, their API tokens, and who a token belongs to. */
@Injectable()
export class AccessService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  /** The caller a token authenticates, or null: unknown, revoked, expired, or its user archived. */
  async authenticate(token: string, now = new Date()): Promise<Caller | null> {
    const found = await this.prisma.apiToken.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: true },
    });
    if (!found || found.revokedAt || found.user.archivedAt) return null;
    if (found.expiresAt && found.expiresAt <= now) return null;
    await this.prisma.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
    return { userId: found.user.id, partnershipId: found.user.partnershipId, role: found.user.role };
  }

  /** Adds a user to the partnership; `by` is the admin creating it (absent when bootstrapping from the CLI). */
  async createUser(partnershipId: string, input: NewUser, by?: Caller) {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { partnershipId, email: input.email.toLowerCase(), name: input.name, role: input.role },
          select: userView,
        });
        await this.audit.record(
          entry(partnershipId, by, 'user.created', 'User', user.id, { role: user.role }),
          tx,
        );
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictException(`A user with email ${input.email} already exists`);
      throw error;
    }
  }

  listUsers(partnershipId: string) {
    return this.prisma.user.findMany({
      where: { partnershipId },
      select: userView,
      orderBy: { createdAt: 'asc' },
    });
  }

  /** The user's API tokens, newest first (never their secrets); a user of another partnership is not found. */
  async listTokens(partnershipId: string, userId: string) {
    const user = await this.prisma.user.findFirst({ where: { id: userId, partnershipId }, select: userView });
    if (!user) throw new NotFoundException(`No user ${userId}`);
    const tokens = await this.prisma.apiToken.findMany({
      where: { userId },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
      orderBy: { createdAt: 'desc' },
    });
    return { user, tokens };
  }

  /**
   * Archives a user: their tokens and console sessions stop working at once (both check the user), and their
   * tokens are revoked. An admin cannot archive themselves, so a partnership is never left without one by accident.
   */
  async archiveUser(partnershipId: string, userId: string, by: Caller) {
    if (userId === by.userId) throw new ConflictException('You cannot archive yourself: ask another admin.');
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id: userId, partnershipId, archivedAt: null },
        data: { archivedAt: new Date() },
      });
      if (count === 0) throw new NotFoundException(`No user ${userId}`);
      const revoked = await tx.apiToken.updateMany({
        where: { userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await this.audit.record(
        entry(partnershipId, by, 'user.archived', 'User', userId, { tokensRevoked: revoked.count }),
        tx,
      );
    });
  }

  /**
   * Issues a token for a user of the partnership, working until `expiresAt` (every token expires:
   * `expiryAfterDays(API_TOKEN_DAYS)` by default); the secret is returned here and never again.
   */
  async issueToken(partnershipId: string, userId: string, name: string, expiresAt: Date, by?: Caller) {
    const user = await this.prisma.user.findFirst({ where: { id: userId, partnershipId, archivedAt: null } });
    if (!user) throw new NotFoundException(`No user ${userId}`);
    const token = generateToken();
    const saved = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiToken.create({
        data: { userId, name, tokenHash: hashToken(token), expiresAt },
        select: { id: true, name: true, createdAt: true, expiresAt: true },
      });
      await this.audit.record(
        entry(partnershipId, by, 'token.issued', 'ApiToken', created.id, { userId, name }),
        tx,
      );
      return created;
    });
    return { ...saved, token };
  }

  async revokeToken(partnershipId: string, tokenId: string, by: Caller): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.apiToken.updateMany({
        where: { id: tokenId, user: { partnershipId } },
        data: { revokedAt: new Date() },
      });
      if (count === 0) throw new NotFoundException(`No token ${tokenId}`);
      await this.audit.record(entry(partnershipId, by, 'token.revoked', 'ApiToken', tokenId, {}), tx);
    });
  }
}

function entry(
  partnershipId: string,
  by: Caller | undefined,
  event: string,
  entityType: string,
  entityId: string,
  after: unknown,
): AuditEntry {
  return {
    partnershipId,
    actor: by ? callerActor(by) : { type: 'SYSTEM' },
    event,
    entityType,
    entityId,
    channel: by ? 'api' : 'cli',
    after,
  };
}
