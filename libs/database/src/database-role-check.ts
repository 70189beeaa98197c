import type { ClientBase } from 'pg';

/** The NOLOGIN role whose privileges the api's and worker's login roles inherit (created by migration). */
export const APP_ROLE = 'vt_app';

/** Predefined roles that reach past the table grants (write any table, run programs, touch server files). */
const RISKY_PREDEFINED_ROLES = [
  'pg_execute_server_program',
  'pg_read_server_files',
  'pg_write_all_data',
  'pg_write_server_files',
];

export class DatabaseRoleError extends Error {
  constructor(
    readonly role: string,
    readonly problems: string[],
  ) {
    super(
      `Databaserol "${role}" heeft meer rechten dan de app mag hebben / database role "${role}" has more ` +
        `rights than the app may have (docs/database-roles.md):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'DatabaseRoleError';
  }
}

interface RoleFacts {
  role: string;
  attributes: string[];
  predefined: string[];
  owned: string[];
  create_in_database: boolean;
  create_in_schema: boolean;
  append_only_rights: string[];
}

/**
 * What the connected role could do beyond the app's grants, counting every role it may become
 * (SET ROLE): attributes, ownership of hub objects, DDL rights, more than append on the append-only
 * tables. `problems` is empty when the role is fit for the api and worker.
 */
export async function inspectAppRole(
  client: ClientBase,
  appendOnlyTables: readonly string[],
): Promise<{ role: string; problems: string[] }> {
  const { rows } = await client.query<RoleFacts>(
    `SELECT current_user AS role,
            (SELECT array_remove(ARRAY[
                      CASE WHEN bool_or(rolsuper) THEN 'SUPERUSER' END,
                      CASE WHEN bool_or(rolcreatedb) THEN 'CREATEDB' END,
                      CASE WHEN bool_or(rolcreaterole) THEN 'CREATEROLE' END,
                      CASE WHEN bool_or(rolreplication) THEN 'REPLICATION' END,
                      CASE WHEN bool_or(rolbypassrls) THEN 'BYPASSRLS' END], NULL)
               FROM pg_roles WHERE pg_has_role(oid, 'MEMBER')) AS attributes,
            (SELECT coalesce(array_agg(rolname::text ORDER BY rolname), '{}') FROM pg_roles
              WHERE rolname = ANY ($1::text[]) AND pg_has_role(oid, 'MEMBER')) AS predefined,
            (SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM (
               SELECT relname::text AS name FROM pg_class
                WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND pg_has_role(relowner, 'MEMBER')
               UNION ALL
               SELECT proname || '()' FROM pg_proc
                WHERE pronamespace = 'public'::regnamespace AND pg_has_role(proowner, 'MEMBER')) owned) AS owned,
            has_database_privilege(current_database(), 'CREATE') AS create_in_database,
            has_schema_privilege('public', 'CREATE') AS create_in_schema,
            (SELECT coalesce(array_agg(format('%s on %s', p, t) ORDER BY t, p), '{}')
               FROM unnest($2::text[]) AS t, unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p
              WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL
                AND has_table_privilege(to_regclass('public.' || quote_ident(t)), p)) AS append_only_rights`,
    [RISKY_PREDEFINED_ROLES, appendOnlyTables],
  );
  const facts = rows[0];
  const problems: string[] = [];
  if (facts.attributes.length > 0) problems.push(`has or can become a role with ${facts.attributes.join(', ')}`);
  if (facts.predefined.length > 0) problems.push(`is a member of ${facts.predefined.join(', ')}`);
  if (facts.owned.length > 0) {
    const more = facts.owned.length > 5 ? ` and ${facts.owned.length - 5} more` : '';
    problems.push(`owns (or can become the owner of) ${facts.owned.slice(0, 5).join(', ')}${more}`);
  }
  if (facts.create_in_database) problems.push('may create schemas in the database');
  if (facts.create_in_schema) problems.push('may create objects in schema public');
  if (facts.append_only_rights.length > 0) problems.push(`holds ${facts.append_only_rights.join(', ')}`);
  return { role: facts.role, problems };
}

/**
 * A pool `onConnect` hook that refuses to hand out a connection whose role could change the schema
 * or the audit log, in every environment: the api and worker run as in production, tests included.
 * The role behind a URL does not change, so one passing connection settles it for the pool.
 */
export function refuseOverprivilegedRole(appendOnlyTables: readonly string[]): (client: ClientBase) => Promise<void> {
  let passed = false;
  return async (client) => {
    if (passed) return;
    const { role, problems } = await inspectAppRole(client, appendOnlyTables);
    if (problems.length > 0) throw new DatabaseRoleError(role, problems);
    passed = true;
  };
}
