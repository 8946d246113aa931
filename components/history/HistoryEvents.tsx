'use client';
import type { SeriesEvent } from '@/lib/runtime/series-query';
import { fmtDateTime, fmtDuration, switchLabel } from '@/components/charts/chart-data';

interface Props {
  events: SeriesEvent[];
  domain: { from: number; to: number };
  highlight: string | null;
  multiCluster: boolean;
  onFocus: (t: number) => void;
}

function subject(e: SeriesEvent, multiCluster: boolean): string {
  const c = multiCluster ? `${e.cluster}: ` : '';
  if (!e.node) return `${c}${e.cluster}`;
  if (!e.peer) return `${c}${e.node}`;
  return `${c}${e.node} → ${e.peer}${e.link !== null && e.kind !== 'failover' && e.kind !== 'failback' ? ` link${e.link}` : ''}`;
}

/** The events of the shown window, oldest first, the incident's own event marked. */
export function HistoryEvents({ events, domain, highlight, multiCluster, onFocus }: Props) {
  const shown = events.filter((e) => Date.parse(e.startedAt) <= domain.to && (e.endedAt === null || Date.parse(e.endedAt) >= domain.from));
  return (
    <section>
      <h2>Events in this window <span className="muted">({shown.length})</span></h2>
      {shown.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="events range-events multi-day" data-testid="history-events">
          {shown.map((e) => {
            const t = Date.parse(e.startedAt);
            const end = e.endedAt === null ? null : Date.parse(e.endedAt);
            return (
              <li key={`${e.cluster}/${e.id}`} className={`event sev-${e.severity}${e.id === highlight ? ' ev-incident' : ''}`} data-id={e.id} data-kind={e.kind}>
                <button type="button" className="ev-time linklike" title="zoom to ±10 min around it" onClick={() => onFocus(t)}>{fmtDateTime(t)}</button>
                <span className="ev-sev">{e.severity}</span>
                <span className="ev-kind">{e.kind}</span>
                <span className="ev-msg">
                  <span className="muted">{subject(e, multiCluster)}</span> {e.kind === 'failover' || e.kind === 'failback' ? switchLabel(e) : e.message}
                  {e.id === highlight && <b className="incident-badge">this incident</b>}
                </span>
                <span className="ev-dur muted">{end === null ? <b className="open-badge">open</b> : end > t ? fmtDuration(end - t) : ''}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
