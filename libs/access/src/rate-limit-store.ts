import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { PrismaService, isDatabaseUnavailable } from '@waymark/db';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often each process deletes windows that ended (any process's sweep serves them all), at a hit. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Rate-limit counts in PostgreSQL (table "RateLimitWindow"), so that every API process counts against one
 * limit: a client that spreads its requests over replicas gets no more than from one. A fixed window per key:
 * the first hit opens it for `ttl`, each hit adds one in a single statement (an upsert, atomic under
 * concurrent replicas), and the window restarts once it has ended. Time is the database's clock (in UTC, as
 * Prisma keeps its timestamps), so replicas whose clocks disagree still share one window. Over the limit, the client is refused until the window ends.
 */
@Injectable()
export class RateLimitStore implements ThrottlerStorage {
  private readonly logger = new Logger(RateLimitStore.name);
  /** When this process last swept. Swept on a hit, not by a timer: a timer would keep a closed app alive. */
  private sweptAt = Date.now();

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Counts a hit. With the database unreachable the hit is let through uncounted (logged): nothing a limit
   * protects (a link's look-up, a token's) can be done without the database, and the lead pages must still
   * answer, keeping what the lead typed, that they should try again in a minute.
   */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    if (Date.now() - this.sweptAt >= SWEEP_INTERVAL_MS) {
      this.sweptAt = Date.now();
      this.sweep().catch((error: Error) => this.logger.warn(`Rate-limit sweep failed: ${error.message}`));
    }
    try {
      return await this.count(key, ttl, limit);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`Rate limit not counted, the database is unavailable: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private async count(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const keyHash = createHash('sha256').update(key).digest('hex');
    const [row] = await this.prisma.$queryRaw<{ hits: number; secondsLeft: number }[]>`
      INSERT INTO "RateLimitWindow" ("keyHash", hits, "expiresAt")
      VALUES (${keyHash}, 1, timezone('utc', now()) + ${ttl}::integer * interval '1 millisecond')
      ON CONFLICT ("keyHash") DO UPDATE SET
        hits = CASE WHEN "RateLimitWindow"."expiresAt" <= timezone('utc', now()) THEN 1 ELSE "RateLimitWindow".hits + 1 END,
        "expiresAt" = CASE WHEN "RateLimitWindow"."expiresAt" <= timezone('utc', now())
          THEN EXCLUDED."expiresAt" ELSE "RateLimitWindow"."expiresAt" END
      RETURNING hits, ceil(extract(epoch FROM "expiresAt" - timezone('utc', now())))::int AS "secondsLeft"`;
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire: row.secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? row.secondsLeft : 0,
    };
  }

  /** Deletes the windows that have ended; returns how many. */
  async sweep(): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "expiresAt" <= timezone('utc', now())`;
  }
}
