import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@vt/audit';
import { Clock, CLOCK, HUB_CONFIG, HubConfig, Principal } from '@vt/common';
import type { Transaction } from '@vt/database';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AccessException } from './access.exception';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SecondFactorGate, SecondFactorStep } from './second-factor-gate.service';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export interface RequestOrigin {
  clientAddress: string;
  requestId: string;
}

/** An audit entry's who and where when a user acts on their own account (sign-in, factors). */
export function ownEntry(user: User, origin: RequestOrigin) {
  return {
    actorUserId: user.id,
    actorOrganisationId: user.organisationId,
    actorRoles: user.roles,
    subjectId: user.id,
    subjectOrganisationId: user.organisationId,
    requestId: origin.requestId,
    clientAddress: origin.clientAddress,
  };
}

export interface Session {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: { id: string; name: string; email: string; organisationId: string; roles: string[] };
}

/** A first factor's outcome: the session, or the second factor's step before it. */
export type LoginOutcome = Session | { secondFactor: SecondFactorStep };

const INVALID = 'E-mailadres of wachtwoord onjuist / invalid e-mail or password';

/** Password verifications per login: enough for an address shared by two organisations. */
const VERIFICATIONS_PER_LOGIN = 2;

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly secondFactor: SecondFactorGate,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(rawEmail: string, password: string, origin: RequestOrigin, organisation?: string): Promise<LoginOutcome> {
    const email = rawEmail.trim().toLowerCase();
    const base = { subjectType: 'Session', requestId: origin.requestId, clientAddress: origin.clientAddress };
    try {
      await this.throttle.assertAllowed(email, origin.clientAddress);
    } catch (error) {
      const throttled = error instanceof AccessException && error.code === 'access.throttled';
      await this.audit.record({
        ...base,
        action: 'login',
        outcome: throttled ? 'denied' : 'failure',
        purpose: throttled ? 'throttled' : 'throttle_unavailable',
      });
      throw error;
    }
    // An address may have accounts in several organisations: the password is verified against each
    // (against a dummy hash when there is none: same answer, same time), and the one it opens logs in.
    const candidates = await this.users.loginCandidates(email, organisation);
    // Padded with dummy verifications to a fixed count, side by side, so the time of a login does
    // not tell whether (or in how many other organisations) the address has accounts.
    const padding = Math.max(0, VERIFICATIONS_PER_LOGIN - candidates.length);
    const verdicts = await Promise.all([
      ...candidates.map((user) => this.passwords.verify(user.passwordHash, password)),
      ...Array.from({ length: padding }, () => this.passwords.verify(undefined, password)),
    ]);
    const checked = candidates.map((user, i) => ({ user, valid: verdicts[i] }));
    const matches = checked.filter(({ user, valid }) => valid && user.active).map(({ user }) => user);
    if (matches.length === 1) {
      // With a second factor to follow, the count stays: the password alone must not reset the count
      // of guesses at the code (the second factor's success clears it).
      const step = await this.secondFactor.begin(matches[0], 'password');
      if (step) return { secondFactor: step };
      // Only the address's sole account clears its failures: with several, an account someone holds
      // in another organisation would reset the count of guesses at this one.
      if (candidates.length === 1) await this.throttle.recordSuccess(email, origin.clientAddress);
      return this.openSession(matches[0], origin);
    }
    if (matches.length > 1) {
      // The password is right for several accounts: the caller names the organisation. Each account's
      // organisation sees the attempt, not counted as a failure.
      for (const user of matches) {
        await this.audit.record({ ...base, ...this.failureOf(user), purpose: 'organisation_required' });
      }
      throw new AccessException('access.organisation_required', 'Kies de organisatie / choose the organisation', [
        {
          field: 'organisation',
          message: 'dit e-mailadres hoort bij meer organisaties / address used by more than one organisation',
        },
      ]);
    }
    await this.throttle.recordFailure(email, origin.clientAddress);
    if (checked.length === 0) {
      await this.audit.record({ ...base, ...this.failureOf(null), purpose: 'unknown_account' });
    }
    for (const { user, valid } of checked) {
      await this.audit.record({
        ...base,
        ...this.failureOf(user),
        purpose: valid ? 'inactive_account' : 'wrong_password',
      });
    }
    throw new AccessException('access.invalid_credentials', INVALID);
  }

  private failureOf(user: User | null): {
    action: 'login';
    outcome: 'failure';
    actorUserId: string | null;
    actorOrganisationId: string | null;
  } {
    return {
      action: 'login',
      outcome: 'failure',
      actorUserId: user?.id ?? null,
      actorOrganisationId: user?.organisationId ?? null,
    };
  }

  /**
   * Opens a session for a user already identified (by password, or at the organisation's own
   * provider, named by `purpose`), audited as a login: refresh, logout and session checks are the same.
   * `secondFactor`: the sign-in proved a second factor now, which changing factors asks for.
   */
  async openSession(user: User, origin: RequestOrigin, purpose?: string, secondFactor = false): Promise<Session> {
    return this.refreshTokens.transaction(async (manager) => {
      const refresh = await this.issueRefreshToken(
        manager,
        user.id,
        randomUUID(),
        secondFactor ? this.clock.now() : null,
      );
      await this.audit.recordWithin(manager, {
        action: 'login',
        subjectType: 'Session',
        outcome: 'success',
        purpose,
        ...ownEntry(user, origin),
      });
      return this.session(user, refresh);
    });
  }

  /** Rotates the refresh token; presenting a rotated one again revokes the whole family and its access tokens. */
  async refresh(token: string, origin: RequestOrigin): Promise<Session> {
    const outcome = await this.refreshTokens.transaction(async (manager) => {
      const current = await this.refreshTokens.lockByHash(manager, digest(token));
      if (!current) return { kind: 'unknown' as const };
      const user = await this.users.findById(current.userId, manager);
      const owner = { userId: current.userId, organisationId: user?.organisationId ?? null };
      if (current.revokedAt) {
        await this.refreshTokens.revokeFamily(manager, current.familyId);
        return { kind: 'reused' as const, ...owner };
      }
      if (!user || !user.active || current.expiresAt.getTime() <= Date.now()) {
        return { kind: 'expired' as const, ...owner };
      }
      const next = await this.issueRefreshToken(manager, user.id, current.familyId);
      await this.refreshTokens.markReplaced(manager, current.id, next.id);
      await this.audit.recordWithin(manager, {
        action: 'login',
        subjectType: 'Session',
        outcome: 'success',
        purpose: 'refresh',
        ...ownEntry(user, origin),
      });
      return { kind: 'ok' as const, session: await this.session(user, next) };
    });
    if (outcome.kind === 'ok') return outcome.session;
    await this.audit.record({
      action: 'login',
      subjectType: 'Session',
      outcome: 'denied',
      purpose: `refresh_${outcome.kind}`,
      // Whoever presented the token is not known to be the user: the entry stays in the anonymous
      // chain (the platform's to verify), and names the account's organisation so its privacy
      // officer finds it too.
      actorUserId: 'userId' in outcome ? outcome.userId : null,
      subjectId: 'userId' in outcome ? outcome.userId : null,
      subjectOrganisationId: 'organisationId' in outcome ? outcome.organisationId : null,
      requestId: origin.requestId,
      clientAddress: origin.clientAddress,
    });
    throw new AccessException('access.invalid_refresh_token', 'Sessie verlopen; log opnieuw in / session expired');
  }

  /**
   * Ends the session of the refresh token and that of the access token, whichever were sent: their
   * refresh token families are revoked, and so are the access tokens issued to them, on every replica.
   */
  async logout(credentials: { refreshToken?: string; accessToken?: string }, origin: RequestOrigin): Promise<void> {
    // An access token that does not verify (expired, forged) is refused anyway and names no session.
    const access = credentials.accessToken
      ? await this.tokens.verify(credentials.accessToken).catch(() => undefined)
      : undefined;
    await this.refreshTokens.transaction(async (manager) => {
      const { refreshToken } = credentials;
      const current = refreshToken ? await this.refreshTokens.findByHash(manager, digest(refreshToken)) : null;
      const userId = current?.userId ?? access?.userId;
      if (!userId) return;
      const familyIds = [...new Set([current?.familyId, access?.sessionId].filter((id) => id !== undefined))];
      for (const familyId of familyIds) await this.refreshTokens.revokeFamily(manager, familyId);
      const user = await this.users.findById(userId, manager);
      await this.audit.recordWithin(manager, {
        action: 'logout',
        subjectType: 'Session',
        outcome: 'success',
        actorUserId: userId,
        actorOrganisationId: user?.organisationId ?? null,
        actorRoles: user?.roles ?? [],
        requestId: origin.requestId,
        clientAddress: origin.clientAddress,
      });
    });
  }

  /** Resolves a bearer token to the acting principal; inactive users and ended sessions are refused at once. */
  async authenticate(accessToken: string): Promise<Principal> {
    return (await this.authenticateSession(accessToken)).principal;
  }

  /** As `authenticate`, with the session (refresh token family) the token belongs to. */
  async authenticateSession(accessToken: string): Promise<{ principal: Principal; sessionId: string }> {
    const claims = await this.tokens.verify(accessToken);
    // The session's family is checked in the same query that re-reads the user, so an ended
    // session's access tokens are refused at once, on every replica, and without Redis.
    const row = await this.users.authentication(claims.userId, claims.sessionId);
    if (!row || !row.active || !row.session_open || row.organisation_id !== claims.organisationId) {
      throw AccessException.unauthenticated();
    }
    return {
      principal: {
        userId: claims.userId,
        organisationId: row.organisation_id,
        organisationKind: row.kind,
        roles: row.roles,
        tokenId: claims.tokenId,
      },
      sessionId: claims.sessionId,
    };
  }

  /** When the session last proved the second factor (null: never, as after a password alone). */
  secondFactorAt(sessionId: string, userId: string): Promise<Date | null> {
    return this.refreshTokens.secondFactorAt(sessionId, userId);
  }

  /** The session proved the second factor now (a step-up, or a factor confirmed in it). */
  markSecondFactor(sessionId: string, userId: string): Promise<void> {
    return this.refreshTokens.markSecondFactor(sessionId, userId, this.clock.now());
  }

  /** Ends every session of the user, inside the caller's transaction. */
  revokeAllFor(manager: Transaction, userId: string): Promise<void> {
    return this.refreshTokens.revokeAllFor(manager, userId);
  }

  private async issueRefreshToken(
    manager: Transaction,
    userId: string,
    familyId: string,
    secondFactorAt: Date | null = null,
  ): Promise<{ id: string; familyId: string; token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    const saved = await this.refreshTokens.add(manager, {
      userId,
      familyId,
      tokenHash: digest(token),
      expiresAt,
      secondFactorAt,
    });
    return { id: saved.id, familyId, token, expiresAt };
  }

  private async session(user: User, refresh: { familyId: string; token: string; expiresAt: Date }): Promise<Session> {
    return {
      accessToken: await this.tokens.sign(user.id, user.organisationId, refresh.familyId),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt,
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        organisationId: user.organisationId,
        roles: user.roles,
      },
    };
  }
}
