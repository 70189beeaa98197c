import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Least privilege (audit hardening): the api and worker log in as members of the NOLOGIN role
 * `vt_app`, which may read and change the ordinary tables but only add to and read the audit log.
 * The role that runs the migrations owns every table; `vt_app` can neither change the schema nor
 * switch off a trigger. Roles belong to the cluster, not the database: `vt_app` is created only when
 * missing and `down` leaves it for the cluster's other databases (docs/database-roles.md).
 *
 * Tables created later by the same owner get SELECT, INSERT, UPDATE and DELETE for `vt_app` through
 * the default privileges; a migration adding an append-only table revokes UPDATE and DELETE itself.
 */
export class AppRole1795700850000 implements MigrationInterface {
  name = 'AppRole1795700850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vt_app') THEN
          CREATE ROLE vt_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        END IF;
      EXCEPTION
        -- Another database of the cluster was migrated at the same moment and created it first.
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role vt_app does not exist and % may not create it', current_user
            USING HINT = 'Have a DBA run: CREATE ROLE vt_app NOLOGIN;';
      END $$`);
    // Its members can SET ROLE vt_app, so its own attributes matter as much as theirs.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vt_app'
                   AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)) THEN
          RAISE EXCEPTION 'role vt_app must not have SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS';
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO vt_app', current_database());
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO vt_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vt_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vt_app`);
    // The audit log is append-only for the app; its chain heads move forward but never disappear.
    await q.query(`REVOKE UPDATE, DELETE ON audit_entries FROM vt_app`);
    await q.query(`REVOKE DELETE ON audit_chain_heads FROM vt_app`);
    // Which migrations ran is the owner's business.
    await q.query(`REVOKE ALL ON typeorm_migrations FROM vt_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vt_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vt_app`);
    // PostgreSQL 15's default already; a database upgraded from an older version still lets anyone
    // create tables in public, which would give the app DDL rights after all.
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    // CREATE on public stays revoked from PUBLIC: that is PostgreSQL 15's default, not this migration's.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM vt_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM vt_app`,
    );
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM vt_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM vt_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM vt_app`);
    await q.query(
      `DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM vt_app', current_database()); END $$`,
    );
  }
}
