import { Client } from 'pg';
import { APP_ROLE } from './database-role-check';

/**
 * Creates the login role named in `appUrl` (with the password in it, if any) as a member of
 * `vt_app` when it does not exist, connecting as the owner in `ownerUrl`. For development, the demo,
 * Compose and the tests; production's login roles are made by its operators and this is never called
 * there. An existing role keeps its password, but one with more rights than the app may have is refused.
 * Run after the migrations, which create `vt_app`.
 */
export async function ensureLoginRole(ownerUrl: string, appUrl: string): Promise<boolean> {
  const app = new URL(appUrl);
  const name = decodeURIComponent(app.username);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsupported login role name "${name}"`);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    let created = false;
    if (!(await exists(client, name))) {
      const password = app.password ? ` PASSWORD ${client.escapeLiteral(decodeURIComponent(app.password))}` : '';
      try {
        await client.query(
          `CREATE ROLE ${client.escapeIdentifier(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION ` +
            `NOBYPASSRLS INHERIT IN ROLE ${APP_ROLE}${password}`,
        );
        created = true;
      } catch (error) {
        // Another run on the same cluster created it a moment ago (duplicate_object, unique_violation).
        const code = (error as { code?: string }).code;
        if (code !== '42710' && code !== '23505') throw error;
      }
    }
    const { rows } = await client.query<{ unfit: boolean; member: boolean }>(
      `SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS unfit,
              pg_has_role(oid, $2::name, 'MEMBER') AS member
         FROM pg_roles WHERE rolname = $1`,
      [name, APP_ROLE],
    );
    if (rows[0].unfit) {
      throw new Error(
        `login role "${name}" has SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS; the api and worker ` +
          `need a role without them (docs/database-roles.md)`,
      );
    }
    if (!rows[0].member) await client.query(`GRANT ${APP_ROLE} TO ${client.escapeIdentifier(name)}`);
    return created;
  } finally {
    await client.end();
  }
}

async function exists(client: Client, name: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  return (found.rowCount ?? 0) > 0;
}
