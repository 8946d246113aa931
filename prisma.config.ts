import { defineConfig } from 'prisma/config';

// Used only by the Prisma CLI (generate, and migrate for users who have the schema engine).
// corowatch applies prisma/migrations itself at start-up: see lib/store/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/corowatch.db' },
});
