import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import type { Pool } from 'pg';
import { DataSource, EntityManager, In } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Role } from './roles';
import { User } from './user.entity';

/** A user with their organisation's name and kind, as `me` shows them. */
export interface UserWithOrganisationRow {
  id: string;
  organisation_id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
  created_at: Date;
  organisation_name: string;
  kind: string;
}

/** What every authenticated request re-reads: the user, their organisation's kind, and whether the session is open. */
export interface AuthenticationRow {
  roles: string[];
  active: boolean;
  organisation_id: string;
  kind: string;
  session_open: boolean;
}

/** Why no mail goes to a user: they are not active, or their address cannot be one at all. */
export type Unreachable = 'inactive' | 'no_address';

/** Where a user's mail goes, or why it goes nowhere. */
export interface MailAddress {
  email: string;
  /** Null when mail may go to them. */
  unreachable: Unreachable | null;
}

/** A user no mail goes to, and why. */
export interface UnreachableUser {
  userId: string;
  reason: Unreachable;
}

/** Whom to call: a user by name and address, beside an organisation's name and desk; what does not exist is null. */
export interface ContactCard {
  name: string | null;
  email: string | null;
  organisationName: string | null;
  organisationContact: string | null;
}

/** An active user holding one of some roles, with their organisation's name. */
export interface RoleHolder {
  userId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  roles: string[];
}

/** An active user holding one of some roles: who they are, nothing more. */
export interface RoleHolderName {
  userId: string;
  name: string;
}

/** Which active users to list: those of these organisations holding any of the roles, narrowed by id. */
export interface RoleHolderQuery {
  organisationIds: readonly string[];
  roles: readonly string[];
  /** Only this user. */
  userId?: string;
  /** Everyone but this user. */
  exceptUserId?: string | null;
}

/** Whom a notice reaches: one user, or every user of an organisation holding any of the roles. */
export type RecipientTarget = { userId: string } | { organisationId: string; roles: readonly string[] };

/**
 * SQL: why no mail goes to the user (alias `u`), or NULL. The one address rule of the hub: the
 * sweep and the send job both ask it, so they cannot disagree.
 */
const UNREACHABLE = `CASE WHEN NOT u.active THEN 'inactive'
                          WHEN u.email !~ '^[^[:space:]@]+@[^[:space:]@]+$' THEN 'no_address' END`;

