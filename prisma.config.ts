import { defineConfig } from 'prisma/config';

// Used only by the Prisma CLI (generate, and migrate for users who have the schema engine).
// corowatch applies the migrations itself at start-up: see lib/store/migrate.ts. A postgres:// or postgresql://
// DATABASE_URL selects the PostgreSQL schema and migrations (prisma/postgres), as it does for corowatch.
const url = process.env.DATABASE_URL ?? 'file:./data/corowatch.db';
const dir = /^postgres(ql)?:\/\//.test(url) ? 'prisma/postgres' : 'prisma';

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  datasource: { url },
});
