import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: session ids, viewer tokens, generated passwords. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** What the database keeps of a session id or token: enough to look it up, useless to present. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The CSRF token that belongs to a session: only a page that can read the session's cookies can know it. */
export function csrfFor(sessionSecret: string): string {
  return createHash('sha256').update(`csrf\0${sessionSecret}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
