'use client';
import { useState, type FormEvent } from 'react';

export function LoginForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const next = new URLSearchParams(location.search).get('next');
      const r = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password'), next }),
      });
      const body = (await r.json().catch(() => ({}))) as { error?: string; next?: string; mustChangePassword?: boolean };
      if (!r.ok) return setError(body.error ?? `login failed (HTTP ${r.status})`);
      location.assign(body.mustChangePassword ? '/account/password' : (body.next ?? '/'));
    } catch {
      setError('corowatch cannot be reached');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} data-testid="login-form">
      <label>
        User name
        <input name="username" autoComplete="username" defaultValue="admin" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required autoFocus />
      </label>
      <button type="submit" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
      {error && <p className="error" role="alert" data-testid="login-error">{error}</p>}
      <p className="muted">Wall screens use a viewer link from an admin (Admin → Viewer tokens).</p>
    </form>
  );
}
