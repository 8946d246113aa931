'use client';
import { useCallback, useEffect, useState } from 'react';
import { sendJson } from '@/components/csrf';

interface Pending { cluster: string; node: string; host: string; port: number; keyType: string; fingerprint: string }

/** Nodes refused for an unknown host key: compare the fingerprint on the node, then accept. */
export function HostKeysPanel() {
  const [pending, setPending] = useState<Pending[]>([]);
  const [msg, setMsg] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await fetch('/api/admin/hostkeys');
    if (r.ok) setPending(((await r.json()) as { pending: Pending[] }).pending);
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [load]);

  async function accept(p: Pending) {
    const { status, data } = await sendJson<{ error?: string }>('POST', '/api/admin/hostkeys', { cluster: p.cluster, node: p.node, fingerprint: p.fingerprint });
    setMsg(status === 200 ? `accepted ${p.fingerprint} for ${p.host}:${p.port}` : (data.error ?? `HTTP ${status}`));
    void load();
  }

  return (
    <section data-testid="hostkeys-panel">
      <h2>Host keys waiting for approval</h2>
      <p className="muted">
        corowatch does not log in to a node whose host key it does not know. Compare the fingerprint with{' '}
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{'<type>'}_key.pub</code> on the node before accepting.
        A <b>changed</b> key is never offered here: remove the old line from known_hosts by hand if the change is expected.
      </p>
      {pending.length === 0 ? (
        <p className="muted" data-testid="hostkeys-none">None.</p>
      ) : (
        <table className="matrix">
          <thead><tr><th>cluster / node</th><th>address</th><th>key</th><th>fingerprint</th><th /></tr></thead>
          <tbody>
            {pending.map((p) => (
              <tr key={`${p.cluster}/${p.node}`} data-hostkey={`${p.cluster}/${p.node}`}>
                <td>{p.cluster} / {p.node}</td><td>{p.host}:{p.port}</td><td>{p.keyType}</td>
                <td className="fingerprint" data-testid="fingerprint">{p.fingerprint}</td>
                <td><button onClick={() => void accept(p)}>Accept</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {msg && <p data-testid="hostkeys-msg">{msg}</p>}
    </section>
  );
}
