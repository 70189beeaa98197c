import { Injectable } from '@nestjs/common';
import { AuditActor, AuditInput, AuditService } from '@vt/audit';
import { Principal } from '@vt/common';
import type { Transaction } from '@vt/database';
import { QueryFailedError } from 'typeorm';
import { AppAbility, defineAbilityFor, subject } from './ability.factory';
import { AccessException } from './access.exception';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import type { Role } from './roles';
import { User } from './user.entity';
import {
  ContactCard,
  MailAddress,
  RecipientTarget,
  RoleHolder,
  RoleHolderName,
  RoleHolderQuery,
  UnreachableUser,
  UsersRepository,
} from './users.repository';

export interface NewUser {
  name: string;
  email: string;
  password: string;
  roles: Role[];
}

export interface UserChange {
  roles?: Role[];
  active?: boolean;
}

export interface AuditContext {
  requestId: string;
  clientAddress: string;
}

export type UserView = Pick<User, 'id' | 'organisationId' | 'name' | 'email' | 'roles' | 'active' | 'createdAt'>;

export function toUserView(user: User): UserView {
  const { id, organisationId, name, email, roles, active, createdAt } = user;
  return { id, organisationId, name, email, roles, active, createdAt };
}

/** Users within one organisation, managed by that organisation's admins. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async me(principal: Principal): Promise<UserView & { organisation: { id: string; name: string; kind: string } }> {
    const row = await this.users.withOrganisation(principal.userId);
    if (!row) throw AccessException.notFound();
    return {
      id: row.id,
      organisationId: row.organisation_id,
      name: row.name,
      email: row.email,
      roles: row.roles,
      active: row.active,
      createdAt: row.created_at,
      organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.kind },
    };
  }

  async create(principal: Principal, organisationId: string, input: NewUser, ctx: AuditContext): Promise<UserView> {
    const ability = defineAbilityFor(principal);
    if (!ability.can('create', subject('User', { organisationId }))) throw AccessException.notFound();
    const [weak] = this.passwords.problems(input.password, input);
    if (weak) {
      throw new AccessException('access.weak_password', 'Kies een sterker wachtwoord / choose a stronger password', [
        { field: 'password', message: weak },
      ]);
    }
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.users.transaction(async (manager) => {
        const user = await this.users.create(manager, {
          organisationId,
          name: input.name,
          email: input.email.trim().toLowerCase(),
          passwordHash,
          roles: [...new Set(input.roles)],
          active: true,
        });
        await this.audit.recordWithin(manager, this.entry(principal, 'create', user, ctx));
        return toUserView(user);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new AccessException('access.email_taken', 'E-mailadres is al in gebruik / e-mail already in use', [
          { field: 'email', message: 'al in gebruik / already in use' },
        ]);
      }
      throw error;
    }
  }

  async update(
    principal: Principal,
    organisationId: string,
    userId: string,
    change: UserChange,
    ctx: AuditContext,
  ): Promise<UserView> {
    const ability = defineAbilityFor(principal);
    return this.users.transaction(async (manager) => {
      const user = await this.loadForUpdate(manager, ability, organisationId, userId);
      if (
        userId === principal.userId &&
        (change.active === false || (change.roles && !change.roles.includes('admin')))
      ) {
        // Without this an organisation can lock out its last administrator by accident.
        throw new AccessException(
          'access.forbidden',
          'U kunt uw eigen beheerrechten niet intrekken / cannot revoke own admin access',
        );
      }
      if (change.roles) user.roles = [...new Set(change.roles)];
      if (change.active !== undefined) user.active = change.active;
      await this.users.save(manager, user);
      if (change.active === false) await this.auth.revokeAllFor(manager, user.id);
      await this.audit.recordWithin(manager, this.entry(principal, 'update', user, ctx));
      return toUserView(user);
    });
  }

  /**
   * Names of users with their organisation's, by id, in one query: the audit log shows who acted
   * (its privacy officer may know that of every entry it sees), a meeting's minutes its chair. A
   * user that no longer exists is absent. Inside the caller's transaction when given one.
   */
  async namesOf(ids: string[], manager?: Transaction): Promise<Map<string, AuditActor>> {
    const users = await this.users.withOrganisationNames(ids, manager);
    const names = new Map<string, AuditActor>();
    for (const u of users) if (u.organisation) names.set(u.id, { name: u.name, organisationName: u.organisation.name });
    return names;
  }

  /** The names of the users with these ids, in one query; an id of no user is absent. */
  async names(ids: string[], manager?: Transaction): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const users = await this.namesOf([...new Set(ids)], manager);
    return new Map([...users].map(([id, user]) => [id, user.name]));
  }

  /**
   * The active users each target reaches, inside the caller's transaction: one list per target, in
   * their order. What a notice's recipients are, without another context reading the users table.
   */
  activeRecipients(manager: Transaction, targets: readonly RecipientTarget[]): Promise<string[][]> {
    return this.users.activeRecipients(manager, targets);
  }

  /**
   * A notice's recipient's address and why no mail goes to them (null when it may), inside the
   * caller's transaction: what the mail outbox's send job sends to, without another context reading
   * the users table.
   */
  mailAddress(manager: Transaction, userId: string): Promise<MailAddress | undefined> {
    return this.users.mailAddress(manager, userId);
  }

  /**
   * Of these users, those no mail goes to and why, in one query, by the same rule as `mailAddress`:
   * what the mail outbox's sweep settles without a job. An id of no user is absent.
   */
  unreachable(userIds: readonly string[]): Promise<UnreachableUser[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.users.unreachable(userIds);
  }

  /**
   * Whom to call about something another context records: the user by name and address, with the
   * named organisation's name and desk (not necessarily the user's own), in one query. Inside the
   * caller's transaction when given one.
   */
  contactCard(userId: string, organisationId: string, manager?: Transaction): Promise<ContactCard> {
    return this.users.contactCard(userId, organisationId, manager);
  }

  /**
   * The active users of some organisations holding any of the roles, by organisation name and name,
   * in one query: who another context may hand work to, without it reading the users table. Inside
   * the caller's transaction when given one.
   */
  roleHolders(query: RoleHolderQuery, manager?: Transaction): Promise<RoleHolder[]> {
    if (query.organisationIds.length === 0) return Promise.resolve([]);
    return this.users.roleHolders(query, manager);
  }

  /**
   * The active users of one organisation holding any of the roles, by name, then id: for a caller
   * that needs only who they are (the dashboard's caseload), without `roleHolders`' join of the
   * organisations and its roles, which took about half the read's time.
   */
  roleHolderNames(organisationId: string, roles: readonly string[]): Promise<RoleHolderName[]> {
    return this.users.roleHolderNames(organisationId, roles);
  }

  private async loadForUpdate(
    manager: Transaction,
    ability: AppAbility,
    organisationId: string,
    userId: string,
  ): Promise<User> {
    if (!ability.can('update', subject('User', { organisationId }))) throw AccessException.notFound();
    const user = await this.users.findInOrganisation(manager, organisationId, userId);
    if (!user) throw AccessException.notFound();
    return user;
  }

  private entry(principal: Principal, action: 'create' | 'update', user: User, ctx: AuditContext): AuditInput {
    return {
      action,
      subjectType: 'User',
      subjectId: user.id,
      subjectOrganisationId: user.organisationId,
      outcome: 'success',
      actorUserId: principal.userId,
      actorOrganisationId: principal.organisationId,
      actorRoles: principal.roles,
      requestId: ctx.requestId,
      clientAddress: ctx.clientAddress,
    };
  }
}
