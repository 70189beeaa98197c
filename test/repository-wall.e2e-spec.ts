import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * The wall of docs/architecture.md, held by the lint: outside a *.repository.ts no code of a
 * context sends SQL, builds a query, injects a data source or entity repository, or reaches into
 * another context's files. Each snippet is linted as if it were that file, by the project's own
 * ESLint in a process of its own (its flat config is an ES module, which Jest's sandbox cannot load).
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
  ])('refuses %s in a service, and allows it in a repository', async (_what, code) => {
    expect(await problems(code, 'libs/cases/src/example.service.ts')).toEqual([expect.stringMatching(SQL)]);
    expect(await problems(code, 'libs/cases/src/example.repository.ts')).toEqual([]);
  });

  it("refuses a deep import into another context's files", async () => {
    const code = `import { CaseStore } from '@vt/cases/src/case-store';\nexport const s = CaseStore;\n`;
    expect(await problems(code, 'libs/meetings/src/example.service.ts')).toEqual([
      expect.stringMatching(/through its index/),
    ]);
  });
});
