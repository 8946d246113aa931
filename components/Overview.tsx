'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useLive } from './useLive';
import { LiveBadge } from './LiveBadge';
import { LinkMatrix } from './LinkMatrix';
import { NodeList } from './NodeList';
import { EventList } from './EventList';

function quorumText(q: boolean | null): string {
  return q === null ? 'quorum unknown' : q ? 'quorate' : 'NOT QUORATE';
}

export function Overview() {
  const live = useLive();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <main>
      <header className="top">
        <h1>corowatch</h1>
        <nav className="nav">
          <Link href="/events" data-testid="nav-events">events</Link>
          <Link href="/alerts" data-testid="nav-alerts">alerts</Link>
          <Link href="/admin" data-testid="nav-admin">admin</Link>
          <LiveBadge live={live} />
        </nav>
      </header>
      {live.clusters.length === 0 && <p className="muted">Waiting for data…</p>}
      {live.clusters.map((c) => (
        <section key={c.name} className={`cluster${live.status === 'live' ? '' : ' dimmed'}`} data-cluster={c.name}>
          <h2>
            {c.name}{' '}
            <span className={`quorum q-${c.quorate === null ? 'unknown' : c.quorate ? 'yes' : 'no'}`} data-testid="quorum">
              {quorumText(c.quorate)}
            </span>
          </h2>
          <LinkMatrix cluster={c} events={live.events} />
          <NodeList nodes={c.nodes} />
        </section>
      ))}
      <section>
        <h2>Events</h2>
        <EventList events={live.events.slice(0, 30)} now={now} />
      </section>
    </main>
  );
}
