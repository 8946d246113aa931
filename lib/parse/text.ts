// Small helpers shared by the parsers in lib/parse.
import type { ParseResult } from './types';

/**
 * The complete lines of command output, without terminators. Text after the last newline is dropped: output that
 * stops mid-line was cut off (sections.ts keeps the newlines), and a half line like "nodeid: 2 reach" or
 * "latency_min (u32) = 42949" would otherwise read as a different, wrong value.
 */
export function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T>(error: string): ParseResult<T> => ({ ok: false, error });

/** Runs a parser so that no input (not even a non-string from untyped callers) can make it throw. */
export function guard<T>(what: string, input: unknown, parse: (text: string) => ParseResult<T>): ParseResult<T> {
  if (typeof input !== 'string') return fail(`${what}: expected text, got ${input === null ? 'null' : typeof input}`);
  try {
    return parse(input);
  } catch (e) {
    return fail(`${what}: internal parser error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The first non-blank lines of unexpected output, for error messages. */
export function describeOutput(text: string): string {
  const shown = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 2)
    .join(' / ');
  if (shown === '') return 'output was empty';
  return `output was: ${shown.length > 160 ? `${shown.slice(0, 160)}…` : shown}`;
}

/** Parses a non-negative decimal or 0x-hex integer; null for anything else. */
export function parseUint(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  return null;
}
