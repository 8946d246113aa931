// Findings from one node's corosync/knet log (LogEvents of lib/parse/corosync-log.ts, in log order). Instants:
//   token_loss        "Token has not been received in N ms" / "A processor failed, forming new configuration";
//                     reported at its first line, lines within foldTokenMs of that one are folded into it
//   retransmit        "Retransmit List: …"; counted per foldRetransmitMs bucket and reported when the bucket is
//                     over (at the next event or flush(now)) with details.count
//   not_scheduled     "Corosync main process was not scheduled for N ms"; repeats within quietMs are folded
//   membership_change a new membership with members joined and/or left (re-formations without a change are not)
//   mtu_change        PMTUD changed the global or a link's data MTU; an identical repeat within quietMs is folded
// Condition: no_active_links per host, from knet's "host: N has no active links" until a link to that host is up
// again ("link: N is up" or a best-link line after it). knet prints "best link" just before "no active links",
// so a best-link line does not clear a later no-active-links line.
import type { LogEvent } from '../../parse/types';
import type { Detector, Finding } from './types';
import { makeFinding } from './util';

export interface LogDetectorOptions {
  foldTokenMs: number; // default 10000
  foldRetransmitMs: number; // default 30000
  quietMs: number; // not_scheduled / mtu_change repeats (default 10000)
  /** Names findings' peers; default the node id as a string. */
  peerName: (nodeId: number) => string;
}

export const DEFAULT_LOG_OPTIONS: LogDetectorOptions = {
  foldTokenMs: 10_000, foldRetransmitMs: 30_000, quietMs: 10_000, peerName: (id) => String(id),
};

const NO_SUBJECT = { peer: null, link: null };

export class LogDetector implements Detector<[LogEvent, number]> {
  private readonly opt: LogDetectorOptions;
  private tokenStart: number | null = null;
  private notScheduledStart: number | null = null;
  private retransmit: { start: number; last: number; count: number; detail: string } | null = null;
  private lastMtu = new Map<string, { mtu: number; at: number }>();
  private noActive = new Map<number, number>(); // host → since

  constructor(options: Partial<LogDetectorOptions> = {}) {
    this.opt = { ...DEFAULT_LOG_OPTIONS, ...options };
  }

  push(e: LogEvent, at: number): Finding[] {
    const out = this.flush(at);
    switch (e.kind) {
      case 'token_not_received':
      case 'token_timeout': {
        if (this.tokenStart !== null && at - this.tokenStart < this.opt.foldTokenMs) break;
        this.tokenStart = at;
        const message = e.kind === 'token_not_received'
          ? `token not received for ${e.ms} ms`
          : `a processor failed, forming new configuration${e.tokenMs !== null ? ` (token timed out after ${e.tokenMs} ms)` : ''}`;
        const details = e.kind === 'token_not_received' ? { notReceivedMs: e.ms } : { tokenMs: e.tokenMs, consensusMs: e.consensusMs };
        out.push(makeFinding(NO_SUBJECT, 'token_loss', 'critical', message, at, details));
        break;
      }
      case 'retransmit':
        if (this.retransmit) {
          this.retransmit.count++;
          this.retransmit.last = at;
          this.retransmit.detail = e.detail;
        } else this.retransmit = { start: at, last: at, count: 1, detail: e.detail };
        break;
      case 'not_scheduled':
        if (this.notScheduledStart !== null && at - this.notScheduledStart < this.opt.quietMs) break;
        this.notScheduledStart = at;
        out.push(makeFinding(NO_SUBJECT, 'not_scheduled', 'warning',
          `corosync was not scheduled for ${Math.round(e.ms)} ms${e.thresholdMs !== null ? ` (threshold ${Math.round(e.thresholdMs)} ms)` : ''}`,
          at, { ms: e.ms, thresholdMs: e.thresholdMs }));
        break;
      case 'membership': {
        if (e.joined.length === 0 && e.left.length === 0) break;
        const parts = [e.joined.length ? `joined: ${e.joined.join(' ')}` : '', e.left.length ? `left: ${e.left.join(' ')}` : ''];
        out.push(makeFinding(NO_SUBJECT, 'membership_change', e.left.length ? 'warning' : 'info',
          `membership ${e.ringId}: ${parts.filter(Boolean).join(', ')}`, at, { ringId: e.ringId, joined: e.joined, left: e.left }));
        break;
      }
      case 'mtu_changed': {
        const key = `${e.host ?? ''}/${e.link ?? ''}`;
        const prev = this.lastMtu.get(key);
        this.lastMtu.set(key, { mtu: e.mtu, at });
        if (prev && prev.mtu === e.mtu && at - prev.at < this.opt.quietMs) break;
        const subject = { peer: e.host !== null ? this.opt.peerName(e.host) : null, link: e.link };
        const what = e.host !== null ? `data MTU to host ${e.host}${e.link !== null ? ` link ${e.link}` : ''}` : 'global data MTU';
        out.push(makeFinding(subject, 'mtu_change', 'info', `${what} changed to ${e.mtu}${prev ? ` (was ${prev.mtu})` : ''}`, at,
          { mtu: e.mtu, previous: prev?.mtu ?? null, host: e.host }));
        break;
      }
      case 'no_active_links':
        if (!this.noActive.has(e.host)) this.noActive.set(e.host, at);
        break;
      case 'link_up':
      case 'best_link':
        this.noActive.delete(e.host);
        break;
      default:
        break;
    }
    return out;
  }

  conditions(now: number): Finding[] {
    return [...this.noActive].map(([host, since]) =>
      makeFinding({ peer: this.opt.peerName(host), link: null }, 'no_active_links', 'critical',
        `no active knet link to host ${host}`, now, { host, since }));
  }

  /** Reports a retransmit bucket whose period is over. */
  flush(now: number): Finding[] {
    const r = this.retransmit;
    if (!r || now - r.start < this.opt.foldRetransmitMs) return [];
    this.retransmit = null;
    const secs = Math.round(this.opt.foldRetransmitMs / 1000);
    return [makeFinding(NO_SUBJECT, 'retransmit', 'warning',
      `${r.count} retransmit list line${r.count === 1 ? '' : 's'} within ${secs} s`, r.start,
      { count: r.count, lastAt: r.last, lastList: r.detail })];
  }
}
