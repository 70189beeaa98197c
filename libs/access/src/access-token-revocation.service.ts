import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommonException, HUB_CONFIG, HubConfig, REDIS } from '@vt/common';
import type Redis from 'ioredis';

/** Room for clocks of api replicas that differ, and for a refresh that raced the revocation. */
const MARGIN_SECONDS = 60;

/**
 * Ends the access tokens of a session (a refresh token family) before they expire, on every api
 * replica: one Redis key per ended session, kept only as long as its access tokens can live. When
 * Redis cannot be asked, nothing is let through unchecked: the request fails closed with 503, as
 * login does when it cannot read its throttle.
 */
@Injectable()
export class AccessTokenRevocationService {
  private readonly logger = new Logger(AccessTokenRevocationService.name);

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async revokeSessions(sessionIds: readonly string[]): Promise<void> {
    const seconds = this.config.accessTokenTtlSeconds + MARGIN_SECONDS;
    await this.orUnavailable(Promise.all(sessionIds.map((id) => this.redis.set(this.key(id), '1', 'EX', seconds))));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.orUnavailable(this.redis.exists(this.key(sessionId)))) > 0;
  }

  private key(sessionId: string): string {
    return `${this.config.redisPrefix}:revoked-session:${sessionId}`;
  }

  private async orUnavailable<T>(command: Promise<T>): Promise<T> {
    try {
      return await command;
    } catch (error) {
      this.logger.warn({ msg: 'redis unavailable for access token revocation', error: String(error) });
      throw new CommonException(
        'common.unavailable',
        'Sessiecontrole tijdelijk niet beschikbaar / session check temporarily unavailable',
      );
    }
  }
}
