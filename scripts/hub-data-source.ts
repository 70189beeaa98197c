import { loadHubConfig } from '@vt/common';
import { hubDataSourceOptions } from '@vt/database/hub-data-source';
import { DataSource } from 'typeorm';

/** For the TypeORM CLI: `npm run migration:generate -- migrations/<Name>`. */
export default new DataSource(hubDataSourceOptions(loadHubConfig().databaseUrl, 2, 'vt-migrations'));
