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
execFileSync(process.execPath, [bin, 'generate'], { stdio: 'inherit', env });
const pgSchema = fileURLToPath(new URL('../prisma/postgres/schema.prisma', import.meta.url));
execFileSync(process.execPath, [bin, 'generate', '--schema', pgSchema], { stdio: 'inherit', env });
