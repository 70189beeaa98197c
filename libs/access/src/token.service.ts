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

/** Verified tokens kept at most, the oldest forgotten first: one or two per signed-in user. */
const VERIFIED_TOKENS = 10_000;

/** Short-lived signed access tokens; the user's roles and status are re-read on every request. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature and claims checked out, until they expire: a client sends the same token
   * with every request of its lifetime, and checking it each time was 8 % of the api's time on `/me`.
   * Whether its session and user are still valid is not kept here (`AuthService.authenticate`).
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAt: number }>();

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
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    this.verified.delete(token);
    let claims: AccessClaims;
    let expiresAt: number;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { sub, org, jti, sid, exp } = payload;
      if (
        typeof sub !== 'string' ||
        typeof org !== 'string' ||
        typeof jti !== 'string' ||
        typeof sid !== 'string' ||
        typeof exp !== 'number'
      ) {
        throw new Error('incomplete claims');
      }
      claims = Object.freeze({ userId: sub, organisationId: org, tokenId: jti, sessionId: sid });
      expiresAt = exp * 1000;
    } catch {
      throw AccessException.unauthenticated();
    }
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, expiresAt });
    return claims;
  }
}
