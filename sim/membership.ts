// Totem membership and votequorum, coarse-grained: the members of a node are the running nodes it can reach
// through knet links that both ends see connected (transitively). A lost member goes through token loss
// (~2.5 s "Token has not been received", ~3.4 s "A processor failed", ~7.8 s new membership, as in the
// captures); joins settle within a few hundred ms; a graceful stop re-forms the membership at once.
import type { SimNode } from './node';
import type { Rng } from './rng';

const TOKEN_WARN_MS = 2480;
const TOKEN_FAIL_MS = 3390;
const LOSS_APPLY_MS = 7780;

interface Pending {
  kind: 'loss' | 'join';
  since: number;
  applyAt: number;
  warned: boolean;
  failed: boolean;
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (n: number) => n.toString(16);

export class Membership {
  private seq = 1;
  private pending: Pending | null = null;

  constructor(
    private readonly nodes: SimNode[],
    private readonly rng: Rng,
  ) {}

  get quorumVotes(): number {
    return Math.floor(this.nodes.length / 2) + 1;
  }

  private byId(id: number): SimNode {
    return this.nodes.find((n) => n.id === id)!;
  }

  private linked(a: SimNode, b: SimNode): boolean {
    const ab = a.links.get(b.id) ?? [];
    const ba = b.links.get(a.id) ?? [];
    return ab.some((l) => l.connected) && ba.some((l) => l.connected);
  }

  /** node id -> sorted ids of its reachable component (running nodes only) */
  components(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const running = this.nodes.filter((n) => n.running);
    for (const start of running) {
      if (out.has(start.id)) continue;
      const comp = new Set([start.id]);
      const stack = [start];
      while (stack.length) {
        const cur = stack.pop()!;
        for (const o of running) {
          if (!comp.has(o.id) && this.linked(cur, o)) {
            comp.add(o.id);
            stack.push(o);
          }
        }
      }
      const ids = [...comp].sort((a, b) => a - b);
      for (const id of ids) out.set(id, ids);
    }
    return out;
  }

  /** A node that just booted forms a membership of its own. */
  formSingleton(now: number, n: SimNode): void {
    this.seq += 4;
    n.members = [n.id];
    n.ringId = `${hex(n.id)}.${hex(this.seq)}`;
    n.quorate = 1 >= this.quorumVotes;
    const t = now + 356;
    n.write(t, 'notice', 'QUORUM', `Sync members[1]: ${n.id}`);
    n.write(t, 'notice', 'QUORUM', `Sync joined[1]: ${n.id}`);
    n.write(t, 'notice', 'TOTEM', `A new membership (${n.ringId}) was formed. Members joined: ${n.id}`);
    if (n.quorate) n.write(t, 'notice', 'QUORUM', 'This node is within the primary component and will provide service.');
    n.write(t, 'notice', 'QUORUM', `Members[1]: ${n.id}`);
    n.write(t, 'notice', 'MAIN', 'Completed service synchronization, ready to provide service.');
  }

  tick(now: number): void {
    const target = this.components();
    const changed = this.nodes.filter((n) => n.running && !same(n.members, target.get(n.id)!));
    if (changed.length === 0) {
      this.pending = null;
      return;
    }
    const losers = changed.filter((n) => n.members.some((m) => !target.get(n.id)!.includes(m)));
    if (losers.length > 0 && this.pending?.kind !== 'loss') {
      this.pending = { kind: 'loss', since: now, applyAt: now + LOSS_APPLY_MS, warned: false, failed: false };
    } else if (!this.pending) {
      this.pending = { kind: 'join', since: now, applyAt: now + this.rng.range(150, 400), warned: false, failed: false };
    }
    const p = this.pending!;
    if (p.kind === 'loss' && !p.warned && now - p.since >= TOKEN_WARN_MS) {
      p.warned = true;
      for (const n of losers) n.write(now, 'notice', 'TOTEM', 'Token has not been received in 2737 ms ');
    }
    if (p.kind === 'loss' && !p.failed && now - p.since >= TOKEN_FAIL_MS) {
      p.failed = true;
      for (const n of losers) {
        n.write(now, 'notice', 'TOTEM', 'A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.');
        n.srp.consensus_timeouts++;
        n.srp.operational_token_lost++;
      }
    }
    if (now >= p.applyAt) {
      this.apply(now, target, null);
      this.pending = null;
    }
  }

  /** `corosync-cfgtool -H`: the node tells its members it is leaving; they re-form without waiting for the token. */
  gracefulLeave(now: number, leaving: SimNode): void {
    for (const id of leaving.members) {
      if (id !== leaving.id) this.byId(id).write(now, 'notice', 'CFG', `Node ${leaving.id} was shut down by sysadmin`);
    }
    leaving.running = false;
    leaving.members = [];
    leaving.quorate = false;
    this.apply(now + 4, this.components(), leaving.id);
  }

  private apply(now: number, target: Map<number, number[]>, graceful: number | null): void {
    const changed = this.nodes.filter((n) => n.running && !same(n.members, target.get(n.id)!));
    if (changed.length === 0) return;
    this.seq += 4;
    for (const n of changed) {
      const next = target.get(n.id)!;
      const joined = next.filter((m) => !n.members.includes(m));
      const left = n.members.filter((m) => !next.includes(m));
      const ring = `${hex(next[0])}.${hex(this.seq)}`;
      const quorate = next.length >= this.quorumVotes;
      n.write(now, 'notice', 'QUORUM', `Sync members[${next.length}]: ${next.join(' ')}`);
      if (joined.length) n.write(now, 'notice', 'QUORUM', `Sync joined[${joined.length}]: ${joined.join(' ')}`);
      if (left.length) n.write(now, 'notice', 'QUORUM', `Sync left[${left.length}]: ${left.join(' ')}`);
      const j = joined.length ? ` joined: ${joined.join(' ')}` : '';
      const l = left.length ? ` left: ${left.join(' ')}` : '';
      n.write(now, 'notice', 'TOTEM', `A new membership (${ring}) was formed. Members${j}${l}`);
      const failed = left.filter((m) => m !== graceful);
      if (failed.length) n.write(now, 'notice', 'TOTEM', `Failed to receive the leave message. failed: ${failed.join(' ')}`);
      if (quorate && !n.quorate) n.write(now + 4, 'notice', 'QUORUM', 'This node is within the primary component and will provide service.');
      if (!quorate && n.quorate) n.write(now, 'notice', 'QUORUM', 'This node is within the non-primary component and will NOT provide any services.');
      n.write(now + 4, 'notice', 'QUORUM', `Members[${next.length}]: ${next.join(' ')}`);
      n.write(now + 4, 'notice', 'MAIN', 'Completed service synchronization, ready to provide service.');
      n.members = next;
      n.ringId = ring;
      n.quorate = quorate;
      for (const k of ['gather_entered', 'commit_entered', 'recovery_entered', 'operational_entered']) n.srp[k]++;
      n.srp.memb_join_tx += 3;
      n.srp.memb_join_rx += 3 * next.length;
      n.srp.memb_commit_token_tx += 2;
      n.srp.memb_commit_token_rx += 2;
    }
  }
}
