import type { ClusterView, EventRecord } from '@/lib/analyze/views';
import { clusterState, configuredLinks, type ClusterLevel } from '@/lib/analyze/cluster-state';
import { formatAge, formatLatency } from '../format';
import { WallMatrix } from './WallMatrix';
import { Sparkline } from './Sparkline';
import { MAX_PAIR_SPARKS, linkKey, pairKey, type SparkStore } from './spark-store';

const LEVEL: Record<ClusterLevel, { sym: string; text: string }> = {
  ok: { sym: '●', text: 'OK' },
  degraded: { sym: '▲', text: 'DEGRADED' },
  failed: { sym: '■', text: 'FAILED' },
};
const MAX_REASONS = 3;
const MAX_INCIDENTS = 6;
const WIDE_NODES = 8;

/** Newest poll of any node of the cluster, or null before the first. */
export function newestPoll(c: ClusterView): number | null {
  const t = c.nodes.map((n) => n.lastPollAt).filter((x): x is number => x !== null);
  return t.length ? Math.max(...t) : null;
}

interface SparkRow { key: string; label: string; latest: number | null; worst?: number | null }

function sparkRows(c: ClusterView, dense: boolean): SparkRow[] {
  const links = c.nodes.flatMap((n) => n.links.map((l) => ({ n, l })));
  if (!dense && links.length <= MAX_PAIR_SPARKS) {
    return links.map(({ n, l }) => ({ key: pairKey(c.name, n.name, l.peer, l.link), label: `${n.name}→${l.peer} link${l.link}`, latest: l.rttUs }));
  }
  const byLink = new Map<number, number[]>();
  for (const { l } of links) {
    if (!byLink.has(l.link)) byLink.set(l.link, []);
    if (l.rttUs !== null) byLink.get(l.link)!.push(l.rttUs);
  }
  return [...byLink].sort((a, b) => a[0] - b[0]).map(([link, v]) => ({
    key: linkKey(c.name, link), label: `link${link}`,
    latest: v.length ? v.reduce((s, x) => s + x, 0) / v.length : null, worst: v.length ? Math.max(...v) : null,
  }));
}

function sparkValue(r: SparkRow): string {
  const v = formatLatency(r.latest === null ? null : Math.round(r.latest));
  if (r.worst === undefined) return v;
  return `${v.replace(' ms', '')} / ${formatLatency(r.worst)}`;
}

/** dense: one of several panels on the screen (fewer incidents, sparklines per knet link) */
export function ClusterPanel({ cluster, events, now, store, stale, age, dense = false }: {
  cluster: ClusterView; events: EventRecord[]; now: number; store: SparkStore; stale: boolean; age: number | null; dense?: boolean;
}) {
  const st = clusterState(cluster);
  const lv = LEVEL[st.level];
  const open = events.filter((e) => e.cluster === cluster.name && e.endedAt === null);
  const rows = sparkRows(cluster, dense);
  const maxInc = dense ? 3 : MAX_INCIDENTS;
  const aggregate = rows.some((r) => r.worst !== undefined);
  const q = cluster.quorate;
  const wide = cluster.nodes.length > WIDE_NODES; // the matrix gets the panel's right side
  const paths = Math.round(cluster.nodes.reduce((k, n) => k + n.links.length, 0) / Math.max(1, rows.length));
  return (
    <section className={`wp wp-${st.level}${wide ? ' wp-wide' : ''}${stale ? ' wp-stale' : ''}`} data-testid={`wall-cluster-${cluster.name}`} data-state={st.level} data-stale={stale}>
      <header className="wp-head">
        <div className="wp-name">{cluster.name}</div>
        <div className="wp-meta">
          <span>{q === null ? 'quorum ?' : q ? 'quorate' : 'NOT QUORATE'}</span>
          <span>{cluster.nodes.length} nodes</span>
          <span>data {age === null ? '–' : `${formatAge(now - age, now)} old`}</span>
        </div>
      </header>
      <div className="wp-state" data-testid="wall-state" data-state={st.level}>
        <span className="wp-sym" aria-hidden>{lv.sym}</span> {lv.text}
      </div>
      <ul className="wp-reasons">
        {st.reasons.slice(0, MAX_REASONS).map((r) => <li key={r}>{r}</li>)}
        {st.reasons.length > MAX_REASONS && <li>+{st.reasons.length - MAX_REASONS} more</li>}
      </ul>
      <WallMatrix cluster={cluster} linkCount={configuredLinks(cluster)} compact={wide} />
      <div className="wp-sparks" style={{ '--rows': Math.max(rows.length, 4) } as React.CSSProperties}>
        <div className="wp-sub">probe RTT, 15 min{aggregate ? ` · mean / worst of ${paths} paths` : ''}</div>
        {rows.map((r) => {
          const s = store.series(r.key, now);
          return (
            <div key={r.key} className="spark-row" data-spark={r.key}>
              <span className="spark-label">{r.label}</span>
              <Sparkline avg={s.avg} max={aggregate ? s.max : undefined} />
              <span className="spark-val">{sparkValue(r)}</span>
            </div>
          );
        })}
      </div>
      <div className="wp-incidents">
        <div className="wp-sub">open incidents: {open.length || 'none'}</div>
        <ul>
          {open.slice(0, maxInc).map((e) => (
            <li key={e.id} className={`inc inc-${e.severity}`} data-kind={e.kind}>
              <span className="inc-age">{formatAge(e.startedAt, now)}</span>
              <span className="inc-sev">{e.severity === 'critical' ? '■' : e.severity === 'warning' ? '▲' : '●'}</span>
              <span className="inc-msg">{e.message}</span>
            </li>
          ))}
          {open.length > maxInc && <li className="inc inc-more">+{open.length - maxInc} more</li>}
        </ul>
      </div>
      {stale && <div className="wp-stale-tag" aria-hidden>STALE</div>}
    </section>
  );
}
