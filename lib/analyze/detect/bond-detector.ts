// Findings from one node's bonds, fed with successive snapshots of /proc/net/bonding/* (lib/parse/bonding.ts).
// Instants, from the difference to the previous snapshot of the same bond (the first snapshot only sets the base):
//   bond_failover       the currently active slave changed (active-backup, tlb, alb)
//   bond_link_failures  a slave's Link Failure Count went up (details.delta); a decrease is a driver reset
// Conditions, each turned off only after it was seen off for leaveHoldMs (a slave bouncing between polls keeps
// one event instead of blinking):
//   bond_slave_down     per slave: MII down, or "going back" (link back but still in updelay, not yet used)
//   lacp_churn          per 802.3ad slave: actor or partner churn state "churned"; off when none/monitoring again
//   bond_degraded       per bond: fewer slaves up than it has (critical when none is up)
import type { BondStatus } from '../../parse/types';
import type { Detector, Finding, Severity } from './types';
import { HeldFlag, makeFinding } from './util';

export interface BondOptions {
  leaveHoldMs: number; // default 5000
}

type Slave = BondStatus['slaves'][number];

interface Held {
  flag: HeldFlag;
  kind: string;
  bond: string;
  sub: string;
  severity: Severity;
  message: string;
  details: Record<string, unknown>;
}

const NO_SUBJECT = { peer: null, link: null };
const CALM = new Set(['none', 'monitoring']);

function slaveUp(s: Slave): boolean | null {
  if (s.miiStatus === 'up' || s.miiStatusText === 'going down') return true; // "going down": still carries traffic
  if (s.miiStatus === 'down' || s.miiStatusText === 'going back') return false;
  return null;
}

export class BondDetector implements Detector<[BondStatus[], number]> {
  private readonly opt: BondOptions;
  private prev = new Map<string, BondStatus>();
  private held = new Map<string, Held>();

  constructor(options: Partial<BondOptions> = {}) {
    this.opt = { leaveHoldMs: 5000, ...options };
  }

  push(bonds: BondStatus[], t: number): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of bonds) {
      seen.add(b.name);
      const p = this.prev.get(b.name);
      if (p && p.activeSlave !== b.activeSlave) {
        const to = b.activeSlave;
        out.push(makeFinding(NO_SUBJECT, 'bond_failover', to === null ? 'critical' : 'warning',
          to === null ? `${b.name}: no active slave any more (was ${p.activeSlave})` : `${b.name}: active slave ${p.activeSlave ?? 'none'} → ${to}`,
          t, { bond: b.name, from: p.activeSlave, to }, b.name));
      }
      let up = 0;
      for (const s of b.slaves) {
        const sub = `${b.name}/${s.name}`;
        const ps = p?.slaves.find((x) => x.name === s.name);
        const before = ps?.linkFailureCount ?? null;
        const now = s.linkFailureCount;
        if (before !== null && now !== null && now > before) {
          out.push(makeFinding(NO_SUBJECT, 'bond_link_failures', 'warning',
            `${b.name}: slave ${s.name} link failures +${now - before} (${now} in all)`, t,
            { bond: b.name, slave: s.name, delta: now - before, count: now }, sub));
        }
        const isUp = slaveUp(s);
        if (isUp === true) up++;
        if (isUp !== null) {
          this.hold('bond_slave_down', b.name, sub, !isUp, t, 'warning',
            `${b.name}: slave ${s.name} is ${s.miiStatusText ?? s.miiStatus}`, { bond: b.name, slave: s.name, mii: s.miiStatusText ?? s.miiStatus });
        }
        if (b.modeKey === '802.3ad' && (s.actorChurnState !== null || s.partnerChurnState !== null)) {
          const churned = s.actorChurnState === 'churned' || s.partnerChurnState === 'churned';
          const calm = [s.actorChurnState, s.partnerChurnState].every((x) => x === null || CALM.has(x));
          if (churned || calm) {
            this.hold('lacp_churn', b.name, sub, churned, t, 'warning',
              `${b.name}: LACP churned on ${s.name} (actor ${s.actorChurnState ?? '?'}, partner ${s.partnerChurnState ?? '?'})`,
              { bond: b.name, slave: s.name, actor: s.actorChurnState, partner: s.partnerChurnState });
          }
        }
      }
      const total = b.slaves.length;
      if (total > 0) {
        this.hold('bond_degraded', b.name, b.name, up < total, t, up === 0 ? 'critical' : 'warning',
          `${b.name}: ${up} of ${total} slaves up`, { bond: b.name, up, total });
      }
    }
    for (const [key, h] of this.held) if (!seen.has(h.bond)) this.held.delete(key); // bond gone: nothing to judge
    this.prev = new Map(bonds.map((b) => [b.name, b]));
    return out;
  }

  conditions(now: number): Finding[] {
    const out: Finding[] = [];
    for (const h of this.held.values()) {
      if (h.flag.isOn(now)) out.push(makeFinding(NO_SUBJECT, h.kind, h.severity, h.message, now, h.details, h.sub));
    }
    return out;
  }

  flush(_now: number): Finding[] {
    return [];
  }

  /** Updates a held condition; the message and details of its latest "on" reading are kept. */
  private hold(kind: string, bond: string, sub: string, active: boolean, t: number, severity: Severity, message: string, details: Record<string, unknown>): void {
    const key = `${kind}|${sub}`;
    let h = this.held.get(key);
    if (!h) {
      if (!active) return;
      h = { flag: new HeldFlag(this.opt.leaveHoldMs), kind, bond, sub, severity, message, details };
      this.held.set(key, h);
    }
    h.flag.set(active, t);
    if (active) Object.assign(h, { severity, message, details });
  }
}
