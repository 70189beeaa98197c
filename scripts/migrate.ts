import { loadHubConfig } from '@vt/common';
import { hubDataSourceOptions } from '@vt/database/hub-data-source';
import { DataSource } from 'typeorm';

/** `node dist/scripts/migrate.js run|revert`: hub schema changes, one transaction per migration. */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') {
    process.stderr.write('usage: migrate.js run|revert\n');
    process.exit(2);
  }
  const config = loadHubConfig();
  const dataSource = await new DataSource(hubDataSourceOptions(config.databaseUrl, 2, 'vt-migrations')).initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`migrations applied: ${applied.map((m) => m.name).join(', ') || 'none (up to date)'}\n`);
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('last migration reverted\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
