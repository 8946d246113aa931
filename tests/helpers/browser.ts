import { describe } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, labSkipReason } from './lab';

export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** describe that needs the lab and Chromium; skipped with the reason unless CI requires them. */
export function e2eDescribe(name: string, fn: () => void, needsLab = true): void {
  const reason = (needsLab ? labSkipReason() : null) ?? browserSkipReason();
  const required = process.env.COROWATCH_REQUIRE_BROWSER === '1' || (needsLab && process.env.COROWATCH_REQUIRE_LAB === '1');
  if (reason && required) throw new Error(`browser test required but cannot run: ${reason}`);
  (reason ? describe.skip : describe)(reason ? `${name} (skipped: ${reason})` : name, fn);
}
