import { postgresOptions } from '@vt/database';
import { DataSourceOptions } from 'typeorm';
import { SOURCE_HOLDER_MIGRATIONS } from '../migrations';
import { RequestLogEntry } from './request-log/request-log-entry.entity';

export const SOURCE_HOLDER_ENTITIES = [RequestLogEntry];

export function sourceHolderDataSourceOptions(
  url: string,
  poolSize: number,
  applicationName: string,
): DataSourceOptions {
  return postgresOptions({ url, poolSize, applicationName }, SOURCE_HOLDER_ENTITIES, SOURCE_HOLDER_MIGRATIONS);
}
