import type { EventRecord } from '@/lib/analyze/views';
import { formatAge, formatTime } from './format';

export function EventList({ events, now }: { events: EventRecord[]; now: number }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <ul className="events" data-testid="events">
      {events.map((e) => (
        <li key={e.id} className={`event sev-${e.severity}`} data-kind={e.kind} data-open={String(e.endedAt === null)}>
          <span className="ev-time">{formatTime(e.startedAt)}</span>
          <span className="ev-sev">{e.severity}</span>
          <span className="ev-kind">{e.kind}</span>
          <span className="ev-msg">{e.message}</span>
          <span className="ev-dur muted">
            {e.endedAt === null ? `open for ${formatAge(e.startedAt, now)}` : e.endedAt > e.startedAt ? `lasted ${formatAge(e.startedAt, e.endedAt)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
