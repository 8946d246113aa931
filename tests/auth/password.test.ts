import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';
import { csrfFor, digest, newSecret } from '@/lib/auth/secrets';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses malformed or absurd stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AA==$AA==')).toBe(false);
    expect(await verifyPassword('anything', DUMMY_HASH)).toBe(false);
  });

  it('asks for a reasonable new password', () => {
    expect(passwordProblem('short', 'admin')).toMatch(/at least 10/);
    expect(passwordProblem('admin-is-my-password', 'admin')).toMatch(/user name/);
    expect(passwordProblem('a long enough one', 'admin')).toBeNull();
  });
});

describe('secrets', () => {
  it('makes unguessable values and keeps only digests', () => {
    const s = newSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(s);
    expect(digest(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfFor(s)).not.toBe(csrfFor(newSecret()));
    expect(csrfFor(s)).toBe(csrfFor(s));
  });
});
