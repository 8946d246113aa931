import type { EventRecord } from '../analyze/views';
import type { AlertRule, AlertsConfig } from './schema';
import { alertsSchema } from './schema';
import { IncidentGrouper } from './grouping';
import { createSender, redact, testEvent, type AlertMessage, type AlertStatus, type Sender } from './targets';

// Turns the runtime's event stream into alert messages.
//
// Events of one link failure seen from several nodes are one incident (grouping.ts). Per incident and rule:  pending --debounce--> firing --end (+ resolveHoldMs)--> resolved.
// An incident that ends while pending sends nothing. Each target gets at most one "firing" and one "resolved" per
// incident, even when several rules send it there. An instant event (already ended when first seen) is sent once,
// only by rules with `instants: true`. With resolveHoldMs, a condition that comes back (same kind, cluster, node,
// peer, link) before "resolved" went out continues the incident instead of starting a new one (hysteresis).
//
// Delivery is fully asynchronous: onEvents() only updates state and arms timers; every target has its own bounded
// FIFO queue, worked in order (a target's "resolved" never overtakes its "firing"), retried with exponential
// backoff, and given up after the configured attempts. Nothing here is awaited by the collectors.

const RANK = { info: 0, warning: 1, critical: 2 } as const;
const OUTCOMES = 100;

export interface DeliveryOutcome {
  at: number;
  target: string;
  status: AlertStatus;
  eventId: string;
  kind: string;
  title: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

export interface AlertsDescription {
  targets: Array<{ name: string; type: string; problem: string | null; queued: number }>;
  rules: Array<{ name: string | null; kinds: string[] | '*'; minSeverity: string; clusters: string[] | null; debounceMs: number; resolveHoldMs: number; instants: boolean; targets: string[] }>;
}

interface Job {
  msg: AlertMessage;
  attempts: number;
  resolve?: (r: { ok: boolean; error?: string }) => void;
}

interface RuleState {
  state: 'pending' | 'firing' | 'resolving' | 'done';
  timer: NodeJS.Timeout | null;
}

interface Incident {
  event: EventRecord;
  rules: Map<number, RuleState>;
  /** targets that were sent "firing" for this incident and are owed a "resolved" */
  fired: Set<string>;
  subject: string;
}

type Log = (line: string) => void;

const copy = (e: EventRecord): EventRecord => ({ ...e, details: e.details ? { ...e.details } : null });
const subjectKey = (e: EventRecord) => [e.kind, e.cluster, e.node ?? '', e.peer ?? '', e.link ?? '', String(e.details?.sub ?? '')].join('|');
const isInstant = (e: EventRecord) => e.endedAt !== null;
const what = (m: AlertMessage) => (m.status === 'test' ? 'test message' : `${m.status} ${m.event.kind} ${m.event.id}`);

class TargetQueue {
  private jobs: Job[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    readonly sender: Sender,
    private readonly opts: { attempts: number; baseMs: number; size: number },
    private readonly done: (job: Job, ok: boolean, error?: string) => void,
    private readonly log: Log,
  ) {}

  get length(): number {
    return this.jobs.length + (this.running ? 1 : 0);
  }

