// Three projects: `unit` (pure code, *.spec.ts beside it), `integration` (test/**/*.e2e-spec.ts against real
// PostgreSQL, Temporal and SMTP started by test/global-setup.ts) and `render` (test/**/*.render-spec.ts: the
// workbooks printed to PDF by LibreOffice headless, which must be installed; no servers).
const moduleNameMapper = {
  '^@waymark/(access|actions|annual-return|answers|audit|calendar|chasing|config|contracts|db|devstack|evidence|inbound-mail|kpi|kpis|mail|observability|partnerships|plan-import|reports|return-template|safe-accommodation|sign-in|strategies|strategy-review|temporal|templates|update-requests|workbooks)$':
    '<rootDir>/libs/$1/src',
  '^@waymark/workflows$': '<rootDir>/workflows/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  '/node_modules/(email-reply-parser|openid-client|oauth4webapi|jose)/.+\\.js$':
    '<rootDir>/test/esm-to-commonjs.cjs',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(email-reply-parser|openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // One test file at a time, in a worker process that is replaced once it holds more than this after a file:
  // the whole suite no longer fits one process's heap (CI ran out of memory at 4 GB in band).
  workerIdleMemoryLimit: '1536MB',
  // Applies to both projects (Jest ignores testTimeout inside a project); integration hooks start servers.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,prisma,scripts}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'render',
      testMatch: ['<rootDir>/test/**/*.render-spec.ts'],
    },
  ],
};
