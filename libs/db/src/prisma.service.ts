import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DATABASE_URL, type DatabaseConfig } from './database-config';
import { databaseHostPort, databaseName, describeDatabaseUrl } from './database-url';
import { PrismaClient } from './generated/client';
import { prismaOptions } from './prisma-client';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The Prisma client for Nest code, on the Prisma 7 pg driver adapter. Start-up fails (and the process with
 * it) when PostgreSQL does not answer: a Waymark that cannot reach its database must not look healthy.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly databaseUrl: string;
  private readonly connectTimeoutMs: number;

  constructor(@Inject(DATABASE_URL) config: DatabaseConfig) {
    super(prismaOptions(config.databaseUrl));
    this.databaseUrl = config.databaseUrl;
    this.connectTimeoutMs = config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  async onModuleInit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.connectTimeoutMs} ms`)),
        this.connectTimeoutMs,
      );
    });
    try {
      await Promise.race([this.$connect().then(() => this.$queryRaw`SELECT 1`), timeout]);
    } catch (error) {
      await this.$disconnect().catch(() => undefined);
      throw new Error(
        `Cannot connect to PostgreSQL at ${databaseHostPort(this.databaseUrl)} ` +
          `(database "${databaseName(this.databaseUrl)}"): ${reasonOf(error)}. Check DATABASE_URL and that the server is running.`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    this.logger.log(`Connected to PostgreSQL at ${describeDatabaseUrl(this.databaseUrl)}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** The driver's own words: Prisma wraps them as "Raw query failed. Code: `…`. Message: `…`". */
function reasonOf(error: unknown): string {
  const message = ((error as Error).message || String(error)).trim();
  return /Message: `([^`]*)`/.exec(message)?.[1] ?? message.split('\n').at(-1) ?? message;
}
