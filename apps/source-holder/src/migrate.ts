import { migrationCli } from '@vt/database';
import { loadSourceHolderConfig } from './source-holder-config';
import { sourceHolderDataSourceOptions } from './source-holder-data-source';

/** `node dist/apps/source-holder/src/migrate.js run|revert`: the source holder's own schema. */
migrationCli(() => {
  const config = loadSourceHolderConfig();
  return {
    options: sourceHolderDataSourceOptions(config.databaseUrl, 2, 'vt-source-holder-migrations'),
    url: config.databaseUrl,
    createIfMissing: config.nodeEnv !== 'production',
  };
});
