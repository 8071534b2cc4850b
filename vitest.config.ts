import { defineConfig } from 'vitest/config';

// Unit tests (*.test.ts) and Docker integration tests (*.itest.ts) run together; integration
// files set their own timeouts. Two workers: each pod is given one CPU.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.itest.ts'],
    exclude: ['node_modules/**', 'dist/**', '.airlock/**', '**/.scratch/**'],
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 300_000,
  },
});
