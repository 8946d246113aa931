// `npm start` builds the pages once (or again when sources are newer than the last build).
import { existsSync, statSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = '.next/BUILD_ID';
const sources = Math.max(...['app', 'components', 'lib'].filter(existsSync).map(newest));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  execSync('npx next build', { stdio: 'inherit' });
}
