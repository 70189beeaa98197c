import { ConfigError, runCli } from '@vt/common';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { SubjectKeys } from '../records/subject-keys';
import { loadSourceHolderConfig } from '../source-holder-config';
import { sourceHolderDataSourceOptions } from '../source-holder-data-source';
import { DEMO_SEEDS } from './demo-seed-data';
import { seedSourceHolder, SourceHolderSeed } from './source-holder-seed';
import { SourceHolderSeedRepository } from './source-holder-seed.repository';

/**
 * `node dist/apps/source-holder/src/seed/seed.js [seed.json]`: seeds this source holder's database
 * (SOURCE_HOLDER_DATABASE_URL) from a JSON file in the SourceHolderSeed shape, or, without one, with
 * the demo set of its SOURCE_HOLDER_ORGANISATION (refused with NODE_ENV=production). Pseudonyms use
 * PSEUDONYM_KEY, record keys SUBJECT_KEY, as the running service will.
 */
async function main(): Promise<void> {
  const config = loadSourceHolderConfig();
  const file = process.argv[2];
  let seed: SourceHolderSeed;
  if (file) {
    seed = JSON.parse(readFileSync(file, 'utf8')) as SourceHolderSeed;
  } else {
    if (config.nodeEnv === 'production') {
      throw new ConfigError(['the demo seed refuses to run with NODE_ENV=production; give a seed file']);
    }
    const demo = DEMO_SEEDS[config.organisation];
    if (!demo) {
      throw new ConfigError([
        `no demo seed for SOURCE_HOLDER_ORGANISATION=${config.organisation} (${Object.keys(DEMO_SEEDS).join(', ')})`,
      ]);
    }
    seed = demo;
  }
  const dataSource = await new DataSource(
    sourceHolderDataSourceOptions(config.databaseUrl, 2, 'vt-source-holder-seed'),
  ).initialize();
  try {
    const counts = await seedSourceHolder(
      new SourceHolderSeedRepository(dataSource),
      new SubjectKeys(config.pseudonymKey, config.subjectKey),
      seed,
    );
    process.stdout.write(
      `source holder seed (${config.organisation}): added ${counts.persons} persons, ${counts.contactPoints} contact ` +
        `points, ${counts.rules} policy rules, ${counts.custody} custody rows\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) runCli(main);
