import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

/**
 * A Prisma client on the pg driver adapter, for code outside Nest (scripts, the seed). Nest code injects
 * PrismaService instead. The caller disconnects it.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
