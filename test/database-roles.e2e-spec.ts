import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseRoleError, inspectAppRole, postgresOptions } from '../libs/database/src';
import { HUB_APPEND_ONLY_TABLES, hubDataSourceOptions } from '../apps/api/src/hub-data-source';
import { HUB_MIGRATIONS } from '../migrations';
import { E2E_APP_ROLE } from './support/database-urls';

/**
 * Least privilege on the hub database: the api and worker log in as a member of vt_app (the URL they
 * get here, E2E_DATABASE_URL, is the one startHub gives the api), the migrations ran as the owner.
 * The app role may add to and read the audit log and nothing more: no UPDATE, DELETE or TRUNCATE, no
 * switching off triggers, no replica mode, no DDL.
 */
describe('database roles', () => {
  const appUrl = process.env.E2E_DATABASE_URL as string;
  const ownerUrl = process.env.E2E_OWNER_DATABASE_URL as string;
  let app: Client;
  let owner: Client;

  beforeAll(async () => {
    app = new Client({ connectionString: appUrl });
    owner = new Client({ connectionString: ownerUrl });
    await Promise.all([app.connect(), owner.connect()]);
  });
  afterAll(() => Promise.all([app.end(), owner.end()]));

  /** Rejects with PostgreSQL's insufficient_privilege and a message from the privilege system. */
  const refused = (sql: string, message: RegExp) =>
    expect(app.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(message) });

  /** A valid audit entry of a chain of its own, which no verification walks (it has no head row). */
  const insertEntry = (client: Client) =>
    client.query(
      `INSERT INTO audit_entries (chain_id, seq, occurred_at, action, subject_type, outcome, prev_hash, hash)
       VALUES ($1, 1, now(), 'read', 'User', 'success', 'genesis', 'e2e') RETURNING id`,
      [randomUUID()],
    );

  it('logs the app in as a member of vt_app without superuser or other role attributes, owning nothing', async () => {
    const [me] = (
      await app.query<{ name: string; member: boolean; attributes: boolean; owned: number; owns_database: boolean }>(
        `SELECT current_user AS name, pg_has_role('vt_app', 'MEMBER') AS member,
                r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls AS attributes,
                (SELECT count(*) FROM pg_class WHERE relowner IN (r.oid, a.oid))::int
                  + (SELECT count(*) FROM pg_proc WHERE proowner IN (r.oid, a.oid))::int
                  + (SELECT count(*) FROM pg_namespace WHERE nspowner IN (r.oid, a.oid))::int
                  + (SELECT count(*) FROM pg_type WHERE typowner IN (r.oid, a.oid))::int AS owned,
                (SELECT datdba IN (r.oid, a.oid) FROM pg_database WHERE datname = current_database()) AS owns_database
           FROM pg_roles r, pg_roles a WHERE r.rolname = current_user AND a.rolname = 'vt_app'`,
      )
    ).rows;
    expect(me).toEqual({ name: E2E_APP_ROLE, member: true, attributes: false, owned: 0, owns_database: false });
    const [group] = (
      await app.query<{ login: boolean; attributes: boolean }>(
        `SELECT rolcanlogin AS login, rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls
                  AS attributes
           FROM pg_roles WHERE rolname = 'vt_app'`,
      )
    ).rows;
    expect(group).toEqual({ login: false, attributes: false });
    expect(await inspectAppRole(app, HUB_APPEND_ONLY_TABLES)).toEqual({ role: E2E_APP_ROLE, problems: [] });
  });

  it('may add to and read the audit log, and move a chain head forward', async () => {
    await app.query('BEGIN');
    try {
      const inserted = await insertEntry(app);
      const read = await app.query(`SELECT hash FROM audit_entries WHERE id = $1`, [inserted.rows[0].id]);
      expect(read.rows).toEqual([{ hash: 'e2e' }]);
      const chain = randomUUID();
      await app.query(`INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES ($1, 0, 'genesis')`, [
        chain,
      ]);
      await app.query(`UPDATE audit_chain_heads SET last_seq = 1, last_hash = 'e2e' WHERE chain_id = $1`, [chain]);
    } finally {
      // Nothing of it stays: the run's other tests verify real chains.
      await app.query('ROLLBACK');
    }
  });

  it('is refused UPDATE, DELETE and TRUNCATE on the audit log by its privileges, before any trigger', async () => {
    await refused(`UPDATE audit_entries SET outcome = 'denied'`, /permission denied for table audit_entries/);
    await refused(`DELETE FROM audit_entries`, /permission denied for table audit_entries/);
    await refused(`TRUNCATE audit_entries`, /permission denied for table audit_entries/);
    await refused(`DELETE FROM audit_chain_heads`, /permission denied for table audit_chain_heads/);
    await refused(`TRUNCATE audit_chain_heads`, /permission denied for table audit_chain_heads/);
  });

  it('cannot switch off the audit triggers, neither by disabling them nor by replica mode', async () => {
    await refused(
      `ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`,
      /must be owner of table audit_entries/,
    );
    await refused(`ALTER TABLE audit_entries DISABLE TRIGGER ALL`, /must be owner of table audit_entries/);
    await refused(`DROP TRIGGER audit_entries_no_truncate ON audit_entries`, /must be owner of (table|relation)/);
    await refused(
      `CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
      /permission denied for schema public|must be owner of function audit_entries_append_only/,
    );
    await refused(
      `SET session_replication_role = replica`,
      /permission denied to set parameter "session_replication_role"/,
    );
    await refused(
      `SELECT set_config('session_replication_role', 'replica', false)`,
      /permission denied to set parameter "session_replication_role"/,
    );
  });

  it('cannot change the schema or the record of migrations', async () => {
    await refused(`CREATE TABLE e2e_app_table (id int)`, /permission denied for schema public/);
    await refused(`CREATE SCHEMA e2e_app_schema`, /permission denied for database/);
    await refused(`ALTER TABLE cases ADD COLUMN e2e_column int`, /must be owner of table cases/);
    await refused(`DROP TABLE audit_entries`, /must be owner of table audit_entries/);
    await refused(`DELETE FROM typeorm_migrations`, /permission denied for table typeorm_migrations/);
    await refused(`CREATE ROLE e2e_app_made_role`, /permission denied to create role/);
  });

  it('ran the migrations as the owner, who owns every table; a table the owner adds later gets the default grants', async () => {
    const ownerName = decodeURIComponent(new URL(ownerUrl).username);
    const owners = await owner.query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`);
    expect(owners.rows).toEqual([{ tableowner: ownerName }]);
    const ran = await owner.query(`SELECT name FROM typeorm_migrations ORDER BY id`);
    expect(ran.rows.map((row: { name: string }) => row.name)).toEqual(HUB_MIGRATIONS.map((m) => m.name));

    await owner.query('BEGIN');
    try {
      await owner.query(`CREATE TABLE e2e_later (id int)`);
      const grants = await owner.query(
        `SELECT privilege_type FROM information_schema.role_table_grants
          WHERE grantee = 'vt_app' AND table_name = 'e2e_later' ORDER BY privilege_type`,
      );
      expect(grants.rows.map((row: { privilege_type: string }) => row.privilege_type)).toEqual([
        'DELETE',
        'INSERT',
        'SELECT',
        'UPDATE',
      ]);
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  it('lets the api start as the app role and refuses it the owner, at its first connection', async () => {
    const asApp = await new DataSource(hubDataSourceOptions(appUrl, 1, 'vt-e2e-roles')).initialize();
    await asApp.destroy();
    const asOwner = new DataSource(hubDataSourceOptions(ownerUrl, 1, 'vt-e2e-roles'));
    const refusal = asOwner.initialize();
    await expect(refusal).rejects.toBeInstanceOf(DatabaseRoleError);
    await expect(refusal).rejects.toThrow(/SUPERUSER/);
  });

  describe('an owner without superuser', () => {
    const role = 'vt_e2e_owner';
    const server = new URL(ownerUrl);
    server.pathname = '/postgres';
    const name = `vt_e2e_owner_${Date.now().toString(36)}_${process.pid}`;
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = 'e2e-only-owner-password';
    url.pathname = `/${name}`;

    beforeAll(async () => {
      const admin = new Client({ connectionString: server.toString() });
      await admin.connect();
      try {
        // Roles belong to the cluster: made once, kept for later runs (as vt_e2e_app is).
        await admin.query(`
          DO $$ BEGIN
            CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
              PASSWORD 'e2e-only-owner-password';
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END $$`);
        await admin.query(`CREATE DATABASE "${name}" OWNER ${role}`);
      } finally {
        await admin.end();
      }
    });
    afterAll(async () => {
      const admin = new Client({ connectionString: server.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });

    it('runs every migration (vt_app exists), and the api refuses to run as that owner', async () => {
      const migrator = await new DataSource(
        postgresOptions({ url: url.toString(), poolSize: 1, applicationName: 'vt-e2e-roles' }, [], HUB_MIGRATIONS),
      ).initialize();
      try {
        expect(await migrator.runMigrations({ transaction: 'each' })).toHaveLength(HUB_MIGRATIONS.length);
      } finally {
        await migrator.destroy();
      }
      const refusal = new DataSource(hubDataSourceOptions(url.toString(), 1, 'vt-e2e-roles')).initialize();
      await expect(refusal).rejects.toBeInstanceOf(DatabaseRoleError);
      await expect(refusal).rejects.toThrow(/owns \(or can become the owner of\) .*audit_/);
    });
  });
});
