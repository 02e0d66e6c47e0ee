// @waymark/db: the Prisma client and its types, the Nest module, migrations.
export * from './generated/client';
export { APPEND_ONLY_TABLES, grantAppRole } from './app-role';
export { DATABASE_URL, type DatabaseConfig } from './database-config';
export { databaseHostPort, describeDatabaseUrl } from './database-url';
export { DbModule } from './db.module';
export { PrismaService } from './prisma.service';
export { createPrismaClient } from './prisma-client';
export { isDatabaseUnavailable, isUniqueViolation, uniqueViolationFields } from './prisma-errors';
export {
  applyMigrations,
  diffSchemaToMigration,
  type DiffOptions,
  type DiffResult,
  type MigrateOptions,
} from './migrate';
export {
  InvalidCursorError,
  afterCursorWhere,
  bigIntId,
  decodeCursor,
  encodeCursor,
  paginate,
  type Page,
  type PageRequest,
  type SortOrder,
} from './pagination';
