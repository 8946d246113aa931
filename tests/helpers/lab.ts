import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe } from 'vitest';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..');
export const LAB_STATE = join(ROOT, 'lab', 'state');
export const LAB_CONFIG = join(LAB_STATE, 'corowatch.yaml');
/** the same config with `auth: none` (lab/up.sh writes both), for tests that are not about logins */
export const LAB_OPEN_CONFIG = join(LAB_STATE, 'corowatch-open.yaml');

/** After the lab comes up (or a link comes back), knet's pong timeouts need ~12 s to settle (lab/README.md). */
export const knetSettled = () => new Promise<void>((r) => setTimeout(r, 12_000));

export function labSkipReason(): string | null {
  if (process.platform !== 'linux') return 'the lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the lab needs root';
  if (!existsSync('/usr/sbin/corosync') || !existsSync('/usr/sbin/sshd')) return 'corosync/openssh-server not installed';
  return null;
}

/** describe, or describe.skip with the reason; CI sets COROWATCH_REQUIRE_LAB=1 so a missing lab fails instead. */
export function labDescribe(name: string, fn: () => void): void {
  const reason = labSkipReason();
  if (reason && process.env.COROWATCH_REQUIRE_LAB === '1') throw new Error(`lab required but unavailable: ${reason}`);
  (reason ? describe.skip : describe)(reason ? `${name} (skipped: ${reason})` : name, fn);
}

export async function lab(script: 'up' | 'down' | 'fault', ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'lab', `${script}.sh`), ...args], { timeout: 120_000 });
  return stdout;
}

export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs: number, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
