import { describe, expect, it } from 'vitest';
import { allowedBeforePasswordChange, requiredAccess, safeNext, wantsPage } from '@/lib/auth/policy';

describe('access policy', () => {
  it('lets only the login page, the login/logout endpoints and static chunks through without a principal', () => {
    for (const p of ['/login', '/api/auth/login', '/api/auth/logout', '/_next/static/chunks/app.js']) expect(requiredAccess('GET', p)).toBe('public');
    for (const p of ['/', '/wall', '/wall/lab', '/events', '/history', '/link/lab/a/b', '/api/snapshot', '/api/live', '/metrics', '/api/health', '/_next/image', '/login2']) {
      expect(requiredAccess('GET', p), p).toBe('viewer');
    }
  });

  it('keeps settings and every state-changing request for admins', () => {
    for (const p of ['/admin', '/admin/x', '/alerts', '/api/alerts/test', '/api/admin/tokens', '/account/password', '/api/auth/password']) {
      expect(requiredAccess('GET', p), p).toBe('admin');
    }
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(requiredAccess(m, '/api/snapshot')).toBe('admin');
      expect(requiredAccess(m, '/wall')).toBe('admin');
    }
    expect(requiredAccess('GET', '/alertsx')).toBe('viewer'); // a prefix match is on whole path segments
  });

  it('tells browser navigations from API calls', () => {
    expect(wantsPage('GET', '/wall', 'text/html,application/xhtml+xml')).toBe(true);
    expect(wantsPage('GET', '/api/snapshot', 'text/html')).toBe(false);
    expect(wantsPage('GET', '/wall', 'application/json')).toBe(false);
    expect(wantsPage('POST', '/wall', 'text/html')).toBe(false);
  });

  it('redirects after login only to a path on this site', () => {
    expect(safeNext('/wall?x=1')).toBe('/wall?x=1');
    for (const bad of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', null, '/login?next=/']) expect(safeNext(bad)).toBe('/');
  });

  it('allows only the password change while the initial password is in use', () => {
    expect(allowedBeforePasswordChange('/account/password')).toBe(true);
    expect(allowedBeforePasswordChange('/api/auth/password')).toBe(true);
    expect(allowedBeforePasswordChange('/')).toBe(false);
    expect(allowedBeforePasswordChange('/api/admin/tokens')).toBe(false);
  });
});
