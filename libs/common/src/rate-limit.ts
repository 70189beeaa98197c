import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { EnvReader } from './config';
import { CommonException } from './domain.exception';

/** Requests allowed per window: per caller (a hub user, a source holder's requesting organisation) and per address. */
export interface RateLimitConfig {
  perCaller: number;
  perAddress: number;
  windowSeconds: number;
}

/**
 * `RATE_LIMIT_WINDOW_SECONDS`, `RATE_LIMIT_PER_ADDRESS` and the app's per-caller variable. The
 * address limit may not be below the caller's: one caller at one address would meet it first, and
 * the per-caller limit would never apply.
 */
export function readRateLimitConfig(
  r: EnvReader,
  caller: { name: string; fallback: number },
  addressFallback: number,
): RateLimitConfig {
  const perCaller = r.int(caller.name, caller.fallback, 1, 1_000_000);
  const perAddress = r.int('RATE_LIMIT_PER_ADDRESS', addressFallback, 1, 1_000_000);
  if (perAddress < perCaller) r.problems.push(`RATE_LIMIT_PER_ADDRESS must not be below ${caller.name}`);
  return { perCaller, perAddress, windowSeconds: r.int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600) };
}

/** A counter's state after one hit: the hits in the current window, and how long that window still runs. */
export interface RateCount {
  count: number;
  resetInMs: number;
}

/**
 * Fixed windows that start with a key's first hit. Every request is counted, refused ones too, so a
 * client that keeps hammering stays refused until its window ends.
 */
export interface RateCounter {
  hit(key: string, windowMs: number): Promise<RateCount>;
}

/**
 * One hit as a script, so the increment and the window's expiry are inseparable; `NX` starts the
 * window at the first hit only, and sets it again on a key that lost its expiry somehow, so no key
 * can count for ever.
 */
const HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
return {count, redis.call('PTTL', KEYS[1])}`;
const HIT_SCRIPT_SHA = createHash('sha1').update(HIT_SCRIPT).digest('hex');

/**
 * Counts in Redis, shared by every process on it. Every request hits it twice (address and user),
 * so the script is sent by its digest, one command where a MULTI took five; a server that does not
 * know it yet (a fresh or promoted one) gets the script itself once.
 */
export class RedisRateCounter implements RateCounter {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowMs: number): Promise<RateCount> {
    const [count, ttl] = (await this.redis.evalsha(HIT_SCRIPT_SHA, 1, key, windowMs).catch((error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(HIT_SCRIPT, 1, key, windowMs);
    })) as [number, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }
}

/** Counts in this process only; expired windows are swept at most once a second. */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowMs: number): Promise<RateCount> {
    const now = this.now();
    if (now >= this.nextSweep) {
      for (const [k, window] of this.windows) if (window.endsAt <= now) this.windows.delete(k);
      this.nextSweep = now + 1000;
    }
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return Promise.resolve({ count: window.count, resetInMs: window.endsAt - now });
  }
}

/**
 * Counts one request against `key` and returns the seconds to wait when it is past `limit`, else
 * null. The wait is the rest of the window, rounded up to whole seconds as `Retry-After` needs.
 */
export async function rateLimitWait(
  counter: RateCounter,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<number | null> {
  const { count, resetInMs } = await counter.hit(key, windowSeconds * 1000);
  return count > limit ? Math.max(1, Math.ceil(resetInMs / 1000)) : null;
}

/**
 * The refusal of a request over a limit: `Retry-After` on the answer (RFC 9110 and 6585), and the
 * same wait in the body's details, where the web app already reads it for throttled logins.
 */
export function throttled(res: Response, seconds: number): CommonException {
  res.setHeader('Retry-After', String(seconds));
  return new CommonException(
    'common.throttled',
    `Te veel verzoeken; probeer het over ${seconds} seconden opnieuw / too many requests`,
    [{ field: 'retryAfterSeconds', message: String(seconds) }],
  );
}

/** Health probes and metrics scrapes come from the infrastructure, which must never be refused. */
const UNLIMITED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

export function isRateLimited(req: Request): boolean {
  return !(req.route && UNLIMITED_ROUTES.has(String(req.route.path)));
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** An IPv6 address's eight groups, `::` filled in (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('%')[0].split('::');
  const parts = (text: string | undefined) =>
    (text ? text.split(':') : []).flatMap((part) => (part.includes('.') ? ['0', '0'] : [part]));
  const first = parts(head);
  const last = tail === undefined ? [] : parts(tail);
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0');
  return [...first, ...fill, ...last].map((group) => (parseInt(group, 16) || 0).toString(16));
}

/**
 * Whom an address limit counts: an IPv4 address as it is (also when IPv4-mapped), an IPv6 address
 * by its /64, because one subscriber is given a whole /64 and could otherwise change address at will.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}
