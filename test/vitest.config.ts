import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    // One throwaway PostgreSQL cluster for the run (skipped without binaries on a developer machine).
    globalSetup: ['test/support/pgGlobalSetup.ts'],
  },
});
