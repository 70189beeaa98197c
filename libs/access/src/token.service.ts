import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AccessException } from './access.exception';

const ISSUER = 'vt-hub';
const AUDIENCE = 'vt-hub-api';

export interface AccessClaims {
  userId: string;
  organisationId: string;
  tokenId: string;
  /** The refresh token family the token was issued for: ending that session ends its access tokens. */
  sessionId: string;
}

/** Short-lived signed access tokens; the user's roles and status are re-read on every request. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    this.key = new TextEncoder().encode(config.accessTokenSecret);
  }

  get accessTokenTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(userId: string, organisationId: string, sessionId: string): Promise<string> {
    return new SignJWT({ org: organisationId, sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { sub, org, jti, sid } = payload;
      if (typeof sub !== 'string' || typeof org !== 'string' || typeof jti !== 'string' || typeof sid !== 'string') {
        throw new Error('incomplete claims');
      }
      return { userId: sub, organisationId: org, tokenId: jti, sessionId: sid };
    } catch {
      throw AccessException.unauthenticated();
    }
  }
}
