// A node's corosync log: a bounded buffer of records plus live subscribers (the follow execs).
import { logFileLine, journalLine, type LogLevel } from './formats';

export interface LogRecord {
  ms: number; // node-local wall clock
  pid: number;
  host: string;
  level: LogLevel;
  subsys: string; // KNET, TOTEM, QUORUM, MAIN, SERV, QB, WD, CFG
  msg: string;
}

export type LogStyle = 'file' | 'journal';

export function renderLog(r: LogRecord, style: LogStyle): string {
  return style === 'journal' ? journalLine(r.ms, r.pid, r.host, r.subsys, r.msg) : logFileLine(r.ms, r.pid, r.host, r.level, r.subsys, r.msg);
}

const KEEP = 5000;

export class NodeLog {
  private records: LogRecord[] = [];
  private subs = new Set<(r: LogRecord) => void>();

  push(r: LogRecord): void {
    this.records.push(r);
    if (this.records.length > KEEP) this.records.splice(0, this.records.length - KEEP);
    for (const s of this.subs) s(r);
  }

  tail(n: number): LogRecord[] {
    return n > 0 ? this.records.slice(-n) : [];
  }

  all(): readonly LogRecord[] {
    return this.records;
  }

  subscribe(fn: (r: LogRecord) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}
