import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

/**
 * How every Prisma client here talks to PostgreSQL: the pg driver adapter, and transactions that wait for a
 * pooled connection as long as a busy moment takes. The defaults (2 s to get a connection, 5 s to finish)
 * failed transactions by the dozen when a worker's hundred activities met a pool of ten (the kick-off
 * benchmark, the deadline-day rush); each failure cost its activity a retry five seconds later.
 */
export function prismaOptions(databaseUrl: string) {
  return {
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  };
}

/**
 * A Prisma client on the pg driver adapter, for code outside Nest (scripts, the seed). Nest code injects
 * PrismaService instead. The caller disconnects it.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient(prismaOptions(databaseUrl));
}
