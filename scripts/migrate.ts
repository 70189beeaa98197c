import { loadHubMigrationConfig } from '@vt/common';
import { ensureLoginRole, migrationCli } from '@vt/database';
import { hubMigrationDataSourceOptions } from '../apps/api/src/hub-data-source';

/**
 * `node dist/scripts/migrate.js run|revert`: hub schema changes, as the owner (MIGRATION_DATABASE_URL).
 * Outside production `run` also creates the login role of DATABASE_URL when missing, so the demo and
 * Compose need no DBA; in production operators create it (docs/database-roles.md).
 */
migrationCli(() => {
  const config = loadHubMigrationConfig();
  const appUrl = config.databaseUrl;
  return {
    options: hubMigrationDataSourceOptions(config.migrationDatabaseUrl, 'vt-migrations'),
    url: config.migrationDatabaseUrl,
    createIfMissing: config.nodeEnv !== 'production',
    afterRun:
      appUrl === null
        ? undefined
        : async () => {
            const created = await ensureLoginRole(config.migrationDatabaseUrl, appUrl);
            const name = decodeURIComponent(new URL(appUrl).username);
            return `app login role ${name}: ${created ? 'created' : 'present'}`;
          },
  };
});
