import type { ClientBase } from 'pg';
import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** How long a query waits for a pooled connection before it fails (then 503 with Retry-After). */
  poolWaitMs?: number;
  applicationName: string;
  /** Runs on each new connection before the pool hands it out; a rejection fails that connect. */
  onConnect?: (client: ClientBase) => Promise<void>;
}

/** A burst queues rather than fails, as with HikariCP's 30 s connection timeout. */
export const DEFAULT_POOL_WAIT_MS = 30_000;

/** Shared settings for every PostgreSQL data source; schema changes only through migrations. */
export function postgresOptions(
  settings: DatabaseSettings,
  entities: MixedList<Function | string | EntitySchema>,
  migrations: MixedList<Function | string>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities,
    migrations,
    // Entities name a column only where it differs from its property in snake_case.
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Extensions are the migrations' business too; the app's role could not create them anyway.
    installExtensions: false,
    // TypeORM's own error log prints query parameters, which can hold personal data; failures
    // surface as exceptions and are logged by id and code at the edge instead.
    logging: false,
    applicationName: settings.applicationName,
    extra: {
      max: settings.poolSize,
      statement_timeout: 30000,
      // Also how long a new connection may take (pg has one setting for both). A database that is
      // down refuses at once and does not wait this out.
      connectionTimeoutMillis: settings.poolWaitMs ?? DEFAULT_POOL_WAIT_MS,
      ...(settings.onConnect ? { onConnect: settings.onConnect } : {}),
    },
  };
}
