import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@vt/audit';
import { HUB_CONFIG, HubConfig, Principal } from '@vt/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AccessException } from './access.exception';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { RefreshToken } from './refresh-token.entity';
import { SecondFactorGate, SecondFactorStep } from './second-factor-gate.service';
import { TokenService } from './token.service';
import { User } from './user.entity';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly secondFactor: SecondFactorGate,
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
    const query = this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .orderBy('user.id');
    if (organisation !== undefined) {
      query.innerJoin('user.organisation', 'organisation', 'organisation.slug = :slug', { slug: organisation });
    }
    const candidates = await query.getMany();
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
   */
  async openSession(user: User, origin: RequestOrigin, purpose?: string): Promise<Session> {
    return this.dataSource.transaction(async (manager) => {
      const refresh = await this.issueRefreshToken(manager, user.id, randomUUID());
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
    const outcome = await this.dataSource.transaction(async (manager) => {
      const current = await manager
        .getRepository(RefreshToken)
        .createQueryBuilder('token')
        .setLock('pessimistic_write')
        .where('token.tokenHash = :hash', { hash: digest(token) })
        .getOne();
      if (!current) return { kind: 'unknown' as const };
      const user = await manager.getRepository(User).findOne({ where: { id: current.userId } });
      const owner = { userId: current.userId, organisationId: user?.organisationId ?? null };
      if (current.revokedAt) {
        await this.revokeFamily(manager, current.familyId);
        return { kind: 'reused' as const, ...owner };
      }
      if (!user || !user.active || current.expiresAt.getTime() <= Date.now()) {
        return { kind: 'expired' as const, ...owner };
      }
      const next = await this.issueRefreshToken(manager, user.id, current.familyId);
      await manager.getRepository(RefreshToken).update(current.id, { revokedAt: new Date(), replacedBy: next.id });
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
    await this.dataSource.transaction(async (manager) => {
      const { refreshToken } = credentials;
      const current = refreshToken
        ? await manager.getRepository(RefreshToken).findOne({ where: { tokenHash: digest(refreshToken) } })
        : null;
      const userId = current?.userId ?? access?.userId;
      if (!userId) return;
      const familyIds = [...new Set([current?.familyId, access?.sessionId].filter((id) => id !== undefined))];
      for (const familyId of familyIds) await this.revokeFamily(manager, familyId);
      const user = await manager.getRepository(User).findOne({ where: { id: userId } });
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
    const claims = await this.tokens.verify(accessToken);
    // A session is open while its refresh token family has a token not revoked (rotation revokes
    // one and issues the next in one transaction; logout, reuse and deactivation revoke them all),
    // so an ended session's access tokens are refused at once, on every replica, in the same query
    // that re-reads the user, and without Redis.
    // A named statement: each connection plans it once, as every authenticated request runs it.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const {
      rows: [row],
    } = await pool.query<{
      roles: string[];
      active: boolean;
      organisation_id: string;
      kind: string;
      session_open: boolean;
    }>({
      name: 'access-authenticate',
      text: `SELECT u.roles, u.active, u.organisation_id, o.kind,
                    EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NULL) AS session_open
               FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      values: [claims.userId, claims.sessionId],
    });
    if (!row || !row.active || !row.session_open || row.organisation_id !== claims.organisationId) {
      throw AccessException.unauthenticated();
    }
    return {
      userId: claims.userId,
      organisationId: row.organisation_id,
      organisationKind: row.kind,
      roles: row.roles,
      tokenId: claims.tokenId,
    };
  }

  async revokeAllFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issueRefreshToken(
    manager: EntityManager,
    userId: string,
    familyId: string,
  ): Promise<{ id: string; familyId: string; token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    const saved = await manager
      .getRepository(RefreshToken)
      .save(manager.getRepository(RefreshToken).create({ userId, familyId, tokenHash: digest(token), expiresAt }));
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