  push(job: Job): void {
    if (this.stopped) return;
    if (this.jobs.length >= this.opts.size) {
      const dropped = this.jobs.shift()!;
      this.log(`alert queue of ${this.sender.name} is full: dropped ${what(dropped.msg)}`);
      this.done(dropped, false, 'dropped: queue full');
    }
    this.jobs.push(job);
    if (!this.running) void this.run();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      this.timer.unref?.();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && this.jobs.length > 0) {
        const job = this.jobs.shift()!;
        let error = '';
        for (;;) {
          job.attempts++;
          try {
            await this.sender.send(job.msg);
            this.done(job, true);
            break;
          } catch (e) {
            error = redact((e as Error).message, this.sender.secrets);
          }
          if (job.attempts >= this.opts.attempts || this.sender.problem || this.stopped) {
            this.log(`alert to ${this.sender.name} (${what(job.msg)}) failed after ${job.attempts} attempt(s): ${error}`);
            this.done(job, false, error);
            break;
          }
          await this.sleep(this.opts.baseMs * 2 ** (job.attempts - 1));
          if (this.stopped) {
            this.done(job, false, `stopped: ${error}`);
            break;
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** waits until everything queued now has been delivered or given up (tests, shutdown) */
  async idle(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    for (const j of this.jobs.splice(0)) this.done(j, false, 'stopped');
  }
}

export class AlertDispatcher {
  readonly config: AlertsConfig;
  private readonly queues = new Map<string, TargetQueue>();
  private readonly incidents = new Map<string, Incident>();
  /** ended incidents waiting out resolveHoldMs, by subject */
  private readonly holding = new Map<string, Incident>();
  private readonly outcomes: DeliveryOutcome[] = [];
  private readonly grouper = new IncidentGrouper();
  private stopped = false;
  private readonly log: Log;

  constructor(config: AlertsConfig | undefined, opts: { env?: Record<string, string | undefined>; log?: Log; openEvents?: EventRecord[]; now?: () => number } = {}) {
    this.config = config ?? alertsSchema.parse({});
    this.log = opts.log ?? ((l) => console.error(`[corowatch] ${l}`));
    for (const t of this.config.targets) {
      const sender = createSender(t, { url: this.config.url ?? null, timeoutMs: this.config.timeoutMs, env: opts.env });
      if (sender.problem) this.log(`alert target ${t.name}: ${sender.problem}`);
      this.queues.set(t.name, new TargetQueue(sender, { attempts: this.config.retry.attempts, baseMs: this.config.retry.baseMs, size: this.config.queueSize }, (j, ok, err) => this.record(t.name, j, ok, err), this.log));
    }
    // events still open from before a restart: one older than a rule's debounce was announced then; it gets its
    // "resolved" when it ends. A younger one is pending for the rest of its debounce.
    const now = opts.now?.() ?? Date.now();
    for (const e of this.grouper.push(opts.openEvents ?? [])) if (e.endedAt === null) this.adopt(e, now);
  }

  get enabled(): boolean {
    return this.config.rules.length > 0 && this.queues.size > 0;
  }

  /** The listener for Runtime.onEvents: cheap, synchronous, never throws into the collector path. */
  readonly onEvents = (events: EventRecord[]): void => {
    if (this.stopped || this.config.rules.length === 0) return;
    let incidents: EventRecord[];
    try {
      incidents = this.grouper.push(events);
    } catch (err) {
      this.log(`alert grouping: ${(err as Error).message}`);
      incidents = events;
    }
    for (const e of incidents) {
      try {
        this.handle(copy(e));
      } catch (err) {
        this.log(`alert dispatcher: ${(err as Error).message}`);
      }
    }
  };

  private matches(r: AlertRule, e: EventRecord): boolean {
    if (r.kinds !== '*' && !r.kinds.includes(e.kind)) return false;
    if (RANK[e.severity] < RANK[r.minSeverity]) return false;
    if (r.clusters && !r.clusters.includes(e.cluster)) return false;
    return true;
  }

  private adopt(e: EventRecord, now: number): void {
    const inc: Incident = { event: copy(e), rules: new Map(), fired: new Set(), subject: subjectKey(e) };
    this.config.rules.forEach((r, i) => {
      if (!this.matches(r, e)) return;
      const age = now - e.startedAt;
      if (age >= r.debounceMs) {
        inc.rules.set(i, { state: 'firing', timer: null });
        for (const t of r.targets) inc.fired.add(t);
      } else {
        inc.rules.set(i, { state: 'pending', timer: this.arm(() => this.fire(inc, i), r.debounceMs - age) });
      }
    });
    if (inc.rules.size > 0) this.incidents.set(e.id, inc);
  }

  private arm(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return t;
  }

  private handle(e: EventRecord): void {
    let inc = this.incidents.get(e.id);
    if (!inc && isInstant(e)) {
      // first seen already over: an instant (link_up, jitter_spike, …) or a short episode reported at its end
      const targets = new Set<string>();
      for (const r of this.config.rules) if (r.instants && this.matches(r, e)) for (const t of r.targets) targets.add(t);
      for (const t of targets) this.enqueue(t, { status: 'firing', event: e });
      return;
    }
    if (!inc) {
      const subject = subjectKey(e);
      const held = this.holding.get(subject);
      if (held) {
        // hysteresis: the same condition is back before "resolved" went out: the incident continues under the new id
        this.holding.delete(subject);
        this.incidents.delete(held.event.id);
        held.event = e;
        for (const st of held.rules.values()) {
          if (st.timer) clearTimeout(st.timer);
          st.timer = null;
          if (st.state === 'resolving') st.state = 'firing';
        }
        this.incidents.set(e.id, held);
        inc = held;
      } else {
        inc = { event: e, rules: new Map(), fired: new Set(), subject };
      }
    } else {
      inc.event = e;
    }
    const incident = inc;

    if (e.endedAt === null) {
      // opened, or escalated in place: rules that match now start their debounce
      this.config.rules.forEach((r, i) => {
        if (incident.rules.has(i) || !this.matches(r, e)) return;
        incident.rules.set(i, { state: 'pending', timer: this.arm(() => this.fire(incident, i), r.debounceMs) });
        if (r.debounceMs === 0) {
          clearTimeout(incident.rules.get(i)!.timer!);
          this.fire(incident, i);
        }
      });
      if (incident.rules.size > 0) this.incidents.set(e.id, incident);
      return;
    }

    // ended
    let hold = 0;
    for (const [i, st] of incident.rules) {
      if (st.state === 'pending') {
        if (st.timer) clearTimeout(st.timer); // ended within debounce: nothing is sent for this rule
        st.timer = null;
        st.state = 'done';
      } else if (st.state === 'firing') {
        st.state = 'resolving';
        hold = Math.max(hold, this.config.rules[i].resolveHoldMs);
      }
    }
    if (![...incident.rules.values()].some((s) => s.state === 'resolving')) {
      this.incidents.delete(e.id);
      return;
    }
    if (hold === 0) this.resolve(incident);
    else {
      this.holding.set(incident.subject, incident);
      const st = [...incident.rules.values()].find((s) => s.state === 'resolving')!;
      st.timer = this.arm(() => this.resolve(incident), hold);
    }
  }

  private fire(inc: Incident, ruleIndex: number): void {
    const st = inc.rules.get(ruleIndex);
    if (!st || st.state !== 'pending' || this.stopped) return;
    st.state = 'firing';
    st.timer = null;
    for (const t of this.config.rules[ruleIndex].targets) {
      if (inc.fired.has(t)) continue;
      inc.fired.add(t);
      this.enqueue(t, { status: 'firing', event: copy(inc.event) });
    }
  }

  private resolve(inc: Incident): void {
    if (this.holding.get(inc.subject) === inc) this.holding.delete(inc.subject);
    this.incidents.delete(inc.event.id);
    for (const st of inc.rules.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = null;
      st.state = 'done';
    }
    if (this.stopped) return;
    for (const t of inc.fired) this.enqueue(t, { status: 'resolved', event: copy(inc.event) });
    inc.fired.clear();
  }

  private enqueue(target: string, msg: AlertMessage, resolve?: Job['resolve']): void {
    const q = this.queues.get(target);
    if (!q) return;
    q.push({ msg, attempts: 0, resolve });
  }

  private record(target: string, job: Job, ok: boolean, error?: string): void {
    const e = job.msg.event;
    this.outcomes.push({
      at: Date.now(), target, status: job.msg.status, eventId: e.id, kind: e.kind,
      title: e.kind === 'test' ? 'test message' : e.message, ok, attempts: job.attempts, ...(error ? { error } : {}),
    });
    if (this.outcomes.length > OUTCOMES) this.outcomes.splice(0, this.outcomes.length - OUTCOMES);
    job.resolve?.(ok ? { ok } : { ok, error });
  }

  /** Sends a test message to every target, or to the named one; resolves when each is delivered or given up. */
  async test(target?: string): Promise<Array<{ target: string; ok: boolean; error?: string }>> {
    const names = target ? [...this.queues.keys()].filter((n) => n === target) : [...this.queues.keys()];
    const ev = testEvent();
    return Promise.all(
      names.map(
        (n) =>
          new Promise<{ target: string; ok: boolean; error?: string }>((res) => {
            if (this.stopped) return res({ target: n, ok: false, error: 'stopped' });
            this.enqueue(n, { status: 'test', event: ev }, (r) => res({ target: n, ...r }));
          }),
      ),
    );
  }

  hasTarget(name: string): boolean {
    return this.queues.has(name);
  }

  /** Rules and target names and types: nothing secret. */
  describe(): AlertsDescription {
    return {
      targets: [...this.queues.values()].map((q) => ({ name: q.sender.name, type: q.sender.type, problem: q.sender.problem, queued: q.length })),
      rules: this.config.rules.map((r) => ({
        name: r.name ?? null, kinds: r.kinds, minSeverity: r.minSeverity, clusters: r.clusters ?? null, debounceMs: r.debounceMs,
        resolveHoldMs: r.resolveHoldMs, instants: r.instants, targets: r.targets,
      })),
    };
  }

  /** Recent delivery outcomes, newest first (bounded, in memory). */
  recentOutcomes(): DeliveryOutcome[] {
    return [...this.outcomes].reverse();
  }

  /** Waits until the queues are empty (tests). */
  async idle(timeoutMs = 10_000): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle(timeoutMs)));
  }

  stop(): void {
    this.stopped = true;
    for (const inc of this.incidents.values()) for (const st of inc.rules.values()) if (st.timer) clearTimeout(st.timer);
    this.incidents.clear();
    this.holding.clear();
    for (const q of this.queues.values()) q.stop();
  }
}
