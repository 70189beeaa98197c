import { Inject, Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { AuditInput, AuditService } from '@vt/audit';
import { Clock, CLOCK, DataProtection, HUB_CONFIG, HubConfig, Principal } from '@vt/common';
import type { Transaction } from '@vt/database';
import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { defineAbilityFor, subject } from './ability.factory';
import { AccessException } from './access.exception';
import { AuthService, ownEntry, RequestOrigin, Session } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import type { Passkey } from './passkey.entity';
import {
  Challenge,
  FactorChallenge,
  FactorsOf,
  SecondFactorGate,
  SecondFactorMethod,
} from './second-factor-gate.service';
import { SecondFactorsRepository } from './second-factors.repository';
import { User } from './user.entity';
import type { UserTotp } from './user-totp.entity';
import { UsersRepository } from './users.repository';

export const RECOVERY_CODE_COUNT = 10;
/** 32 letters and digits without 0/o and 1/l: ten of them are 50 bits, read aloud without mistakes. */
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/**
 * EdDSA, ES256 and RS256: what authenticators offer widely. Not (yet) the post-quantum ML-DSA ones
 * that @simplewebauthn/server 14 offers by default: Node's Web Crypto marks them experimental.
 */
const PASSKEY_ALGORITHMS = [-8, -7, -257];
/** One 30-second step either side: a phone's clock a little off still works. */
const TOTP_TOLERANCE_SECONDS = 30;

const WRONG_CODE = 'Code onjuist / wrong code';

/** Who calls an enrolment endpoint: a user with a session, or one whose token allows enrolment only. */
export interface EnrolmentCaller {
  user: User;
  /** Set in the enrolment-only state: completing the first enrolment opens the session. */
  enrolment?: Challenge;
  /** The session (refresh token family) of a caller with an access token. */
  sessionId?: string;
}

export interface SecondFactorStatus {
  required: boolean;
  totp: { enabled: boolean; pending: boolean };
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodes: { remaining: number };
}

/** The result of an enrolment: new recovery codes with the first factor, a session in the enrolment-only state. */
export interface Enrolled {
  recoveryCodes?: string[];
  session?: Session;
}

function totpPurpose(userId: string): string {
  // Bound to the user: a sealed secret copied to another user's row does not open.
  return `totp-secret:${userId}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function recoveryHash(userId: string, code: string): Buffer {
  return createHash('sha256')
    .update(`${userId}:${normaliseRecoveryCode(code)}`)
    .digest();
}

export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Completes sign-in with a second factor, and enrols and removes factors (docs/second-factor.md). */
const UNIQUE_VIOLATION = '23505';
const passkeyTaken = () =>
  new AccessException(
    'access.second_factor_conflict',
    'Deze passkey is al geregistreerd / passkey already registered',
    [{ field: 'response', message: 'al geregistreerd / already registered' }],
  );

@Injectable()
export class SecondFactorService {
  private readonly sealer: DataProtection;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly secondFactors: SecondFactorsRepository,
    private readonly users: UsersRepository,
    private readonly gate: SecondFactorGate,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.sealer = new DataProtection(config.dataKeys, config.matchingKey);
  }

  // ---- sign-in ----

  async completeWithTotp(token: string, code: string, origin: RequestOrigin): Promise<Session> {
    return this.complete(token, 'totp', origin, (user) => this.totpMatches(user, code));
  }

  async completeWithRecoveryCode(token: string, code: string, origin: RequestOrigin): Promise<Session> {
    return this.complete(token, 'recovery_code', origin, (user) =>
      this.secondFactors.useRecoveryCode(user.id, recoveryHash(user.id, code)),
    );
  }

  async completeWithPasskey(
    token: string,
    response: AuthenticationResponseJSON,
    origin: RequestOrigin,
  ): Promise<Session> {
    return this.complete(token, 'passkey', origin, (user, challenge) => this.passkeyMatches(user, challenge, response));
  }

  /**
   * The second factor's step: the factor proved (`prove`), the session opens. A wrong factor is a
   * failed login, which answers 401.
   */
  private async complete(
    token: string,
    method: SecondFactorMethod,
    origin: RequestOrigin,
    check: (user: User, challenge: Challenge) => Promise<boolean>,
  ): Promise<Session> {
    const challenge = await this.gate.verify(token, 'login');
    const user = await this.activeUser(challenge.userId);
    await this.prove(user, challenge, origin, check, {
      purpose: `wrong_${method}`,
      error: () => new AccessException('access.invalid_second_factor', WRONG_CODE),
    });
    // As after a password alone: only the address's sole account clears its failures.
    if ((await this.users.countByEmail(user.email)) === 1) {
      await this.throttle.recordSuccess(user.email, origin.clientAddress);
    }
    return this.auth.openSession(user, origin, `${challenge.via}+${method}`, true);
  }

  /**
   * Proves a factor against a challenge: the throttle first, then one try counted on the token,
   * then the factor; a wrong one counts as a failed login and is audited. The token is used once
   * the factor is right.
   */
  private async prove(
    user: User,
    challenge: Challenge,
    origin: RequestOrigin,
    check: (user: User, challenge: Challenge) => Promise<boolean>,
    wrong: { purpose: string; error: () => AccessException },
  ): Promise<void> {
    await this.throttled(user, origin);
    await this.gate.attempt(challenge);
    if (!(await check(user, challenge))) {
      await this.throttle.recordFailure(user.email, origin.clientAddress);
      await this.audit.record({ ...this.loginEntry(user, origin), outcome: 'failure', purpose: wrong.purpose });
      throw wrong.error();
    }
    await this.gate.consume(challenge);
  }

  private async totpMatches(user: User, code: string): Promise<boolean> {
    const totp = await this.secondFactors.totpOf(user.id);
    return totp?.confirmedAt ? this.acceptTotp(totp, code) : false;
  }

  /** An assertion of one of the user's passkeys for the challenge; its counter is then recorded. */
  private async passkeyMatches(
    user: User,
    challenge: Challenge,
    response: AuthenticationResponseJSON,
  ): Promise<boolean> {
    const passkey = await this.secondFactors.passkeyOf(user.id, response.id);
    if (!passkey || !challenge.webauthn) return false;
    const expectedOrigin = this.expectedOrigins(response.response?.clientDataJSON);
    if (expectedOrigin.length === 0) return false;
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.webauthn,
        expectedOrigin,
        expectedRPID: this.config.secondFactor.rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: Number(passkey.counter),
          transports: passkey.transports,
        },
        requireUserVerification: false,
      });
      if (!verified) return false;
      await this.secondFactors.recordPasskeyUse(passkey.id, String(authenticationInfo.newCounter));
      return true;
    } catch {
      // A malformed or mismatching assertion is a wrong second factor like any other.
      return false;
    }
  }

  // ---- step-up ----

  /** A challenge to prove the account's TOTP or passkey again in this session. */
  async stepUpChallenge(caller: EnrolmentCaller, origin: RequestOrigin): Promise<FactorChallenge> {
    await this.sessionOnly(caller, 'step_up', origin);
    const challenge = await this.gate.beginStepUp(caller.user);
    if (!challenge) {
      throw new AccessException(
        'access.second_factor_conflict',
        'Stel eerst een tweede factor in / enrol a factor first',
      );
    }
    return challenge;
  }

  /**
   * Proves the TOTP or a passkey again: the session may then change the factors for the window.
   * A wrong factor counts as a failed login, but answers 400 at its field: the session stays valid.
   */
  async stepUp(
    caller: EnrolmentCaller,
    challengeToken: string,
    proof: { code: string } | { response: AuthenticationResponseJSON },
    origin: RequestOrigin,
  ): Promise<void> {
    const sessionId = await this.sessionOnly(caller, 'step_up', origin);
    // 400 at a field, never 401: a client must not take a failed step-up for an ended session.
    const refused = (field: string, message: string) => () =>
      new AccessException('access.invalid', message, [{ field, message }]);
    const expired = refused('challengeToken', 'Deze stap is verlopen; begin opnieuw / step expired, start again');
    const orExpired = (error: unknown): never => {
      throw error instanceof AccessException && error.code === 'access.invalid_challenge' ? expired() : error;
    };
    const challenge = await this.gate.verify(challengeToken, 'step_up').catch(orExpired);
    if (challenge.userId !== caller.user.id) throw expired();
    const method = 'code' in proof ? 'totp' : 'passkey';
    await this.prove(
      caller.user,
      challenge,
      origin,
      (user) =>
        'code' in proof ? this.totpMatches(user, proof.code) : this.passkeyMatches(user, challenge, proof.response),
      {
        purpose: `step_up_wrong_${method}`,
        error:
          'code' in proof
            ? refused('code', WRONG_CODE)
            : refused('response', 'Passkey niet geaccepteerd / passkey not accepted'),
      },
    ).catch(orExpired);
    await this.auth.markSecondFactor(sessionId, caller.user.id);
    await this.audit.record({
      ...this.loginEntry(caller.user, origin),
      outcome: 'success',
      purpose: `step_up+${method}`,
    });
  }

  private async throttled(user: User, origin: RequestOrigin): Promise<void> {
    try {
      await this.throttle.assertAllowed(user.email, origin.clientAddress);
    } catch (error) {
      if (error instanceof AccessException && error.code === 'access.throttled') {
        await this.audit.record({ ...this.loginEntry(user, origin), outcome: 'denied', purpose: 'throttled' });
      }
      throw error;
    }
  }

  private loginEntry(user: User, origin: RequestOrigin): AuditInput {
    return {
      action: 'login',
      subjectType: 'Session',
      outcome: 'failure',
      ...ownEntry(user, origin),
    };
  }

  private async activeUser(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    // Deactivated since the first factor: the step is over.
    if (!user?.active) throw AccessException.invalidChallenge();
    return user;
  }

  /** A right code for a step after the last one accepted; that step is then the last one, atomically. */
  private async acceptTotp(totp: UserTotp, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const secret = this.sealer.open(
      { ciphertext: totp.secretCiphertext, keyId: totp.secretKeyId },
      totpPurpose(totp.userId),
    );
    const result = await verifyTotp({
      secret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(totp.lastTimeStep !== null ? { afterTimeStep: Number(totp.lastTimeStep) } : {}),
    });
    if (!result.valid || !('timeStep' in result)) return false;
    return this.secondFactors.advanceTotpStep(totp.userId, result.timeStep);
  }

  // ---- enrolment ----

  /** The bearer token of an enrolment endpoint: a session's access token, or an enrolment-only token. */
  async callerOf(bearer: string | undefined, origin: RequestOrigin): Promise<EnrolmentCaller> {
    if (!bearer) throw AccessException.unauthenticated();
    let userId: string;
    let enrolment: Challenge | undefined;
    let sessionId: string | undefined;
    try {
      const authenticated = await this.auth.authenticateSession(bearer);
      userId = authenticated.principal.userId;
      sessionId = authenticated.sessionId;
    } catch {
      try {
        enrolment = await this.gate.verify(bearer, 'enrol');
        userId = enrolment.userId;
      } catch {
        await this.audit.record({
          action: 'denied',
          subjectType: 'SecondFactor',
          outcome: 'denied',
          purpose: 'invalid_token',
          requestId: origin.requestId,
          clientAddress: origin.clientAddress,
        });
        throw AccessException.unauthenticated();
      }
    }
    const user = await this.users.findById(userId);
    if (!user?.active) throw AccessException.unauthenticated();
    return { user, enrolment, sessionId };
  }

  async status(caller: EnrolmentCaller): Promise<SecondFactorStatus> {
    const factors = await this.gate.factorsOf(caller.user.id);
    const totp = await this.secondFactors.totpOf(caller.user.id);
    return {
      required: this.gate.required,
      totp: { enabled: factors.totp, pending: totp !== null && totp.confirmedAt === null },
      passkeys: factors.passkeys.map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt })),
      recoveryCodes: { remaining: factors.recoveryCodes },
    };
  }

  /** A new TOTP secret, shown this once; it counts after `confirmTotp`. Replaces an unconfirmed one. */
  async setUpTotp(caller: EnrolmentCaller, origin: RequestOrigin): Promise<{ secret: string; uri: string }> {
    await this.recentlyProved(caller, 'create', 'totp', origin);
    const { user } = caller;
    const existing = await this.secondFactors.totpOf(user.id);
    if (existing?.confirmedAt) {
      throw new AccessException(
        'access.second_factor_conflict',
        'Er is al een authenticator-app ingesteld; verwijder die eerst / an authenticator app is already set up',
      );
    }
    const secret = generateSecret();
    const sealed = this.sealer.seal(secret, totpPurpose(user.id));
    await this.secondFactors.saveTotp({
      userId: user.id,
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
    });
    const uri = generateURI({ issuer: this.config.secondFactor.rpName, label: user.email, secret });
    return { secret, uri };
  }

  async confirmTotp(caller: EnrolmentCaller, code: string, origin: RequestOrigin): Promise<Enrolled> {
    await this.recentlyProved(caller, 'create', 'totp', origin);
    const totp = await this.secondFactors.totpOf(caller.user.id);
    if (!totp || totp.confirmedAt) {
      throw new AccessException('access.second_factor_conflict', 'Stel eerst een authenticator-app in / set up first');
    }
    // 400, not 401: a typo while enrolling is bad input, and must not end the caller's session.
    if (!(await this.acceptTotp(totp, code))) {
      throw new AccessException('access.invalid', WRONG_CODE, [{ field: 'code', message: WRONG_CODE }]);
    }
    return this.enrolled(caller, 'totp', origin, (manager) => this.secondFactors.confirmTotp(manager, totp.userId));
  }

  async removeTotp(caller: EnrolmentCaller, origin: RequestOrigin): Promise<void> {
    await this.sessionOnly(caller, 'totp', origin);
    const factors = await this.gate.factorsOf(caller.user.id);
    await this.recentlyProved(caller, 'delete', 'totp', origin, factors);
    if (!factors.totp) return this.notFound(caller.user, 'totp', origin);
    this.assertNotLast(factors.passkeys.length);
    await this.secondFactors.transaction(async (manager) => {
      await this.secondFactors.deleteTotp(manager, caller.user.id);
      await this.audit.recordWithin(manager, this.factorEntry(caller.user, 'delete', 'totp', origin));
    });
  }

  async passkeyOptions(
    caller: EnrolmentCaller,
    origin: RequestOrigin,
  ): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; registrationToken: string }> {
    await this.recentlyProved(caller, 'create', 'passkey', origin);
    const { user } = caller;
    const existing = await this.secondFactors.passkeysOf(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.config.secondFactor.rpName,
      rpID: this.config.secondFactor.rpId,
      userName: user.email,
      userDisplayName: user.name,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const via = caller.enrolment?.via ?? 'password';
    return { options, registrationToken: await this.gate.issue('register', user, via, options.challenge) };
  }

  async registerPasskey(
    caller: EnrolmentCaller,
    registrationToken: string,
    name: string,
    response: RegistrationResponseJSON,
    origin: RequestOrigin,
  ): Promise<Enrolled & { passkey: { id: string; name: string } }> {
    await this.recentlyProved(caller, 'create', 'passkey', origin);
    // 400, not 401: a refused registration is bad input, and must not end the caller's session.
    const refused = (field: string) =>
      new AccessException('access.invalid', 'Passkey niet geaccepteerd / passkey not accepted', [
        { field, message: 'niet geaccepteerd; probeer opnieuw / not accepted, try again' },
      ]);
    const challenge = await this.gate.verify(registrationToken, 'register').catch(() => {
      throw refused('registrationToken');
    });
    if (challenge.userId !== caller.user.id || !challenge.webauthn) throw refused('registrationToken');
    const expectedOrigin = this.expectedOrigins(response.response?.clientDataJSON);
    if (expectedOrigin.length === 0) throw refused('response');
    let credential;
    try {
      const verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge.webauthn,
        expectedOrigin,
        expectedRPID: this.config.secondFactor.rpId,
        requireUserVerification: false,
        supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
      });
      if (!verification.verified) throw refused('response');
      credential = verification.registrationInfo.credential;
    } catch {
      throw refused('response');
    }
    // A credential registered before (here or by anyone) is refused before a token is used up.
    if (await this.secondFactors.passkeyExists(credential.id)) {
      throw passkeyTaken();
    }
    await this.gate.consume(challenge);
    let saved: Passkey | undefined;
    const enrolled = await this.enrolled(caller, 'passkey', origin, async (manager) => {
      try {
        saved = await this.secondFactors.addPasskey(manager, {
          userId: caller.user.id,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: String(credential.counter),
          transports: credential.transports ?? [],
          name,
        });
      } catch (error) {
        // The same credential registered at the same moment by another request.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw passkeyTaken();
        throw error;
      }
    });
    return { ...enrolled, passkey: { id: saved!.id, name: saved!.name } };
  }

  async removePasskey(caller: EnrolmentCaller, passkeyId: string, origin: RequestOrigin): Promise<void> {
    await this.sessionOnly(caller, 'passkey', origin);
    const factors = await this.gate.factorsOf(caller.user.id);
    await this.recentlyProved(caller, 'delete', 'passkey', origin, factors);
    if (!factors.passkeys.some((p) => p.id === passkeyId)) return this.notFound(caller.user, 'passkey', origin);
    this.assertNotLast(factors.passkeys.length - 1 + (factors.totp ? 1 : 0));
    await this.secondFactors.transaction(async (manager) => {
      await this.secondFactors.deletePasskey(manager, passkeyId, caller.user.id);
      await this.audit.recordWithin(manager, {
        ...this.factorEntry(caller.user, 'delete', 'passkey', origin),
        subjectId: passkeyId,
      });
    });
  }

  /** Ten new codes, shown this once; the old ones stop working. Needs a factor to recover. */
  async regenerateRecoveryCodes(caller: EnrolmentCaller, origin: RequestOrigin): Promise<string[]> {
    await this.sessionOnly(caller, 'recovery_codes', origin);
    const factors = await this.gate.factorsOf(caller.user.id);
    await this.recentlyProved(caller, 'create', 'recovery_codes', origin, factors);
    if (!factors.totp && factors.passkeys.length === 0) {
      throw new AccessException(
        'access.second_factor_conflict',
        'Stel eerst een tweede factor in / enrol a factor first',
      );
    }
    return this.secondFactors.transaction(async (manager) => {
      const codes = await this.replaceRecoveryCodes(manager, caller.user.id);
      await this.audit.recordWithin(manager, this.factorEntry(caller.user, 'create', 'recovery_codes', origin));
      return codes;
    });
  }

  /**
   * Writes a newly confirmed factor. The first factor comes with recovery codes; in the
   * enrolment-only state it also opens the session (the enrolment token is then used up).
   */
  private async enrolled(
    caller: EnrolmentCaller,
    method: 'totp' | 'passkey',
    origin: RequestOrigin,
    write: (manager: Transaction) => Promise<unknown>,
  ): Promise<Enrolled> {
    if (caller.enrolment) await this.gate.consume(caller.enrolment);
    const recoveryCodes = await this.secondFactors.transaction(async (manager) => {
      await write(manager);
      await this.audit.recordWithin(manager, this.factorEntry(caller.user, 'create', method, origin));
      const unused = await this.secondFactors.unusedRecoveryCodes(caller.user.id, manager);
      return unused === 0 ? this.replaceRecoveryCodes(manager, caller.user.id) : undefined;
    });
    // Confirming a factor proves it: a session's step-up window starts anew.
    if (caller.sessionId) await this.auth.markSecondFactor(caller.sessionId, caller.user.id);
    const session = caller.enrolment
      ? await this.auth.openSession(caller.user, origin, `${caller.enrolment.via}+${method}_enrolment`, true)
      : undefined;
    return { recoveryCodes, session };
  }

  private async replaceRecoveryCodes(manager: Transaction, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.secondFactors.replaceRecoveryCodes(
      manager,
      userId,
      codes.map((code) => recoveryHash(userId, code)),
    );
    return codes;
  }

  /** Removing, regenerating and a step-up need a session: the enrolment-only state can only add. */
  private async sessionOnly(caller: EnrolmentCaller, purpose: string, origin: RequestOrigin): Promise<string> {
    if (!caller.enrolment && caller.sessionId) return caller.sessionId;
    await this.audit.record({ ...this.factorEntry(caller.user, 'update', purpose, origin), outcome: 'denied' });
    throw AccessException.forbidden();
  }

  /**
   * Changing the factors of an account that has one needs the session to have proved one within
   * the window (its sign-in, a confirmed factor, a step-up): a stolen access token, or a session
   * left open, cannot add its holder's own factor, nor remove the user's, nor take new codes. The
   * first factor trusts the session, as the enrolment-only state trusts the password.
   */
  private async recentlyProved(
    caller: EnrolmentCaller,
    action: 'create' | 'delete',
    purpose: string,
    origin: RequestOrigin,
    factors?: FactorsOf,
  ): Promise<void> {
    if (caller.enrolment || !caller.sessionId) return;
    const { totp, passkeys } = factors ?? (await this.gate.factorsOf(caller.user.id));
    if (!totp && passkeys.length === 0) return;
    const provedAt = await this.auth.secondFactorAt(caller.sessionId, caller.user.id);
    const windowMs = this.config.secondFactor.stepUpMinutes * 60_000;
    if (provedAt && this.clock.now().getTime() - provedAt.getTime() <= windowMs) return;
    await this.audit.record({
      ...this.factorEntry(caller.user, action, `reauthentication_required_${purpose}`, origin),
      outcome: 'denied',
    });
    throw AccessException.reauthenticationRequired();
  }

  private assertNotLast(remaining: number): void {
    if (remaining === 0 && this.gate.required) {
      throw new AccessException(
        'access.second_factor_conflict',
        'Dit is uw laatste tweede factor; stel eerst een andere in / this is your last second factor',
      );
    }
  }

  /** Not the caller's: refused as not found, and the attempt leaves a trace. */
  private async notFound(user: User, purpose: string, origin: RequestOrigin): Promise<never> {
    await this.audit.record({ ...this.factorEntry(user, 'delete', purpose, origin), outcome: 'denied' });
    throw AccessException.notFound();
  }

  private factorEntry(
    user: User,
    action: 'create' | 'update' | 'delete',
    purpose: string,
    origin: RequestOrigin,
  ): AuditInput {
    return {
      action,
      subjectType: 'SecondFactor',
      outcome: 'success',
      purpose,
      ...ownEntry(user, origin),
    };
  }

  /**
   * The origins a passkey is accepted from: the configured ones, or else the one the browser
   * reports when it is on the relying party's host itself.
   */
  private expectedOrigins(clientDataJSON: unknown): string[] {
    const configured = this.config.secondFactor.origins;
    if (configured.length > 0) return configured;
    try {
      const data = JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as {
        origin?: unknown;
      };
      const url = new URL(String(data.origin));
      const ok =
        (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname === this.config.secondFactor.rpId;
      return ok ? [url.origin] : [];
    } catch {
      return [];
    }
  }

  // ---- administration ----

  /**
   * An organisation admin removes every factor of one of its users (who lost them all) and ends
   * their sessions: the next sign-in enrols anew. Not one's own: a colleague does that.
   */
  async reset(principal: Principal, organisationId: string, userId: string, origin: RequestOrigin): Promise<void> {
    if (!defineAbilityFor(principal).can('update', subject('User', { organisationId })))
      throw AccessException.notFound();
    if (userId === principal.userId) {
      throw new AccessException(
        'access.forbidden',
        'Uw eigen tweede factor herstelt een andere beheerder / another admin resets your own second factor',
      );
    }
    await this.secondFactors.transaction(async (manager) => {
      const user = await this.users.findInOrganisation(manager, organisationId, userId);
      if (!user) throw AccessException.notFound();
      await this.secondFactors.deleteAllOf(manager, userId);
      await this.auth.revokeAllFor(manager, userId);
      await this.audit.recordWithin(manager, {
        action: 'delete',
        subjectType: 'SecondFactor',
        outcome: 'success',
        purpose: 'admin_reset',
        actorUserId: principal.userId,
        actorOrganisationId: principal.organisationId,
        actorRoles: principal.roles,
        subjectId: userId,
        subjectOrganisationId: organisationId,
        requestId: origin.requestId,
        clientAddress: origin.clientAddress,
      });
    });
  }
}
