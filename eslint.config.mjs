// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code is replayed for years: it must stay deterministic. Node built-ins, I/O libraries and
// the application's own Nest/Prisma code are fenced out of workflows/ (activities do the I/O).
const banned = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  '@prisma/*',
  '@nestjs/*',
  'pg',
  'nodemailer',
  'smtp-server',
  'mailparser',
  'exceljs',
  'axios',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@waymark/config',
  '@waymark/db',
  '@waymark/mail',
  '@waymark/devstack',
  '@waymark/temporal',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      '.tools/**',
      'coverage/**',
      'libs/db/src/generated/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: banned, message: 'Workflow code must be deterministic: do I/O in an activity.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process', 'Buffer'],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
