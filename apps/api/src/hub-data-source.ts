import { ACCESS_ENTITIES } from '@vt/access';
import { AUDIT_ENTITIES } from '@vt/audit';
import { CASE_ENTITIES } from '@vt/cases';
import { DatabaseRoleError, postgresOptions, refuseOverprivilegedRole } from '@vt/database';
import { DEADLINE_ENTITIES } from '@vt/deadlines';
import { MEETING_ENTITIES } from '@vt/meetings';
import { NOTIFICATION_ENTITIES } from '@vt/notifications';
import { DataSourceOptions } from 'typeorm';
import { HUB_MIGRATIONS } from '../../../migrations';

/** Every context's entities: the apps put the hub together, so that libs/database needs none of them. */
export const HUB_ENTITIES = [
  ...ACCESS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...CASE_ENTITIES,
  ...DEADLINE_ENTITIES,
  ...MEETING_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];

/**
 * Hub tables the app may only add to and read (their migrations revoke UPDATE and DELETE from
 * vt_app); the start-up check refuses a role that may do more. A table not created yet is skipped.
 */
export const HUB_APPEND_ONLY_TABLES = ['audit_entries', 'audit_checkpoints', 'audit_break_alerts'];

/** For Nest's TypeOrmModule: a role with too many rights is not a connection problem worth retrying. */
export interface HubDataSourceOptions {
  toRetry(error: unknown): boolean;
}

/**
 * The api's and worker's data source, on DATABASE_URL (the app role). Its first connection checks
 * the role and fails when it could change the schema or the audit log (superuser, owner, ...).
 */
export function hubDataSourceOptions(
  url: string,
  poolSize: number,
  applicationName: string,
  poolWaitMs?: number,
): DataSourceOptions & HubDataSourceOptions {
  const options = postgresOptions(
    { url, poolSize, poolWaitMs, applicationName, onConnect: refuseOverprivilegedRole(HUB_APPEND_ONLY_TABLES) },
    HUB_ENTITIES,
    HUB_MIGRATIONS,
  );
  return { ...options, toRetry: (error) => !(error instanceof DatabaseRoleError) };
}

/** The owner's data source, on MIGRATION_DATABASE_URL: migrations and the TypeORM CLI. */
export function hubMigrationDataSourceOptions(url: string, applicationName: string): DataSourceOptions {
  return postgresOptions({ url, poolSize: 2, applicationName }, HUB_ENTITIES, HUB_MIGRATIONS);
}
