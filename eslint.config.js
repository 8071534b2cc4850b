// Lint: typescript-eslint recommended, plus the pure-core rule: only the named edge modules may
// import Docker, processes, sockets or the file system.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const effectModules = [
  'node:child_process',
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:dgram',
  'node:dns',
  'node:http',
  'node:https',
  'node:tls',
  'child_process',
  'fs',
  'net',
  'dgram',
  'dockerode',
  'execa',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'harness/fixtures/servers/**',
      'harness/fixtures/versions/**',
      '.airlock/**',
      'airlock-out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The pure core: plan, domain, observations, rules, inputs, policy, diff, lock, scan, batch,
    // rendering.
    files: [
      'src/domain/**/*.ts',
      'src/policy/**/*.ts',
      'src/diff/**/*.ts',
      'src/lock/**/*.ts',
      'src/scan/**/*.ts',
      'src/k8s/**/*.ts',
      'src/batch/**/*.ts',
      'src/plan/**/*.ts',
      'src/observe/**/*.ts',
      'src/rules/**/*.ts',
      'src/surface/**/*.ts',
      'harness/inputs/**/*.ts',
      'reports/**/*.ts',
    ],
    // The edge modules among them: the programs that run inside a Kubernetes Pod, and the test
    // support that runs a Job on Docker.
    ignores: ['**/*.test.ts', '**/*.itest.ts', 'src/k8s/in-pod/**', 'src/k8s/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: effectModules.map((name) => ({
            name,
            message: 'effects belong in an edge module',
          })),
        },
      ],
    },
  },
);
