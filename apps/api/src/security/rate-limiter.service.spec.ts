import { loadHubConfig } from '@vt/common';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { RateLimiterService } from './rate-limiter.service';

/** A Redis whose counting script answers as given: its count and window, or a failure. */
function fakeRedis(reply: () => Promise<[number, number]>, known = true) {
  const keys: string[] = [];
  const sent: string[] = [];
  const run = (command: string) => (_script: string, _keys: number, key: string) => {
    sent.push(command);
    keys.push(key);
    return command === 'evalsha' && !known ? Promise.reject(new Error('NOSCRIPT No matching script.')) : reply();
  };
  return { redis: { evalsha: run('evalsha'), eval: run('eval') } as unknown as Redis, keys, sent };
}

describe('RateLimiterService', () => {
  const config = loadHubConfig({ REDIS_PREFIX: 'unit', RATE_LIMIT_PER_USER: '2', RATE_LIMIT_PER_ADDRESS: '4' });

  it('counts users and addresses under the deployment prefix, each against its own limit', async () => {
    let count = 0;
    const { redis, keys } = fakeRedis(() => Promise.resolve([++count, 30_000]));
    const limiter = new RateLimiterService(config, redis, new Registry());
    expect(await limiter.wait('user', 'u1')).toBeNull();
    expect(await limiter.wait('user', 'u1')).toBeNull();
    expect(await limiter.wait('user', 'u1')).toBe(30);
    expect(await limiter.wait('address', '203.0.113.7')).toBeNull();
    expect(keys).toEqual([
      'unit:rate:user:u1',
      'unit:rate:user:u1',
      'unit:rate:user:u1',
      'unit:rate:address:203.0.113.7',
    ]);
  });

  it('lets requests through uncounted while Redis fails, warns once, and counts them in a metric', async () => {
    let down = true;
    const { redis } = fakeRedis(() =>
      down ? Promise.reject(new Error('Connection is closed.')) : Promise.resolve([1, 1000]),
    );
    const metrics = new Registry();
    const limiter = new RateLimiterService(config, redis, metrics);
    const logger = (limiter as unknown as { logger: { warn: () => void; log: () => void } }).logger;
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(logger, 'log').mockImplementation(() => undefined);
    for (let i = 0; i < 5; i++) expect(await limiter.wait('user', 'u1')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await metrics.getSingleMetricAsString('rate_limit_unchecked_total')).toMatch(/rate_limit_unchecked_total 5/);
    down = false;
    expect(await limiter.wait('user', 'u1')).toBeNull();
    expect(await metrics.getSingleMetricAsString('rate_limit_unchecked_total')).toMatch(/rate_limit_unchecked_total 5/);
    expect(log).toHaveBeenCalledWith({ msg: 'rate limits counted again' });
  });

  it('fails on a command error as on a lost connection', async () => {
    const { redis } = fakeRedis(() =>
      Promise.reject(new Error("READONLY You can't write against a read only replica.")),
    );
    const limiter = new RateLimiterService(config, redis, new Registry());
    jest
      .spyOn((limiter as unknown as { logger: { warn: () => void } }).logger, 'warn')
      .mockImplementation(() => undefined);
    expect(await limiter.wait('address', '203.0.113.7')).toBeNull();
  });

  it('sends the counting script itself to a server that does not know it yet', async () => {
    const { redis, sent } = fakeRedis(() => Promise.resolve([5, 1000]), false);
    const limiter = new RateLimiterService(config, redis, new Registry());
    expect(await limiter.wait('address', '203.0.113.7')).toBe(1);
    expect(sent).toEqual(['evalsha', 'eval']);
  });
});
