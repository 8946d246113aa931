import { randomUUID } from 'node:crypto';
import type { EventRecord } from './views';

// Turns conditions ("pve1 sees link0 to pve3 down") into events with a start and an end. A condition that
// persists keeps its one open event (no repeats); when it disappears the event ends, and for kinds with a
// recovery counterpart an instant event records the recovery. Only kinds in the caller's scope are judged:
// what corowatch cannot currently see (an unreachable node's links) stays as it was.

export interface Condition {
  kind: string;
  severity: EventRecord['severity'];
  node: string | null;
  peer: string | null;
  link: number | null;
  sub?: string; // distinguishes conditions of one kind on one subject, e.g. the probe of a parse_error
  message: string;
  details?: Record<string, unknown>;
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

export const RECOVERY: Record<string, string> = {
  link_down: 'link_up',
  node_unreachable: 'node_reachable',
  quorum_lost: 'quorum_regained',
  corosync_down: 'corosync_up',
};

function recoveryMessage(e: EventRecord): string {
  switch (e.kind) {
    case 'link_down':
      return e.message.replace(/ down$/, ' up');
    case 'node_unreachable':
      return `${e.node} reachable again`;
    case 'quorum_lost':
      return `${e.node} quorate again`;
    case 'corosync_down':
      return `corosync running again on ${e.node}`;
    default:
      return `${e.message} (ended)`;
  }
}

function keyOf(c: { kind: string; node: string | null; peer: string | null; link: number | null; sub?: unknown }): string {
  return `${c.kind}|${c.node ?? ''}|${c.peer ?? ''}|${c.link ?? ''}|${c.sub ?? ''}`;
}

function recordKey(e: EventRecord): string {
  return keyOf({ ...e, sub: e.details?.sub as string | undefined });
}

export class EventTracker {
  private open = new Map<string, EventRecord>();

  constructor(private readonly cluster: string, openEvents: EventRecord[] = []) {
    for (const e of openEvents) if (e.endedAt === null) this.open.set(recordKey(e), e);
  }

  openEvents(): EventRecord[] {
    return [...this.open.values()];
  }

  private create(c: Condition, at: number, endedAt: number | null): EventRecord {
    const details = c.sub !== undefined || c.details ? { ...(c.details ?? {}), ...(c.sub !== undefined ? { sub: c.sub } : {}) } : null;
    return {
      id: randomUUID(), kind: c.kind, severity: c.severity, cluster: this.cluster, node: c.node, peer: c.peer,
      link: c.link, message: c.message, startedAt: at, endedAt, details,
    };
  }

  /** Returns every event created or ended. */
  reconcile(node: string | null, scope: ReadonlySet<string>, conditions: Condition[], at: number): EventRecord[] {
    const out: EventRecord[] = [];
    const present = new Set<string>();
    for (const c of conditions) {
      const k = keyOf(c);
      present.add(k);
      const existing = this.open.get(k);
      if (existing) {
        if (RANK[c.severity] > RANK[existing.severity]) {
          existing.severity = c.severity; // escalation updates the open event instead of opening another
          existing.message = c.message;
          out.push(existing);
        }
        continue;
      }
      const e = this.create(c, at, null);
      this.open.set(k, e);
      out.push(e);
    }
    for (const [k, e] of this.open) {
      if (e.node !== node || !scope.has(e.kind) || present.has(k)) continue;
      out.push(...this.end(k, at));
    }
    return out;
  }

  private end(k: string, at: number): EventRecord[] {
    const e = this.open.get(k)!;
    this.open.delete(k);
    e.endedAt = Math.max(at, e.startedAt);
    const out = [e];
    const recovery = RECOVERY[e.kind];
    if (recovery) {
      const msg = recoveryMessage(e);
      out.push(this.create({ kind: recovery, severity: 'info', node: e.node, peer: e.peer, link: e.link, message: msg, details: { after: e.id } }, at, at));
    }
    return out;
  }

  /** An instant event (already ended when it starts, or a short episode reported once it is over). */
  instant(c: Condition, at: number, endedAt = at): EventRecord {
    return this.create(c, at, Math.max(at, endedAt));
  }

  findOpen(pred: (e: EventRecord) => boolean): EventRecord | undefined {
    for (const e of this.open.values()) if (pred(e)) return e;
    return undefined;
  }

  /** Opens an event that is not condition-driven (a failover), or ends one. */
  openEvent(c: Condition, at: number): EventRecord {
    const e = this.create(c, at, null);
    this.open.set(keyOf(c), e);
    return e;
  }

  endEvent(e: EventRecord, at: number): EventRecord {
    this.open.delete(recordKey(e));
    e.endedAt = Math.max(at, e.startedAt);
    return e;
  }
}
