/** What the database module needs to know. Validated by @waymark/config before it gets here. */
export interface DatabaseConfig {
  /** postgresql://user:password@host:port/database */
  databaseUrl: string;
  /** How long onModuleInit waits for the first `SELECT 1`. Default 10 s. */
  connectTimeoutMs?: number;
}

/** Nest injection token for the DatabaseConfig that PrismaService is built with. */
export const DATABASE_URL = Symbol('DATABASE_URL');
