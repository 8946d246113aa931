'use client';
import { useState, type FormEvent } from 'react';
import { sendJson } from '@/components/csrf';

export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get('next') !== f.get('again')) return setError('the two new passwords differ');
    const { status, data } = await sendJson<{ error?: string }>('POST', '/api/auth/password', { current: f.get('current'), next: f.get('next') });
    if (status !== 200) return setError(data.error ?? `HTTP ${status}`);
    setError(null);
    setDone(true);
  }

  if (done) {
    return (
      <p data-testid="password-changed">
        Password changed; your other sessions were logged out. <a href="/">Go to the overview</a>
      </p>
    );
  }
  return (
    <form className="auth-form" onSubmit={submit} data-testid="password-form">
      <label>Current password<input name="current" type="password" autoComplete="current-password" required /></label>
      <label>New password (10 characters or more)<input name="next" type="password" autoComplete="new-password" minLength={10} required /></label>
      <label>New password again<input name="again" type="password" autoComplete="new-password" minLength={10} required /></label>
      <button type="submit">Change password</button>
      {error && <p className="error" role="alert" data-testid="password-error">{error}</p>}
    </form>
  );
}
