import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * The wall of docs/architecture.md, held by the lint: outside a *.repository.ts no code of a
 * context sends SQL, builds a query, injects a data source or entity repository, names an entity
 * manager, opens a Transaction, or reaches into another context's files (by alias, or by a relative
 * path that climbs out of its own lib). Each snippet is linted as if it were that file, by the
 * project's own ESLint in a process of its own (its flat config is an ES module, which Jest's
 * sandbox cannot load).
 */
describe('repositories own SQL: the lint rule', () => {
  const root = join(__dirname, '..');
  const problems = (code: string, filePath: string) =>
    new Promise<string[]>((resolve, reject) => {
      const eslint = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const child = execFile(
        process.execPath,
        [eslint, '--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)],
        { cwd: root },
        (error, stdout) => {
          // ESLint exits with 1 when it finds problems; only unreadable output is a failure here.
          try {
            const [result] = JSON.parse(stdout) as { messages: { message: string }[] }[];
            resolve(result.messages.map((message) => message.message));
          } catch {
            reject(error ?? new Error(stdout));
          }
        },
      );
      child.stdin?.end(code);
    });
  const SQL = /belong in a \*\.repository\.ts/;

  it.each([
    ['a query() call', `export const f = (m: { query(s: string): void }) => m.query('SELECT 1');\n`],
    ['a getRepository() call', `export const f = (m: { getRepository(s: string): void }) => m.getRepository('x');\n`],
    ['a query builder', `export const f = (m: { createQueryBuilder(): void }) => m.createQueryBuilder();\n`],
    [
      'an injected entity repository',
      `import { InjectRepository } from '@nestjs/typeorm';\nexport class S {\n  constructor(@InjectRepository(Object) readonly r: unknown) {}\n}\n`,
    ],
    [
      'an injected data source',
      `import { InjectDataSource } from '@nestjs/typeorm';\nexport class S {\n  constructor(@InjectDataSource() readonly d: unknown) {}\n}\n`,
    ],
    ['a DataSource type', `import type { DataSource } from 'typeorm';\nexport let d: DataSource | undefined;\n`],
    ['an EntityManager type', `export let m: import('typeorm').EntityManager | undefined;\n`],
    ['an EntityManager import', `export type { EntityManager } from 'typeorm';\n`],
  ])('refuses %s in a service, and allows it in a repository', async (_what, code) => {
    expect(await problems(code, 'libs/cases/src/example.service.ts')).toEqual([expect.stringMatching(SQL)]);
    expect(await problems(code, 'libs/cases/src/example.repository.ts')).toEqual([]);
  });

  it('refuses an EntityManager imported and named in a service, and allows it in a repository', async () => {
    const code = `import type { EntityManager } from 'typeorm';\nexport let m: EntityManager | undefined;\n`;
    expect(await problems(code, 'libs/cases/src/example.service.ts')).toEqual([
      expect.stringMatching(SQL),
      expect.stringMatching(SQL),
    ]);
    expect(await problems(code, 'libs/cases/src/example.repository.ts')).toEqual([]);
  });

  const HANDLE = /Only a \*\.repository\.ts opens a Transaction/;
  it.each([
    [
      'through its alias',
      `import { managerOf } from '@vt/database/transaction-handle';\nexport const open = managerOf;\n`,
    ],
    [
      'through a relative path',
      `import { transactionOf } from '../../database/src/transaction-handle';\nexport const make = transactionOf;\n`,
    ],
  ])(
    "refuses the Transaction's opener %s in a service or an app, and allows it in a repository",
    async (_how, code) => {
      expect(await problems(code, 'libs/cases/src/example.service.ts')).toEqual([expect.stringMatching(HANDLE)]);
      expect(await problems(code, 'apps/source-holder/src/example/example.service.ts')).toEqual([
        expect.stringMatching(HANDLE),
      ]);
      expect(await problems(code, 'libs/cases/src/example.repository.ts')).toEqual([]);
    },
  );

  it('lets a service carry the opaque Transaction', async () => {
    const code = `import type { Transaction } from '@vt/database';\nexport const pass = (t: Transaction) => t;\n`;
    expect(await problems(code, 'libs/cases/src/example.service.ts')).toEqual([]);
  });

  it("refuses a deep import into another context's files, in a repository too", async () => {
    const code = `import { CaseStore } from '@vt/cases/src/case-store';\nexport const s = CaseStore;\n`;
    for (const file of ['libs/meetings/src/example.service.ts', 'libs/meetings/src/example.repository.ts']) {
      expect(await problems(code, file)).toEqual([expect.stringMatching(/through its index/)]);
    }
  });

  it.each([
    ['from the top of its src', 'libs/cases/src/example.service.ts', '../../meetings/src/meeting-store'],
    ['from a folder below, in a repository', 'libs/cases/src/example/example.repository.ts', '../../../meetings/src'],
    ['to a lib whose name has a hyphen', 'libs/lookups/src/example.service.ts', './../../lookups-protocol/src/x'],
  ])("refuses a relative climb into another context's files %s", async (_where, file, path) => {
    const code = `import { x } from '${path}';\nexport const y = x;\n`;
    expect(await problems(code, file)).toEqual([expect.stringMatching(/through its index/)]);
  });

  it.each([
    ['beside it', 'libs/cases/src/example.service.ts', './case-store'],
    ['from a folder below', 'libs/cases/src/example/example.repository.ts', '../case-store'],
  ])('allows a relative import within its own context %s', async (_where, file, path) => {
    const code = `import { x } from '${path}';\nexport const y = x;\n`;
    expect(await problems(code, file)).toEqual([]);
  });
});
