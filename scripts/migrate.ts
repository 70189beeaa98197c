import { loadHubConfig } from '@vt/common';
import { migrationCli } from '@vt/database';
import { hubDataSourceOptions } from '@vt/database/hub-data-source';

/** `node dist/scripts/migrate.js run|revert`: hub schema changes. */
migrationCli(() => {
  const config = loadHubConfig();
  return {
    options: hubDataSourceOptions(config.databaseUrl, 2, 'vt-migrations'),
    url: config.databaseUrl,
    createIfMissing: config.nodeEnv !== 'production',
  };
});
