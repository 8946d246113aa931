'use client';
import { formatTime } from './format';
import type { LiveState } from './useLive';

const TEXT = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting', stale: 'stale' } as const;

export function LiveBadge({ live }: { live: LiveState }) {
  const since = live.status !== 'live' && live.staleSince ? ` · data from ${formatTime(live.staleSince)}` : '';
  return (
    <span className={`badge live-${live.status}`} data-testid="live-status" data-status={live.status} role="status">
      <span aria-hidden>{live.status === 'live' ? '●' : live.status === 'stale' ? '■' : '◌'}</span> {TEXT[live.status]}
      {since}
    </span>
  );
}
