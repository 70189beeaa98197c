import { loadHubMigrationConfig } from '@vt/common';
import { hubMigrationDataSourceOptions } from '../apps/api/src/hub-data-source';
import { DataSource } from 'typeorm';

/** For the TypeORM CLI, as the owner: `npm run migration:generate -- migrations/<Name>`. */
export default new DataSource(
  hubMigrationDataSourceOptions(loadHubMigrationConfig().migrationDatabaseUrl, 'vt-migrations'),
);
