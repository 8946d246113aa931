import type { Db } from '../store/db';
import { tsMs } from '../store/rollup-sql';
import { dialectOf } from '../store/dialect';

// A cluster's worst hours per day: the hours with the most events (ties: more critical, then warning) and the hours with the
// highest probe RTT (the highest p95 of any link series, from the 1-hour rollups), each with the series to look at.

const H = 3600_000;
const D = 24 * H;

export interface WorstSeries {
  node: string;
  peer: string;
  link: number;
  p95Us: number | null;
  maxUs: number | null;
}

export interface EventHour {
  hour: number;
  events: number;
  critical: number;
  warning: number;
  kinds: string[];
  /** the pairs the events name, most frequent first */
  pairs: Array<{ node: string; peer: string | null }>;
}

export interface RttHour {
  hour: number;
  p95Us: number;
  maxUs: number | null;
  lossPct: number | null;
  worst: WorstSeries[];
}

export interface WorstDay {
  day: number; // start of the day (UTC)
  events: number;
  byEvents: EventHour[];
  byRtt: RttHour[];
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The last `days` days (UTC), newest first, `top` hours of each kind per day. */
export async function worstPeriods(db: Db, cluster: string, days: number, now = Date.now(), top = 3): Promise<WorstDay[]> {
  const end = Math.floor(now / D) * D + D;
  const start = end - days * D;
  const [hours, events] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(dialectOf(db).sql(
      `SELECT "bucket" AS b, MAX("rttP95Us") AS p95, MAX("rttMaxUs") AS mx, SUM("rttLost") AS lost, SUM("rttCount") AS cnt
       FROM "LinkRollup1h" WHERE "cluster" = ? AND "bucket" >= ? AND "bucket" < ? GROUP BY "bucket"`), cluster, dialectOf(db).tsParam(start), dialectOf(db).tsParam(end)),
    db.event.findMany({
      where: { cluster, startedAt: { gte: new Date(start), lt: new Date(end) } },
      select: { startedAt: true, severity: true, kind: true, node: true, peer: true },
    }),
  ]);
  const out = new Map<number, WorstDay>();
  const dayOf = (t: number) => {
    const d = Math.floor(t / D) * D;
    let w = out.get(d);
    if (!w) out.set(d, (w = { day: d, events: 0, byEvents: [], byRtt: [] }));
    return w;
  };
  const evHours = new Map<number, EventHour & { pairCount: Map<string, number> }>();
  for (const e of events) {
    const t = e.startedAt.getTime();
    dayOf(t).events++;
    const h = Math.floor(t / H) * H;
    let eh = evHours.get(h);
    if (!eh) evHours.set(h, (eh = { hour: h, events: 0, critical: 0, warning: 0, kinds: [], pairs: [], pairCount: new Map() }));
    eh.events++;
    if (e.severity === 'critical') eh.critical++;
    if (e.severity === 'warning') eh.warning++;
    if (!eh.kinds.includes(e.kind)) eh.kinds.push(e.kind);
    if (e.node) {
      const k = JSON.stringify([e.node, e.peer]);
      eh.pairCount.set(k, (eh.pairCount.get(k) ?? 0) + 1);
    }
  }
  for (const eh of evHours.values()) {
    const { pairCount, ...rest } = eh;
    rest.pairs = [...pairCount].sort((a, b) => b[1] - a[1]).map(([k]) => {
      const [node, peer] = JSON.parse(k) as [string, string | null];
      return { node, peer };
    });
    dayOf(eh.hour).byEvents.push(rest);
  }
  for (const r of hours) {
    const h = tsMs(r.b)!;
    const p95 = num(r.p95);
    if (p95 === null) continue;
    const lost = num(r.lost) ?? 0;
    const cnt = num(r.cnt) ?? 0;
    dayOf(h).byRtt.push({ hour: h, p95Us: p95, maxUs: num(r.mx), lossPct: lost + cnt > 0 ? (100 * lost) / (lost + cnt) : null, worst: [] });
  }
  const list = [...out.values()].sort((a, b) => b.day - a.day);
  for (const d of list) {
    d.byEvents = d.byEvents.sort((a, b) => b.events - a.events || b.critical - a.critical || b.warning - a.warning || a.hour - b.hour).slice(0, top);
    d.byRtt = d.byRtt.sort((a, b) => b.p95Us - a.p95Us || a.hour - b.hour).slice(0, top);
    for (const r of d.byRtt) {
      const rows = await db.$queryRawUnsafe<Row[]>(dialectOf(db).sql(
        `SELECT "node", "peer", "link", "rttP95Us", "rttMaxUs" FROM "LinkRollup1h" WHERE "cluster" = ? AND "bucket" = ? AND "rttP95Us" IS NOT NULL
         ORDER BY "rttP95Us" DESC LIMIT 3`), cluster, dialectOf(db).tsParam(r.hour));
      r.worst = rows.map((w) => ({ node: String(w.node), peer: String(w.peer), link: Number(w.link), p95Us: num(w.rttP95Us), maxUs: num(w.rttMaxUs) }));
    }
  }
  return list;
}
