'use client';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLive } from '../useLive';
import { formatAge, formatTime } from '../format';
import { ClusterPanel, newestPoll } from './ClusterPanel';
import { useSparks } from './useSparks';

const ROTATE_MS = 15_000;
const MAX_GRID = 6;
const STALE_POLLS = 3;

function gridShape(k: number): { cols: number; rows: number } {
  const cols = k <= 1 ? 1 : k <= 2 ? 2 : k <= 4 ? 2 : 3;
  return { cols, rows: Math.ceil(k / cols) };
}

/** The NOC wall: every cluster's state, matrix, sparklines and incidents; a clock; STALE when data stops. */
export function Wall({ only, rotate = false }: { only?: string; rotate?: boolean }) {
  const live = useLive();
  const [now, setNow] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  const [overflow, setOverflow] = useState<string | null>(null); // the cluster set that did not fit a grid
  const gridRef = useRef<HTMLDivElement>(null);
  const seen = useRef(new Map<string, { at: number | null; seenAt: number }>());
  const store = useSparks(live.clusters);

  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const clusters = only ? live.clusters.filter((c) => c.name === only) : live.clusters;
  const setKey = clusters.map((c) => `${c.name}:${c.nodes.length}`).join(',');
  const rotating = clusters.length > 1 && (rotate || overflow === setKey || clusters.length > MAX_GRID);

  useEffect(() => {
    if (!rotating) return;
    const t = setInterval(() => setPage((p) => p + 1), ROTATE_MS);
    return () => clearInterval(t);
  }, [rotating]);

  useLayoutEffect(() => {
    if (rotating || !gridRef.current) return;
    const over = [...gridRef.current.querySelectorAll<HTMLElement>('.wp')].some((el) => el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2);
    if (over) setOverflow(setKey);
  });

  const t = now ?? 0;
  const connected = live.status === 'live' || live.status === 'connecting';
  const newest = clusters.map(newestPoll).filter((x): x is number => x !== null);
  const dataAt = newest.length ? Math.max(...newest) : null;
  // Data age by the browser's own clock: since when has the newest poll not moved? A wall PC's clock that is off
  // does not make fresh data look old, and old data goes STALE after three poll intervals all the same.
  const ageOf = (c: (typeof clusters)[number]): number | null => {
    if (now === null) return null;
    const n = newestPoll(c);
    let s = seen.current.get(c.name);
    if (!s || s.at !== n) seen.current.set(c.name, (s = { at: n, seenAt: now }));
    return n === null ? null : now - s.seenAt;
  };
  if (seen.current.size > live.clusters.length * 2) seen.current.clear();
  const ages = new Map(clusters.map((c) => [c.name, ageOf(c)]));
  const isStale = (c: (typeof clusters)[number]) => (ages.get(c.name) ?? 0) > STALE_POLLS * c.pollIntervalMs;
  const known = [...ages.values()].filter((a): a is number => a !== null);
  const age = known.length ? Math.min(...known) : null;
  const allStale = clusters.length > 0 && clusters.every(isStale);
  const banner = live.status === 'reconnecting' || live.status === 'stale' || allStale;
  const shown = rotating ? [clusters[page % clusters.length]] : clusters;
  const { cols, rows } = gridShape(shown.length);

  return (
    <div className={`wall${banner ? ' wall-stale' : ''}`} data-testid="wall" data-status={live.status} data-stale={banner}>
      <header className="wall-top">
        <span className="wall-brand">corowatch</span>
        {rotating && <span className="wall-page">{(page % clusters.length) + 1} / {clusters.length}</span>}
        <span className={`wall-conn wall-conn-${live.status}`} data-testid="wall-conn">
          {live.status === 'live' ? '● live' : live.status === 'connecting' ? '◌ connecting' : '■ no connection'}
        </span>
        <span className="wall-age" data-testid="wall-age">data {age === null ? '–' : `${formatAge(t - age, t)} old`}</span>
        <span className="wall-clock" data-testid="wall-clock" suppressHydrationWarning>{now === null ? '' : formatTime(now)}</span>
      </header>
      <div ref={gridRef} className="wall-grid" style={{ gridTemplateColumns: `repeat(${cols}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}>
        {clusters.length === 0 && <div className="wall-wait">{only && live.status === 'live' ? `no cluster "${only}"` : 'waiting for data…'}</div>}
        {now !== null && shown.map((c) => <ClusterPanel key={c.name} cluster={c} events={live.events} now={t} store={store} stale={isStale(c)} age={ages.get(c.name) ?? null} dense={shown.length > 1} />)}
      </div>
      {banner && (
        <div className="wall-banner" data-testid="wall-stale" role="alert">
          <div className="wall-banner-big">■ STALE</div>
          <div className="wall-banner-small">
            {connected ? 'no new data' : 'connection to corowatch lost'}
            {dataAt !== null ? ` · newest data ${formatTime(dataAt)}` : ''}{age !== null ? ` (nothing new for ${formatAge(t - age, t)})` : ''}
          </div>
        </div>
      )}
    </div>
  );
}
