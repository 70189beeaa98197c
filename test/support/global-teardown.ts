import { Client } from 'pg';

/** Drops the run's database; a run that is interrupted leaves it for a later run's clean-up. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) return;
  const server = new URL(url);
  const name = server.pathname.slice(1);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
