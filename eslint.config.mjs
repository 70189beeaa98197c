import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const SQL_MESSAGE =
  'SQL, a DataSource and an EntityManager belong in a *.repository.ts of the context that owns the tables.';

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
    // Repositories own SQL (docs/architecture.md): outside a *.repository.ts nothing injects a
    // DataSource or an EntityManager, sends SQL with query(), or reaches into another context's files.
    files: ['libs/**/*.ts', 'apps/api/**/*.ts', 'apps/worker/**/*.ts', 'apps/source-holder/**/*.ts'],
    // libs/database is the ground floor: it makes the connections, databases and roles themselves.
    ignores: ['**/*.repository.ts', '**/*.spec.ts', 'apps/source-holder/migrations/**', 'libs/database/**'],
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
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@vt/*/*'], message: 'Import a context through its index (@vt/<context>), not its files.' },
            { group: ['**/libs/*/src/**'], message: 'Import a context through its index (@vt/<context>).' },
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
