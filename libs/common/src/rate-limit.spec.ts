import type { Request, Response } from 'express';
import { ConfigError } from './config';
import { loadHubConfig } from './hub-config';
import { addressKey, isRateLimited, MemoryRateCounter, rateLimitWait, throttled } from './rate-limit';

describe('rate limit configuration', () => {
  it('defaults to 600 a minute per user and 3000 per address', () => {
    expect(loadHubConfig({}).rateLimit).toEqual({ perCaller: 600, perAddress: 3000, windowSeconds: 60 });
  });

  it('reads the three settings', () => {
    const config = loadHubConfig({
      RATE_LIMIT_PER_USER: '50',
      RATE_LIMIT_PER_ADDRESS: '50',
      RATE_LIMIT_WINDOW_SECONDS: '10',
    });
    expect(config.rateLimit).toEqual({ perCaller: 50, perAddress: 50, windowSeconds: 10 });
  });

  it.each([
    [{ RATE_LIMIT_PER_USER: '0' }, 'RATE_LIMIT_PER_USER must be an integer from 1'],
    [{ RATE_LIMIT_PER_USER: 'many' }, 'RATE_LIMIT_PER_USER must be an integer from 1'],
    [{ RATE_LIMIT_PER_ADDRESS: '-1' }, 'RATE_LIMIT_PER_ADDRESS must be an integer from 1'],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, 'RATE_LIMIT_WINDOW_SECONDS must be an integer from 1 to 3600'],
    [{ RATE_LIMIT_WINDOW_SECONDS: '86400' }, 'RATE_LIMIT_WINDOW_SECONDS must be an integer from 1 to 3600'],
    [{ RATE_LIMIT_PER_USER: '100', RATE_LIMIT_PER_ADDRESS: '99' }, 'must not be below RATE_LIMIT_PER_USER'],
  ])('refuses to start on %j', (env, problem) => {
    expect(() => loadHubConfig(env)).toThrow(ConfigError);
    expect(() => loadHubConfig(env)).toThrow(problem);
  });
});

describe('counting in the process', () => {
  it('counts within a window from the first hit, then starts a new one', async () => {
    let now = 1_000_000;
    const counter = new MemoryRateCounter(() => now);
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 20_000;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 2, resetInMs: 40_000 });
    expect(await counter.hit('b', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 40_000;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('forgets ended windows, so one-off callers do not pile up', async () => {
    let now = 0;
    const counter = new MemoryRateCounter(() => now);
    for (let i = 0; i < 100; i++) await counter.hit(`caller-${i}`, 1000);
    now = 5000;
    await counter.hit('late', 1000);
    expect((counter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });

  it('allows the limit, then names the rest of the window in whole seconds', async () => {
    let now = 0;
    const counter = new MemoryRateCounter(() => now);
    for (let i = 0; i < 3; i++) expect(await rateLimitWait(counter, 'k', 3, 60)).toBeNull();
    now = 500;
    expect(await rateLimitWait(counter, 'k', 3, 60)).toBe(60);
    now = 59_999;
    expect(await rateLimitWait(counter, 'k', 3, 60)).toBe(1);
    now = 60_000;
    expect(await rateLimitWait(counter, 'k', 3, 60)).toBeNull();
  });
});

describe('the refusal', () => {
  it('sets Retry-After and carries the same wait in its details', () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
    const error = throttled(res, 42);
    expect(headers).toEqual({ 'Retry-After': '42' });
    expect(error.code).toBe('common.throttled');
    expect(error.details).toEqual([{ field: 'retryAfterSeconds', message: '42' }]);
  });

  it('leaves the health probes and metrics alone, and nothing else', () => {
    const on = (path: string) => isRateLimited({ route: { path } } as unknown as Request);
    expect(on('/health/live')).toBe(false);
    expect(on('/health/ready')).toBe(false);
    expect(on('/metrics')).toBe(false);
    expect(on('/api/v1/auth/login')).toBe(true);
    expect(on('/api/v1/cases/:id')).toBe(true);
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:0:0:0:ABCD', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::198.51.100.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
  ])('counts %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
