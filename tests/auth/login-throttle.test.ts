import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '@/lib/auth/login-throttle';

describe('login throttle', () => {
  it('allows a few failures, then doubles the wait after each further one', () => {
    const t = new LoginThrottle({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000 });
    const k = ['ip:1.2.3.4', 'user:admin'];
    let now = 0;
    for (let i = 0; i < 3; i++) {
      expect(t.waitMs(k, now)).toBe(0);
      t.failed(k, now);
    }
    expect(t.waitMs(k, now)).toBe(1000);
    now += 1000;
    expect(t.waitMs(k, now)).toBe(0);
    t.failed(k, now);
    expect(t.waitMs(k, now)).toBe(2000);
    now += 2000;
    t.failed(k, now);
    expect(t.waitMs(k, now)).toBe(4000);
    for (let i = 0; i < 5; i++) t.failed(k, (now += 10_000));
    expect(t.waitMs(k, now)).toBe(8000); // capped
  });

  it('throttles a user name across addresses and an address across user names', () => {
    const t = new LoginThrottle({ freeFailures: 2 });
    t.failed(['ip:a', 'user:admin'], 0);
    t.failed(['ip:b', 'user:admin'], 0);
    expect(t.waitMs(['ip:c', 'user:admin'], 0)).toBeGreaterThan(0);
    expect(t.waitMs(['ip:c', 'user:other'], 0)).toBe(0);
    t.failed(['ip:x', 'user:u1'], 0);
    t.failed(['ip:x', 'user:u2'], 0);
    expect(t.waitMs(['ip:x', 'user:u3'], 0)).toBeGreaterThan(0);
  });

  it('forgets after a success or after a long quiet time, and stays bounded in memory', () => {
    const t = new LoginThrottle({ freeFailures: 1, forgetMs: 60_000, maxKeys: 100 });
    t.failed(['user:a'], 0);
    expect(t.waitMs(['user:a'], 10)).toBeGreaterThan(0);
    t.succeeded(['user:a']);
    expect(t.waitMs(['user:a'], 10)).toBe(0);
    t.failed(['user:b'], 0);
    expect(t.waitMs(['user:b'], 60_001)).toBe(0);
    for (let i = 0; i < 1000; i++) t.failed([`ip:${i}`], 100);
    expect(t.waitMs(['ip:999'], 100)).toBeGreaterThan(0);
    expect(t.waitMs(['ip:0'], 100)).toBe(0); // dropped, oldest first
  });
});
