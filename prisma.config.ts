// Prisma 7 configuration. The connection string comes from DATABASE_URL; `npm start` and the tests set it
// (embedded PostgreSQL by default). Migrations are applied offline by libs/db/src/migrate.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/waymark' },
});
