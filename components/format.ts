export function formatLatency(us: number | null): string {
  if (us === null) return '–';
  return us >= 10_000 ? `${(us / 1000).toFixed(0)} ms` : `${(us / 1000).toFixed(2)} ms`;
}

export function formatTime(ms: number | null): string {
  if (ms === null) return '–';
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

export function formatAge(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
