import { readFileSync } from 'node:fs';
import { MARK } from '@/lib/collect/probe-script';

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/corosync-3.1.7/${name}`, import.meta.url), 'utf8');
}

/** The nodelist part of a full `corosync-cmapctl` capture, as `corosync-cmapctl -b nodelist` prints it. */
export function nodelistOf(cmapctl: string): string {
  return cmapctl.split('\n').filter((l) => l.startsWith('nodelist.')).join('\n') + '\n';
}

export type Sections = Record<string, { body: string; rc?: number }>;

/** Frames command outputs exactly as the probe script does. */
export function frameProbe(sections: Sections, opts: { clockMs?: number; truncate?: boolean } = {}): string {
  let out = `${MARK} begin clock\n${BigInt(opts.clockMs ?? Date.now()) * 1_000_000n}\n${MARK} end clock rc=0\n`;
  for (const [name, s] of Object.entries(sections)) {
    const body = s.body.endsWith('\n') || s.body === '' ? s.body : s.body + '\n';
    out += `${MARK} begin ${name}\n${body}${MARK} end ${name} rc=${s.rc ?? 0}\n`;
  }
  return opts.truncate ? out : out + `${MARK} done\n`;
}

/** A full probe of pve1 in one of the captured situations. */
export function pve1Probe(variant: '' | '_link0down' | '_nodedown' | '_inquorate' = ''): string {
  const stats = variant === '_inquorate' ? fixture('pve1.cmapctl_m_stats_nodedown.txt') : fixture(`pve1.cmapctl_m_stats${variant}.txt`);
  return frameProbe({
    cfgtool_s: { body: fixture(`pve1.cfgtool_s${variant}.txt`) },
    cfgtool_n: { body: fixture(`pve1.cfgtool_n${variant}.txt`) },
    cmap_stats: { body: stats },
    cmap_nodelist: { body: nodelistOf(fixture('pve1.cmapctl.txt')) },
    quorumtool_s: { body: fixture(`pve1.quorumtool_s${variant}.txt`), rc: variant === '_inquorate' ? 2 : 0 },
  });
}

/** Replaces one knet counter of one peer link in a cmapctl stats text. */
export function withCounter(stats: string, node: number, link: number, key: string, value: number): string {
  const re = new RegExp(`^(stats\\.knet\\.node${node}\\.link${link}\\.${key} \\(\\w+\\) = )\\d+$`, 'm');
  if (!re.test(stats)) throw new Error(`no ${key} for node${node}.link${link}`);
  return stats.replace(re, `$1${value}`);
}
