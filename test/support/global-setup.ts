import { Client } from 'pg';
import { DataSource } from 'typeorm';
// Relative imports only: jest's module mapper does not apply to globalSetup.
import { postgresOptions } from '../../libs/database/src/data-source-options';
import { ensureLoginRole } from '../../libs/database/src/ensure-login-role';
import { HUB_MIGRATIONS } from '../../migrations';
import { appUrlOf } from './database-urls';

/**
 * One fresh hub database per run, migrated by the owner (E2E_POSTGRES_URL's role); each test then
 * works in its own organisations. E2E_DATABASE_URL is the app role's URL, which the api and worker
 * get as in production; E2E_OWNER_DATABASE_URL is the owner's, for the few tests that need it.
 */
export default async function globalSetup(): Promise<void> {
  const server = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `vt_e2e_${Date.now().toString(36)}_${process.pid}`;
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  // Databases left behind by interrupted runs are removed; their names carry their creation time,
  // and only old ones go, so a run started beside this one keeps its database.
  const found = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'vt_e2e_%'`);
  const staleBefore = Date.now() - 3 * 3600_000;
  for (const { datname } of found.rows) {
    const created = /^vt_e2e_(?:[a-z]+_)?([0-9a-z]{8,9})_/.exec(datname);
    if (created && parseInt(created[1], 36) < staleBefore) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${server}/${name}`;
  const dataSource = await new DataSource(
    postgresOptions({ url, poolSize: 2, applicationName: 'vt-e2e-setup' }, [], HUB_MIGRATIONS),
  ).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  const appUrl = appUrlOf(url);
  await ensureLoginRole(url, appUrl);
  process.env.E2E_OWNER_DATABASE_URL = url;
  process.env.E2E_DATABASE_URL = appUrl;
}
