import { DataSource, DataSourceOptions } from 'typeorm';
import { hubMigrationDataSourceOptions } from '../apps/api/src/hub-data-source';
import { DEADLINE_KINDS } from '../libs/deadlines/src';
import { sourceHolderDataSourceOptions } from '../apps/source-holder/src/source-holder-data-source';
import { ownerUrlOf } from './support/database-urls';
import { isolatedDatabase } from './support/hub';
import { sourceHolderDatabase } from './support/source-holder';

/**
 * Entities name a column only where it differs from its property in snake_case (the naming
 * strategy of every data source). This holds each entity's columns, as TypeORM will name them in
 * its statements, against the schema the migrations build.
 */
async function missingColumns(options: DataSourceOptions): Promise<string[]> {
  const dataSource = await new DataSource(options).initialize();
  try {
    const rows = (await dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
    )) as { table_name: string; column_name: string }[];
    const present = new Set(rows.map((row) => `${row.table_name}.${row.column_name}`));
    const named = dataSource.entityMetadatas.flatMap((entity) =>
      entity.columns.map((column) => `${entity.tableName}.${column.databaseName}`),
    );
    // An empty list would prove nothing.
    expect(named.length).toBeGreaterThan(10);
    return named.filter((column) => !present.has(column));
  } finally {
    await dataSource.destroy();
  }
}

describe('entity columns and the migrated schema', () => {
  it('the hub: every entity column exists under the name the naming strategy gives it', async () => {
    const database = await isolatedDatabase('columns');
    try {
      expect(await missingColumns(hubMigrationDataSourceOptions(ownerUrlOf(database.url), 'vt-e2e-columns'))).toEqual(
        [],
      );
    } finally {
      await database.drop();
    }
  });

  it('the hub: the check on deadlines.kind allows exactly the kinds the code defines', async () => {
    const database = await isolatedDatabase('kinds');
    const dataSource = await new DataSource(
      hubMigrationDataSourceOptions(ownerUrlOf(database.url), 'vt-e2e-kinds'),
    ).initialize();
    try {
      const [{ definition }] = (await dataSource.query(
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
          WHERE conrelid = 'deadlines'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`,
      )) as { definition: string }[];
      // A kind added to DEADLINE_KIND_DEFINITIONS needs a migration that allows it, and one dropped a migration that removes it.
      const allowed = [...definition.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
      expect([...allowed].sort()).toEqual([...DEADLINE_KINDS].sort());
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('the source holder: likewise', async () => {
    const database = await sourceHolderDatabase();
    try {
      expect(await missingColumns(sourceHolderDataSourceOptions(database.url, 1, 'vt-e2e-columns'))).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
