// swc instead of ts-jest: the Nest 12 packages are ES modules only, so they are transformed as well (see transformIgnorePatterns), and swc does that quickly.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|jose|openid-client|oauth4webapi|otplib|@otplib|@noble|@scure)/)',
  ],
  moduleNameMapper: {
    '^@vt/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@vt/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2.ts',
  },
  testEnvironment: 'node',
};
module.exports = {
  // A run-wide option: Jest 30 ignores it inside a project, where end-to-end tests need it.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
