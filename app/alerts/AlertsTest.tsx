'use client';
import { csrfHeaders } from '@/components/csrf';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Result {
  target: string;
  ok: boolean;
  error?: string;
}

/** The test button: POST /api/alerts/test (all targets or one), then shows each target's outcome. */
export function AlertsTest({ targets }: { targets: string[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const t = setInterval(() => router.refresh(), 10_000); // recent deliveries and queue lengths
    return () => clearInterval(t);
  }, [router]);

  async function run(target?: string) {
    setBusy(true);
    setError(null);
    setResults(null);
    try {
      const res = await fetch(`/api/alerts/test${target ? `?target=${encodeURIComponent(target)}` : ''}`, { method: 'POST', headers: csrfHeaders() });
      const body = (await res.json()) as { results?: Result[]; error?: string };
      if (!res.ok || !body.results) setError(body.error ?? `HTTP ${res.status}`);
      else setResults(body.results);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      router.refresh();
    }
  }

  return (
    <div className="alerts-test">
      <div className="controls">
        <button type="button" className="alerts-btn" data-testid="alerts-test-all" disabled={busy || targets.length === 0} onClick={() => void run()}>
          {busy ? 'sending…' : 'Send test message to every target'}
        </button>
        {targets.map((t) => (
          <button key={t} type="button" className="alerts-btn" disabled={busy} onClick={() => void run(t)}>
            test {t}
          </button>
        ))}
      </div>
      {error && <p className="error">{error}</p>}
      {results && (
        <ul className="alerts-results" data-testid="alerts-test-results">
          {results.map((r) => (
            <li key={r.target} className={r.ok ? 'state-ok' : 'state-bad'}>
              {r.ok ? '✓' : '✕'} {r.target}: {r.ok ? 'delivered' : `failed (${r.error ?? 'unknown error'})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
