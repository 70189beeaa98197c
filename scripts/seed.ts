import { PasswordService } from '@vt/access';
import { ConfigError, EnvReader, loadHubConfig, runCli } from '@vt/common';
import { hubDataSourceOptions } from '../apps/api/src/hub-data-source';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_PASSWORD, DEMO_ORGANISATIONS, DEMO_REGION, DEMO_USERS } from './seed-data';

/** Idempotent demo seed: adds what is missing, never overwrites; refuses production. */
export async function seed(dataSource: DataSource, password: string, passwords: PasswordService): Promise<number> {
  let created = 0;
  await dataSource.transaction(async (manager) => {
    for (const org of DEMO_ORGANISATIONS) {
      await manager.query(
        `INSERT INTO organisations (slug, name, kind, region, contact) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slug) DO NOTHING`,
        [org.slug, org.name, org.kind, org.region ?? DEMO_REGION, org.contact ?? null],
      );
    }
    const hash = await passwords.hash(password);
    for (const user of DEMO_USERS) {
      const rows = (await manager.query(
        `INSERT INTO users (organisation_id, name, email, password_hash, roles)
         SELECT id, $2, $3, $4, $5 FROM organisations WHERE slug = $1
         ON CONFLICT (organisation_id, email) DO NOTHING RETURNING id`,
        [user.organisation, user.name, user.email, hash, user.roles],
      )) as unknown[];
      created += rows.length;
    }
  });
  return created;
}

async function main(): Promise<void> {
  const config = loadHubConfig();
  const env = new EnvReader(process.env);
  if (config.nodeEnv === 'production') throw new ConfigError(['the demo seed refuses to run with NODE_ENV=production']);
  const password = env.string('DEMO_PASSWORD', DEFAULT_DEMO_PASSWORD);
  const passwords = new PasswordService(config);
  for (const problem of passwords.problems(password)) env.problems.push(`DEMO_PASSWORD: ${problem}`);
  env.done();
  const dataSource = await new DataSource(hubDataSourceOptions(config.databaseUrl, 2, 'vt-seed')).initialize();
  try {
    const created = await seed(dataSource, password, passwords);
    process.stdout.write(`demo seed: ${created} users created (${DEMO_USERS.length} demo users in total)\n`);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) runCli(main);
