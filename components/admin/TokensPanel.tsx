'use client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/csrf';

interface TokenInfo { id: number; name: string; hint: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }

const when = (t: number | null) => (t ? new Date(t).toLocaleString() : '—');

/** Read-only viewer tokens for wall screens: create (shown once), list, revoke. */
export function TokensPanel() {
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [fresh, setFresh] = useState<{ name: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await fetch('/api/admin/tokens');
    if (r.ok) setTokens(((await r.json()) as { tokens: TokenInfo[] }).tokens);
  }, []);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    const { status, data } = await sendJson<{ error?: string; wallPath?: string }>('POST', '/api/admin/tokens', { name });
    if (status !== 201) return setError(data.error ?? `HTTP ${status}`);
    setError(null);
    setFresh({ name, url: `${location.origin}${data.wallPath}` });
    void load();
  }

  async function revoke(id: number) {
    const { status, data } = await sendJson<{ error?: string }>('DELETE', `/api/admin/tokens/${id}`);
    if (status !== 200) setError(data.error ?? `HTTP ${status}`);
    void load();
  }

  return (
    <section data-testid="tokens-panel">
      <h2>Viewer tokens (wall screens)</h2>
      <form className="admin-form" onSubmit={create}>
        <label>Name of the screen<input name="name" placeholder="NOC wall left" required maxLength={60} /></label>
        <button type="submit">Create viewer link</button>
      </form>
      {fresh && (
        <p className="secret-once" data-testid="token-once">
          Wall link for <b>{fresh.name}</b> — copy it now, it is not shown again: <code data-testid="token-url">{fresh.url}</code>
        </p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <table className="matrix">
        <thead><tr><th>name</th><th>token</th><th>created</th><th>last used</th><th>state</th><th /></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-token={t.name}>
              <td>{t.name}</td><td className="fingerprint">{t.hint}</td><td>{when(t.createdAt)}</td><td>{when(t.lastUsedAt)}</td>
              <td className={t.revokedAt ? 'state-bad' : 'state-ok'}>{t.revokedAt ? `revoked ${when(t.revokedAt)}` : 'active'}</td>
              <td>{!t.revokedAt && <button className="danger" onClick={() => void revoke(t.id)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
