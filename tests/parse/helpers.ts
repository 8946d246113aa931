// Shared test helpers for the parser tests: fixture access and the truncation check.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ParseResult } from '../../lib/parse/types';

export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

export function fixtureFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(new URL(`../fixtures/${dir}/`, import.meta.url))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result.value;
}

/** Inputs no parser may throw on; none of them is valid output of any command. */
export const GARBAGE: string[] = [
  '',
  '\n',
  '  \n\t\n',
  'garbage',
  'garbage\nmore garbage\n',
  '\u0000\u0001\u00ff\ufffd\n',
  '{"nodes": [1, 2, 3]}\n',
  '<html><body>502 Bad Gateway</body></html>\n',
  `${'x'.repeat(100_000)}\n`,
  'bash: corosync-cfgtool: command not found\n',
];

/** Where to cut a text: every line start, the middle of every line, and one and zero characters before its newline. */
export function cutPoints(text: string): number[] {
  const points = new Set<number>([0]);
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    points.add(Math.floor((start + i) / 2));
    points.add(Math.max(start, i - 1));
    points.add(i);
    points.add(i + 1);
    start = i + 1;
  }
  return [...points].filter((p) => p < text.length).sort((a, b) => a - b);
}

/**
 * Whether `part` is what `full` looks like with information missing, and nothing wrong: null stands for
 * anything, arrays may be shorter, objects may lack keys, everything present must be equal.
 */
export function isPartOf(part: unknown, full: unknown): boolean {
  if (part === null) return true;
  if (Array.isArray(part)) {
    return Array.isArray(full) && part.length <= full.length && part.every((p, i) => isPartOf(p, full[i]));
  }
  if (typeof part === 'object') {
    if (typeof full !== 'object' || full === null || Array.isArray(full)) return false;
    const f = full as Record<string, unknown>;
    return Object.entries(part as Record<string, unknown>).every(([k, v]) => k in f && isPartOf(v, f[k]));
  }
  return part === full;
}

/**
 * Parses `text` cut at every cutPoints() position: each result must be either ok and isPartOf() the full result,
 * or an error saying what was expected. Returns how many cuts gave partial data and how many an error.
 */
export function checkTruncation<T>(parse: (text: string) => ParseResult<T>, text: string) {
  const full = valueOf(parse(text));
  let partial = 0;
  let errors = 0;
  for (const at of cutPoints(text)) {
    const result = parse(text.slice(0, at));
    if (result.ok) {
      partial++;
      if (!isPartOf(result.value, full)) {
        expect.fail(`cut at ${at} gave inconsistent data: ${JSON.stringify(result.value)}`);
      }
    } else {
      errors++;
      expect(result.error).toMatch(/expected/);
    }
  }
  return { partial, errors };
}
