import { Inject, Injectable } from '@nestjs/common';
import { addressKey, CommonException, HUB_CONFIG, HubConfig, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { AccessException } from './access.exception';

/**
 * Counts failed logins per account and per client address in Redis (shared by all api replicas).
 * When Redis cannot be asked, login fails closed rather than allowing unthrottled guessing.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  private keys(email: string, address: string): [string, string] {
    // The e-mail is hashed so Redis holds no personal data.
    const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
    const prefix = `${this.config.redisPrefix}:login`;
    // Per /64 for IPv6, as the request limits count: one host holds a whole /64.
    return [`${prefix}:account:${account}`, `${prefix}:address:${addressKey(address)}`];
  }

  /** Redis's answer, or 503: login is refused, never let through unthrottled nor answered with 500. */
  private async ask<T>(command: Promise<T>): Promise<T> {
    try {
      return await command;
    } catch {
      throw new CommonException(
        'common.unavailable',
        'Inloggen tijdelijk niet mogelijk / login temporarily unavailable',
      );
    }
  }

  /** Throws 429 with the seconds to wait when either counter is at its limit. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [accountKey, addressKey] = this.keys(email, address);
    const [[, account], [, address_], [, accountTtl], [, addressTtl]] = (await this.ask(
      this.redis.multi().get(accountKey).get(addressKey).ttl(accountKey).ttl(addressKey).exec(),
    )) as [unknown, string | number | null][];
    const retry: number[] = [];
    if (Number(account ?? 0) >= this.config.loginMaxPerAccount) retry.push(Number(accountTtl));
    if (Number(address_ ?? 0) >= this.config.loginMaxPerAddress) retry.push(Number(addressTtl));
    if (retry.length > 0) {
      const seconds = Math.max(1, ...retry);
      throw new AccessException(
        'access.throttled',
        `Te veel inlogpogingen; probeer het over ${Math.ceil(seconds / 60)} minuten opnieuw / too many login attempts`,
        [{ field: 'retryAfterSeconds', message: String(seconds) }],
      );
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const window = this.config.loginWindowSeconds;
    const multi = this.redis.multi();
    for (const key of this.keys(email, address)) {
      multi.incr(key).expire(key, window, 'NX');
    }
    await this.ask(multi.exec());
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.ask(this.redis.del(this.keys(email, address)[0]));
  }
}
