// Runs `prisma generate` for both schemas: SQLite (prisma/schema.prisma) and PostgreSQL (prisma/postgres/schema.prisma).
// Prisma 7 insists on a schema engine binary even though generate does not use it;
// where none can be downloaded, any existing file satisfies the check (see DEVELOPERS.md).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
}
const bin = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
// both schemas named explicitly: prisma.config.ts picks one by DATABASE_URL, and both clients are always needed
for (const schema of ['../prisma/schema.prisma', '../prisma/postgres/schema.prisma']) {
  execFileSync(process.execPath, [bin, 'generate', '--schema', fileURLToPath(new URL(schema, import.meta.url))], { stdio: 'inherit', env });
}