/** The users table: accounts, their organisation, and their link to an organisation's own provider. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  private users(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  /** The accounts of an address with their password hashes, in one organisation when `slug` names it. */
  loginCandidates(email: string, slug?: string): Promise<User[]> {
    const query = this.users()
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .orderBy('user.id');
    if (slug !== undefined) {
      query.innerJoin('user.organisation', 'organisation', 'organisation.slug = :slug', { slug });
    }
    return query.getMany();
  }

  findById(id: string, transaction?: Transaction): Promise<User | null> {
    const manager = transaction && managerOf(transaction);
    return this.users(manager).findOne({ where: { id } });
  }

  /**
   * A user of one organisation. Refuses to run without the organisation id, so a read on behalf of
   * an organisation's admin can never forget the tenant.
   */
  findInOrganisation(transaction: Transaction, organisationId: string, id: string): Promise<User | null> {
    const manager = managerOf(transaction);
    if (typeof organisationId !== 'string' || organisationId.length === 0) {
      throw new Error('refused an unscoped query on User: an organisation id is required');
    }
    return this.users(manager).findOne({ where: { id, organisationId } });
  }

  countByEmail(email: string): Promise<number> {
    return this.users().countBy({ email });
  }

  create(
    transaction: Transaction,
    fields: Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'organisation'>,
  ): Promise<User> {
    const manager = managerOf(transaction);
    const repository = this.users(manager);
    return repository.save(repository.create(fields));
  }

  save(transaction: Transaction, user: User): Promise<User> {
    const manager = managerOf(transaction);
    return this.users(manager).save(user);
  }

  /**
   * The user and their organisation in one named statement with the join, planned once per
   * connection: every screen asks for it, and the entity query sent two (an id pre-query, then the
   * join) and hydrated both rows.
   */
  async withOrganisation(userId: string): Promise<UserWithOrganisationRow | undefined> {
    const {
      rows: [row],
    } = await this.pool().query<UserWithOrganisationRow>({
      name: 'access-me',
      text: `SELECT u.id, u.organisation_id, u.name, u.email, u.roles, u.active, u.created_at,
                    o.name AS organisation_name, o.kind
               FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      values: [userId],
    });
    return row;
  }

  /**
   * A session is open while its refresh token family has a token not revoked (rotation revokes
   * one and issues the next in one transaction; logout, reuse and deactivation revoke them all),
   * so an ended session's access tokens are refused at once, on every replica, in the same query
   * that re-reads the user, and without Redis. A named statement: each connection plans it once,
   * as every authenticated request runs it.
   */
  async authentication(userId: string, sessionId: string): Promise<AuthenticationRow | undefined> {
    const {
      rows: [row],
    } = await this.pool().query<AuthenticationRow>({
      name: 'access-authenticate',
      text: `SELECT u.roles, u.active, u.organisation_id, o.kind,
                    EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NULL) AS session_open
               FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      values: [userId, sessionId],
    });
    return row;
  }

  /** Users with their organisation's name, by id; a user that no longer exists is absent. */
  withOrganisationNames(ids: string[], transaction?: Transaction): Promise<User[]> {
    return this.users(transaction && managerOf(transaction)).find({
      select: { id: true, name: true, organisation: { id: true, name: true } },
      relations: { organisation: true },
      where: { id: In(ids) },
    });
  }

  /** The user of the organisation linked to this subject at this issuer. */
  async linkedTo(organisationId: string, issuer: string, subject: string): Promise<User | null> {
    const [linked] = (await this.dataSource.query(
      `SELECT id FROM users WHERE organisation_id = $1 AND oidc_issuer = $2 AND oidc_subject = $3`,
      [organisationId, issuer, subject],
    )) as { id: string }[];
    return linked ? this.users().findOneBy({ id: linked.id }) : null;
  }

  findByOrganisationAndEmail(organisationId: string, email: string): Promise<User | null> {
    return this.users().findOneBy({ organisationId, email });
  }

  /**
   * Links the user to the subject at the issuer; false when already linked to another subject of
   * that issuer. A link made at an earlier provider of the organisation is stale and moves to this one.
   */
  async link(userId: string, issuer: string, subject: string): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE users SET oidc_issuer = $2, oidc_subject = $3
        WHERE id = $1 AND (oidc_subject IS NULL OR oidc_issuer <> $2) RETURNING id`,
      [userId, issuer, subject],
    )) as [unknown[], number];
    return result[1] === 1;
  }

  /**
   * The active users each target reaches, inside the caller's transaction, in one statement for
   * any number of targets: one list per target, in the targets' order.
   */
  async activeRecipients(transaction: Transaction, targets: readonly RecipientTarget[]): Promise<string[][]> {
    const manager = managerOf(transaction);
    if (targets.length === 0) return [];
    const rows = (await manager.query(
      `SELECT t.i, r.id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(user_id, organisation_id, roles, i)
        CROSS JOIN LATERAL (
          SELECT u.id FROM users u WHERE u.id = t.user_id AND u.active
          UNION ALL
          SELECT u.id FROM users u
           WHERE u.organisation_id = t.organisation_id AND u.active AND u.roles && string_to_array(t.roles, ',')) r`,
      [
        targets.map((target) => ('userId' in target ? target.userId : null)),
        targets.map((target) => ('userId' in target ? null : target.organisationId)),
        targets.map((target) => ('userId' in target ? null : target.roles.join(','))),
      ],
    )) as { i: string; id: string }[];
    const recipients = targets.map((): string[] => []);
    // WITH ORDINALITY counts from 1.
    for (const row of rows) recipients[Number(row.i) - 1].push(row.id);
    return recipients;
  }

  /** The user's address and why no mail goes to them, inside the caller's transaction. */
  async mailAddress(transaction: Transaction, userId: string): Promise<MailAddress | undefined> {
    const [row] = (await managerOf(transaction).query(
      `SELECT u.email, ${UNREACHABLE} AS unreachable FROM users u WHERE u.id = $1`,
      [userId],
    )) as MailAddress[];
    return row;
  }

  /** Of these users, those no mail goes to and why, in one statement; an id of no user is absent. */
  unreachable(userIds: readonly string[]): Promise<UnreachableUser[]> {
    return this.dataSource.query(
      `SELECT "userId", reason
         FROM (SELECT u.id AS "userId", ${UNREACHABLE} AS reason FROM users u WHERE u.id = ANY ($1::uuid[])) s
        WHERE reason IS NOT NULL`,
      [userIds],
    );
  }

  /** A user's name and address and an organisation's name and desk, in one statement. */
  async contactCard(userId: string, organisationId: string, transaction?: Transaction): Promise<ContactCard> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const [card] = (await manager.query(
      `SELECT u.name, u.email, o.name AS "organisationName", o.contact AS "organisationContact"
         FROM (SELECT 1) one LEFT JOIN users u ON u.id = $1 LEFT JOIN organisations o ON o.id = $2`,
      [userId, organisationId],
    )) as ContactCard[];
    return card;
  }

  /** The active users the query names, by organisation name and name, in one statement. */
  roleHolders(query: RoleHolderQuery, transaction?: Transaction): Promise<RoleHolder[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return manager.query(
      `SELECT u.id AS "userId", u.name, u.organisation_id AS "organisationId", o.name AS "organisationName", u.roles
         FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.active AND u.roles && $2::text[] AND u.organisation_id = ANY ($1::uuid[])
          AND ($3::uuid IS NULL OR u.id = $3::uuid) AND u.id IS DISTINCT FROM $4::uuid
        ORDER BY o.name, u.name, u.id`,
      [query.organisationIds, query.roles, query.userId ?? null, query.exceptUserId ?? null],
    );
  }

  /** The active users of one organisation holding any of the roles, by name, in one statement without a join. */
  roleHolderNames(organisationId: string, roles: readonly string[]): Promise<RoleHolderName[]> {
    return this.dataSource.query(
      `SELECT id AS "userId", name FROM users
        WHERE organisation_id = $1 AND active AND roles && $2::text[]
        ORDER BY name, id`,
      [organisationId, roles],
    );
  }

  /** Straight to the pool for the named statements on the path of every request. */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}
