import { DataSource, DataSourceOptions } from 'typeorm';
import { ensureDatabase } from './ensure-database';

export interface MigrationTarget {
  options: DataSourceOptions;
  url: string;
  /** Outside production the database is created on first run; production's is provisioned. */
  createIfMissing: boolean;
  /** After a successful `run`: provisioning outside production (the hub's app login role). */
  afterRun?: () => Promise<string>;
}

/** `migrate.js run|revert` for one database: one transaction per migration, clear exit codes. */
export function migrationCli(target: () => MigrationTarget): void {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') {
    process.stderr.write('usage: migrate.js run|revert\n');
    process.exit(2);
  }
  // Configuration errors land here too, printed as their message without a stack.
  Promise.resolve()
    .then(() => migrate(command, target()))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

async function migrate(command: 'run' | 'revert', target: MigrationTarget): Promise<void> {
  if (target.createIfMissing && (await ensureDatabase(target.url))) {
    process.stdout.write(`database created: ${new URL(target.url).pathname.slice(1)}\n`);
  }
  const dataSource = await new DataSource(target.options).initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`migrations applied: ${applied.map((m) => m.name).join(', ') || 'none (up to date)'}\n`);
      if (target.afterRun) process.stdout.write(`${await target.afterRun()}\n`);
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('last migration reverted\n');
    }
  } finally {
    await dataSource.destroy();
  }
}
