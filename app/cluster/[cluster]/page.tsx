import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getRuntime } from '@/lib/runtime/global';
import { worstPeriods, type WorstDay } from '@/lib/runtime/worst-periods';
import { historyHref, type Selector } from '@/components/history/history-state';
import '../../history/history.css';

export const dynamic = 'force-dynamic';

type Params = { cluster: string };
const H = 3600_000;

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  return { title: `${decodeURIComponent((await params).cluster)}: worst periods · corowatch` };
}

const hh = (t: number) => new Date(t).toISOString().slice(11, 16);
const dayLabel = (t: number) =>
  new Date(t).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const ms = (us: number | null) => (us === null ? '–' : us >= 10_000 ? `${(us / 1000).toFixed(0)} ms` : `${(us / 1000).toFixed(2)} ms`);

function hourHref(cluster: string, hour: number, pairs: Array<{ node: string; peer: string | null; link?: number }>, nodes: string[]): string {
  const selectors: Selector[] = [];
  for (const p of pairs) {
    const peers = p.peer ? [p.peer] : nodes.filter((n) => n !== p.node).slice(0, 1);
    for (const peer of peers) {
      const s = { cluster, node: p.node, peer, link: p.link ?? null };
      if (!selectors.some((x) => x.node === s.node && x.peer === s.peer && x.link === s.link)) selectors.push(s);
    }
  }
  return historyHref({ range: { mode: 'fixed', from: hour, to: hour + H }, selectors: selectors.slice(0, 4), event: null });
}

function Day({ d, cluster, nodes }: { d: WorstDay; cluster: string; nodes: string[] }) {
  const maxEvents = Math.max(1, ...d.byEvents.map((h) => h.events));
  const maxP95 = Math.max(1, ...d.byRtt.map((h) => h.p95Us));
  return (
    <section className="worst-day" data-testid="worst-day" data-day={new Date(d.day).toISOString().slice(0, 10)}>
      <h2>{dayLabel(d.day)} <span className="muted">UTC · {d.events} event{d.events === 1 ? '' : 's'}</span></h2>
      <div className="worst-cols">
        <div>
          <h3>Most events</h3>
          {d.byEvents.length === 0 ? <p className="muted">No events.</p> : (
            <ul className="worst-list" data-testid="worst-events">
              {d.byEvents.map((h) => (
                <li key={h.hour}>
                  <Link href={hourHref(cluster, h.hour, h.pairs.slice(0, 2), nodes)}>{hh(h.hour)}–{hh(h.hour + H)}</Link>
                  <span>
                    <i className="bar" style={{ width: `${(60 * h.events) / maxEvents}px` }} />
                    <b>{h.events}</b> event{h.events === 1 ? '' : 's'}
                    {h.critical + h.warning > 0 && <span className="muted"> ({[h.critical && `${h.critical} critical`, h.warning && `${h.warning} warning`].filter(Boolean).join(', ')})</span>}
                    <span className="muted"> · {h.kinds.slice(0, 4).join(', ')}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Highest RTT <span className="muted">(probe p95 of the worst link in the hour)</span></h3>
          {d.byRtt.length === 0 ? <p className="muted">No hourly rollups yet.</p> : (
            <ul className="worst-list" data-testid="worst-rtt">
              {d.byRtt.map((h) => (
                <li key={h.hour}>
                  <Link href={hourHref(cluster, h.hour, h.worst.slice(0, 2), nodes)}>{hh(h.hour)}–{hh(h.hour + H)}</Link>
                  <span>
                    <i className="bar rtt" style={{ width: `${(60 * h.p95Us) / maxP95}px` }} />
                    p95 <b>{ms(h.p95Us)}</b> <span className="muted">max {ms(h.maxUs)}{h.lossPct ? ` · lost ${h.lossPct.toFixed(2)} %` : ''}</span>
                    {h.worst[0] && <span className="muted"> · {h.worst[0].node} → {h.worst[0].peer} link{h.worst[0].link}</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/** /cluster/<name>[?days=7]: per day, the hours with the most events and the highest RTT, each linked to its history. */
export default async function Page({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ days?: string }> }) {
  const cluster = decodeURIComponent((await params).cluster);
  const rt = getRuntime();
  const cfg = rt?.config.clusters.find((c) => c.name === cluster);
  if (!rt || !cfg) notFound();
  const daysRaw = Number((await searchParams).days ?? 7);
  const days = Number.isInteger(daysRaw) && daysRaw >= 1 && daysRaw <= 90 ? daysRaw : 7;
  const list = await worstPeriods(rt.db, cluster, days);
  const nodes = cfg.nodes.map((n) => n.name);
  return (
    <main className="clusterpage">
      <header className="top">
        <div className="crumbs">
          <Link href="/">corowatch</Link> <span className="muted">/</span> <h1>{cluster}: worst periods</h1>
        </div>
        <nav className="nav">
          {[7, 30, 90].map((n) => <Link key={n} href={`/cluster/${encodeURIComponent(cluster)}?days=${n}`}>{n} days</Link>)}
          <Link href={`/events?cluster=${encodeURIComponent(cluster)}`}>events</Link>
          <Link href="/history">history</Link>
        </nav>
      </header>
      <p className="muted">The last {days} days, newest first: the hours with the most events and with the highest probe RTT (from the hourly rollups).</p>
      {list.length === 0 && <p className="muted" data-testid="no-periods">Nothing recorded in these days.</p>}
      {list.map((d) => <Day key={d.day} d={d} cluster={cluster} nodes={nodes} />)}
    </main>
  );
}
