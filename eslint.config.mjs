import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const SQL_MESSAGE =
  'SQL, a DataSource and an EntityManager belong in a *.repository.ts of the context that owns the tables.';
const HANDLE_MESSAGE =
  'Only a *.repository.ts opens a Transaction (@vt/database/transaction-handle); elsewhere it is passed on as it is.';
const THROUGH_INDEX = 'Import a context through its index (@vt/<context>), not its files.';
// The files of the contexts and the apps that reach the database; libs/database is the ground floor:
// it makes the connections, databases and roles themselves.
const CONTEXT_FILES = ['libs/**/*.ts', 'apps/api/**/*.ts', 'apps/worker/**/*.ts', 'apps/source-holder/**/*.ts'];
const NOT_CONTEXT_CODE = ['**/*.spec.ts', 'apps/source-holder/migrations/**', 'libs/database/**'];
const THROUGH_ENTRY = 'Import a context through its index (@vt/<context>).';
const LIBS = readdirSync(join(import.meta.dirname, 'libs'));
const INDEX_PATTERNS = [
  // Not the Transaction's opener: repositories import it by that path, and the block below refuses
  // it to everything else with a message of its own.
  { group: ['@vt/*/*', '!@vt/database/transaction-handle'], message: THROUGH_INDEX },
  { group: ['**/libs/*/src/**'], message: THROUGH_ENTRY },
  // The same without naming libs/: a climb out of the own lib into another's src (../../meetings/src/x
  // from libs/cases/src), the opener again excepted. The libs are read from the tree, so a new one is
  // walled at once; a climb into an app (the worker's import of the api's hub data source) names no
  // lib. The pattern cannot see the importing file: a climb back into the own lib is refused as well,
  // where ./x says the same.
  {
    regex: `^(\\./)?(\\.\\./)+(?!database/src/transaction-handle$)(${LIBS.join('|')})/src(/|$)`,
    message: THROUGH_ENTRY,
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Entity and config types need the Function type for TypeORM's own signatures.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': 'error',
    },
  },
  {
    // Repositories too import another context through its index; they alone may deep-import the
    // handle that opens a Transaction.
    files: CONTEXT_FILES,
    ignores: NOT_CONTEXT_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: INDEX_PATTERNS }] },
  },
  {
    // Repositories own SQL (docs/architecture.md): outside a *.repository.ts nothing injects a
    // DataSource or an EntityManager, sends SQL with query(), or reaches into another context's files.
    // Nor does it name an EntityManager or open a Transaction: it passes the Transaction it was given on.
    files: CONTEXT_FILES,
    ignores: ['**/*.repository.ts', ...NOT_CONTEXT_CODE],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|getRepository|createQueryBuilder)$/]',
          message: SQL_MESSAGE,
        },
        { selector: "Decorator[expression.callee.name='InjectRepository']", message: SQL_MESSAGE },
        { selector: 'Decorator[expression.callee.name=/^Inject(DataSource|EntityManager)$/]', message: SQL_MESSAGE },
        { selector: "TSTypeReference[typeName.name='DataSource']", message: SQL_MESSAGE },
        { selector: "TSTypeReference[typeName.name='EntityManager']", message: SQL_MESSAGE },
        { selector: "TSQualifiedName[right.name='EntityManager']", message: SQL_MESSAGE },
        { selector: "TSImportType[qualifier.name='EntityManager']", message: SQL_MESSAGE },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'typeorm', importNames: ['EntityManager'], message: SQL_MESSAGE }],
          patterns: [
            { group: ['@vt/database/transaction-handle', '**/transaction-handle'], message: HANDLE_MESSAGE },
            ...INDEX_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    // CommonJS helpers (the test-only TypeScript loader for child processes).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
