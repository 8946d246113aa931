import type { EventRecord } from '../analyze/views';

// One link failing is seen from both ends and by every peer: pve3's link0 going down opens link_down for pve1→pve3,
// pve2→pve3, pve3→pve1 and pve3→pve2. For alerts that is one incident, so events of the same kind, cluster and
// link that share a node while open are folded into one group event: it starts with the first, lasts while any
// member is open, takes the highest severity, names the node they share, and keeps the first event's id. Events without a link (quorum,
// membership, corosync down) and events already over when first seen pass through unchanged. Pure.

const RANK = { info: 0, warning: 1, critical: 2 } as const;

interface Group {
  id: string;
  first: EventRecord;
  members: Map<string, EventRecord>;
  nodes: Set<string>;
  closed: boolean;
}

const groupable = (e: EventRecord) => e.node !== null && e.peer !== null && e.link !== null;

export class IncidentGrouper {
  private readonly groups: Group[] = [];
  private readonly byMember = new Map<string, Group>();

  /** The events the dispatcher should see for these changes: group events for link events, the rest as they are. */
  push(events: EventRecord[]): EventRecord[] {
    const out = new Map<string, EventRecord>();
    for (const e of events) {
      let g = this.byMember.get(e.id);
      if (!g) {
        if (!groupable(e) || e.endedAt !== null) {
          out.set(e.id, e);
          continue;
        }
        g = this.groups.find((x) => !x.closed && x.first.kind === e.kind && x.first.cluster === e.cluster && x.first.link === e.link && (x.nodes.has(e.node!) || x.nodes.has(e.peer!)));
        if (!g) {
          g = { id: e.id, first: e, members: new Map(), nodes: new Set(), closed: false };
          this.groups.push(g);
        }
        this.byMember.set(e.id, g);
        g.nodes.add(e.node!).add(e.peer!);
      }
      g.members.set(e.id, e);
      const view = this.view(g);
      out.set(view.id, view);
      if (view.endedAt !== null) this.close(g);
    }
    return [...out.values()];
  }

  private view(g: Group): EventRecord {
    const ms = [...g.members.values()];
    const open = ms.some((m) => m.endedAt === null);
    const severity = ms.reduce((s, m) => (RANK[m.severity] > RANK[s] ? m.severity : s), g.first.severity);
    if (ms.length === 1) return { ...ms[0], id: g.id, severity };
    const shared = [...g.nodes].find((n) => ms.every((m) => m.node === n || m.peer === n)) ?? null;
    const paths = ms.map((m) => `${m.node}→${m.peer}`);
    return {
      ...g.first,
      id: g.id,
      severity,
      node: shared ?? g.first.node,
      peer: shared ? null : g.first.peer,
      message: `${g.first.message} (${ms.length} paths${shared ? ` of ${shared}` : ''}: ${paths.join(', ')})`,
      endedAt: open ? null : Math.max(...ms.map((m) => m.endedAt ?? 0)),
      details: { ...(g.first.details ?? {}), paths },
    };
  }

  private close(g: Group): void {
    g.closed = true;
    for (const id of g.members.keys()) this.byMember.delete(id);
    this.groups.splice(this.groups.indexOf(g), 1);
  }
}
