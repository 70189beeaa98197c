import { Inject, Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { CommonException, HUB_CONFIG, HubConfig, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { jwtVerify, SignJWT } from 'jose';
import { createHmac, randomUUID } from 'node:crypto';
import { AccessException } from './access.exception';
import type { Passkey } from './passkey.entity';
import { SecondFactorsRepository } from './second-factors.repository';
import type { User } from './user.entity';

const ISSUER = 'vt-hub';
const AUDIENCE = 'vt-hub-second-factor';

/** What a challenge token lets its holder do next. */
export type ChallengePurpose = 'login' | 'enrol' | 'register' | 'step_up';
/** How the first factor was passed: the session's audit names both. `session`: a step-up of an open one. */
export type FirstFactor = 'password' | 'oidc' | 'session';
export type SecondFactorMethod = 'totp' | 'passkey' | 'recovery_code';

/** Seconds a challenge token is good for: the code or passkey step, enrolment, a passkey ceremony, a step-up. */
export const CHALLENGE_TTL_SECONDS: Record<ChallengePurpose, number> = {
  login: 300,
  enrol: 900,
  register: 300,
  step_up: 300,
};

/** Tries of a factor one challenge token allows; a new password step gives a new token. */
const MAX_TRIES_PER_CHALLENGE = 5;

export interface Challenge {
  purpose: ChallengePurpose;
  userId: string;
  organisationId: string;
  via: FirstFactor;
  /** The WebAuthn challenge, for the passkey step and a passkey's registration. */
  webauthn?: string;
  tokenId: string;
  expiresAt: number;
}

/** A challenge to prove a factor the account has: at sign-in, or a step-up of a session. */
export interface FactorChallenge {
  methods: SecondFactorMethod[];
  challengeToken: string;
  expiresIn: number;
  /** Options for `navigator.credentials.get` when the user has passkeys. */
  passkey?: PublicKeyCredentialRequestOptionsJSON;
}

/** The answer to a first factor when a second one applies: no session yet. */
export interface SecondFactorStep extends FactorChallenge {
  required: true;
  /** No factor enrolled yet: the token allows enrolment only, whose completion opens the session. */
  enrolment: boolean;
}

export interface FactorsOf {
  totp: boolean;
  passkeys: Passkey[];
  recoveryCodes: number;
}

/**
 * Decides whether a first factor opens a session or leads to the second factor, and issues and
 * checks the short-lived signed challenge tokens of that step. A token is used once: the step that
 * completes marks its id in Redis.
 */
@Injectable()
export class SecondFactorGate {
  private readonly key: Uint8Array;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly secondFactors: SecondFactorsRepository,
  ) {
    // A key of its own, derived from the access token secret: a challenge token is never an access token.
    this.key = createHmac('sha256', config.accessTokenSecret).update('vt-hub second factor challenge').digest();
  }

  /** Every local account, whatever its roles, when the setting requires it (docs/second-factor.md). */
  get required(): boolean {
    return this.config.secondFactor.required;
  }

  async factorsOf(userId: string): Promise<FactorsOf> {
    const [totp, passkeys, recoveryCodes] = await Promise.all([
      this.secondFactors.hasConfirmedTotp(userId),
      this.secondFactors.passkeysOf(userId),
      this.secondFactors.unusedRecoveryCodes(userId),
    ]);
    return { totp, passkeys, recoveryCodes };
  }

  /**
   * After the first factor: null when the session may open now (not required and nothing enrolled),
   * else the second factor's step. An enrolled factor is always asked for, also where it is not required.
   */
  async begin(user: User, via: FirstFactor): Promise<SecondFactorStep | null> {
    const factors = await this.factorsOf(user.id);
    const enrolled = factors.totp || factors.passkeys.length > 0;
    if (!enrolled && !this.required) return null;
    if (!enrolled) {
      return {
        required: true,
        enrolment: true,
        methods: [],
        challengeToken: await this.issue('enrol', user, via),
        expiresIn: CHALLENGE_TTL_SECONDS.enrol,
      };
    }
    return { required: true, enrolment: false, ...(await this.challenge('login', user, via, factors)) };
  }

  /**
   * A step-up of an open session: the account's TOTP or passkey again. Not a recovery code: one is
   * for a lost factor, and signing in with it is how it is used. Null when the account has neither.
   */
  async beginStepUp(user: User): Promise<FactorChallenge | null> {
    const factors = await this.factorsOf(user.id);
    if (!factors.totp && factors.passkeys.length === 0) return null;
    return this.challenge('step_up', user, 'session', { ...factors, recoveryCodes: 0 });
  }

  private async challenge(
    purpose: 'login' | 'step_up',
    user: User,
    via: FirstFactor,
    factors: FactorsOf,
  ): Promise<FactorChallenge> {
    const methods: SecondFactorMethod[] = [];
    if (factors.totp) methods.push('totp');
    let passkey: PublicKeyCredentialRequestOptionsJSON | undefined;
    if (factors.passkeys.length > 0) {
      methods.push('passkey');
      passkey = await generateAuthenticationOptions({
        rpID: this.config.secondFactor.rpId,
        allowCredentials: factors.passkeys.map((p) => ({
          id: p.credentialId,
          transports: p.transports,
        })),
        userVerification: 'preferred',
      });
    }
    if (factors.recoveryCodes > 0) methods.push('recovery_code');
    return {
      methods,
      challengeToken: await this.issue(purpose, user, via, passkey?.challenge),
      expiresIn: CHALLENGE_TTL_SECONDS[purpose],
      passkey,
    };
  }

  issue(purpose: ChallengePurpose, user: User, via: FirstFactor, webauthn?: string): Promise<string> {
    return new SignJWT({ org: user.organisationId, pur: purpose, via, ...(webauthn ? { wan: webauthn } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${CHALLENGE_TTL_SECONDS[purpose]}s`)
      .sign(this.key);
  }

  /** The token's claims when it is genuine, unexpired, of this purpose and not used yet; else 401. */
  async verify(token: string, purpose: ChallengePurpose): Promise<Challenge> {
    let challenge: Challenge;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { sub, org, pur, via, wan, jti, exp } = payload;
      if (
        typeof sub !== 'string' ||
        typeof org !== 'string' ||
        pur !== purpose ||
        (via !== 'password' && via !== 'oidc' && via !== 'session') ||
        (wan !== undefined && typeof wan !== 'string') ||
        typeof jti !== 'string' ||
        typeof exp !== 'number'
      ) {
        throw new Error('not a challenge of this purpose');
      }
      challenge = { purpose, userId: sub, organisationId: org, via, webauthn: wan, tokenId: jti, expiresAt: exp };
    } catch {
      throw AccessException.invalidChallenge();
    }
    if ((await this.ask(this.redis.exists(this.usedKey(challenge.tokenId)))) > 0)
      throw AccessException.invalidChallenge();
    return challenge;
  }

  /** Marks the token used; a second use (a replay, or two requests racing) is refused. */
  async consume(challenge: Challenge): Promise<void> {
    const seconds = Math.max(1, challenge.expiresAt - Math.floor(Date.now() / 1000) + 1);
    const set = await this.ask(this.redis.set(this.usedKey(challenge.tokenId), '1', 'EX', seconds, 'NX'));
    if (set !== 'OK') throw AccessException.invalidChallenge();
  }

  /**
   * Counts one try of a factor against the token, atomically, before the factor is checked: many
   * guesses sent at once on one token cannot all pass a check-then-count throttle.
   */
  async attempt(challenge: Challenge): Promise<void> {
    const key = `${this.config.redisPrefix}:second-factor:tries:${challenge.tokenId}`;
    const seconds = Math.max(1, challenge.expiresAt - Math.floor(Date.now() / 1000) + 1);
    const [[, tries]] = (await this.ask(this.redis.multi().incr(key).expire(key, seconds).exec())) as [
      [Error | null, number],
    ];
    if (tries > MAX_TRIES_PER_CHALLENGE) throw AccessException.invalidChallenge();
  }

  private usedKey(tokenId: string): string {
    return `${this.config.redisPrefix}:second-factor:used:${tokenId}`;
  }

  /** Redis's answer, or 503: a token is never accepted unchecked. */
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
}
