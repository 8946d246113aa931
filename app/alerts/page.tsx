import Link from 'next/link';
import { getRuntime } from '@/lib/runtime/global';
import { AlertsTest } from './AlertsTest';
import './alerts.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Alerts · corowatch' };

const fmtMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** /alerts: the configured rules and targets (names and types, never URLs or passwords), a test button, recent deliveries. */
export default function Page() {
  const rt = getRuntime();
  const d = rt?.alerts.describe() ?? { targets: [], rules: [] };
  const outcomes = rt?.alerts.recentOutcomes() ?? [];
  return (
    <main>
      <div className="top">
        <h1>Alerts</h1>
        <nav className="nav">
          <Link href="/">overview</Link>
          <Link href="/events">events</Link>
        </nav>
      </div>

      <h2>Targets</h2>
      {d.targets.length === 0 ? (
        <p className="muted">No alert targets configured (see the Alerts section of the README: an <code>alerts:</code> block in corowatch.yaml).</p>
      ) : (
        <table className="matrix" data-testid="alerts-targets">
          <thead>
            <tr><th>name</th><th>type</th><th>state</th><th>queued</th></tr>
          </thead>
          <tbody>
            {d.targets.map((t) => (
              <tr key={t.name}>
                <td>{t.name}</td>
                <td>{t.type}</td>
                <td className={t.problem ? 'state-bad' : 'state-ok'}>{t.problem ?? 'ready'}</td>
                <td>{t.queued}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AlertsTest targets={d.targets.map((t) => t.name)} />

      <h2>Rules</h2>
      {d.rules.length === 0 ? (
        <p className="muted">No rules: no alerts are sent.</p>
      ) : (
        <table className="matrix" data-testid="alerts-rules">
          <thead>
            <tr><th>rule</th><th>kinds</th><th>min. severity</th><th>clusters</th><th>debounce</th><th>resolve hold</th><th>instants</th><th>targets</th></tr>
          </thead>
          <tbody>
            {d.rules.map((r, i) => (
              <tr key={i}>
                <td>{r.name ?? `#${i + 1}`}</td>
                <td>{r.kinds === '*' ? 'all' : r.kinds.join(', ')}</td>
                <td>{r.minSeverity}</td>
                <td>{r.clusters?.join(', ') ?? 'all'}</td>
                <td>{fmtMs(r.debounceMs)}</td>
                <td>{fmtMs(r.resolveHoldMs)}</td>
                <td>{r.instants ? 'yes' : 'no'}</td>
                <td>{r.targets.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Recent deliveries</h2>
      {outcomes.length === 0 ? (
        <p className="muted">Nothing sent since corowatch started.</p>
      ) : (
        <table className="matrix" data-testid="alerts-outcomes">
          <thead>
            <tr><th>time</th><th>target</th><th>message</th><th>event</th><th>outcome</th></tr>
          </thead>
          <tbody>
            {outcomes.map((o, i) => (
              <tr key={i}>
                <td>{new Date(o.at).toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
                <td>{o.target}</td>
                <td>{o.status}</td>
                <td>{o.kind === 'test' ? 'test message' : `${o.kind}: ${o.title}`}</td>
                <td className={o.ok ? 'state-ok' : 'state-bad'}>
                  {o.ok ? '✓ delivered' : `✕ ${o.error ?? 'failed'}`}
                  {o.attempts > 1 ? ` (${o.attempts} attempts)` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
