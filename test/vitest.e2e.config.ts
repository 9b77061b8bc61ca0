import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import LongestFirst from './support/longestFirst';
import { ownEnvironment } from './support/ownEnvironment';

ownEnvironment();

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // Two files at a time even on two cores: most of a UI test is waiting for the page, the host or
    // Chromium. Each file has its own data folder, host port and browser; only loaded code is shared.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    isolate: false,
    testTimeout: 120_000,
    // One more try for a UI test that fails: two files share two cores with their hosts and Chromium, and a
    // click can land while a page is still being redrawn (two full passes on 2026-12-05 lost three different
    // tests that way, each passing alone). A test that fails twice fails the run; the retry is shown.
    retry: 1,
    sequence: { sequencer: LongestFirst },
    hookTimeout: 60_000,
    // the hooks removing the desks and team databases a file made through the unit helpers (test/support/testCleanup.ts)
    setupFiles: ['test/support/cleanupSetup.ts'],
  },
});
