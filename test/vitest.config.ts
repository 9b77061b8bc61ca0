import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import LongestFirst from './support/longestFirst';
import { ownEnvironment } from './support/ownEnvironment';

// Test files that need the app imported afresh: they replace a module with vi.mock, or count how often
// a module-level loader runs (the face models are loaded once per process).
const ISOLATED = ['test/durability/atomicWrites.test.ts', 'test/electron/mainWindow.test.ts', 'test/main/web/hostTimeouts.test.ts', 'test/main/web/hostUpload.test.ts', 'test/main/services/accounts.test.ts', 'test/main/backup/verifyIn.test.ts', 'test/main/files/outputFolderRefusals.test.ts', 'test/main/files/shortWrites.test.ts', 'test/main/files/exportWriteFailure.test.ts', 'test/main/photos/faceModels.test.ts', 'test/main/services/sheetsFailures.test.ts'];

ownEnvironment();

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    environment: 'node',
    pool: 'forks',
    // Vitest's default (cores - 1) is one worker on a two-core machine, and much of a desk test waits on
    // fsync, child processes and PostgreSQL: two workers there cut the unit run from ~390 s to ~240 s, and
    // still left a quarter to a third of the two cores idle (a unit file's processes keep 0.4–1 of a core
    // busy: test/measurements.md, "The two commands"), so three.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    testTimeout: 30_000,
    // a file's afterAll closes what it started (a worker pool whose thread may still be loading the OCR or face
    // models, a desk, a server): under a load of 10+ that took over vitest's default 10 s (poolWaiting, stop 49)
    hookTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    // One throwaway PostgreSQL cluster for the run (skipped without binaries on a developer machine).
    globalSetup: ['test/support/pgGlobalSetup.ts'],
    // run again before every file: the hooks removing what each test and file left (test/support/testCleanup.ts)
    setupFiles: ['test/support/cleanupSetup.ts'],
    projects: [
      {
        // Every other file shares its worker's module cache with the files run before it: importing the
        // app afresh for each of 130 files took about a third of the unit run. Each file still builds its
        // own desk, data folder and environment (test/helpers.ts), so nothing but loaded code is shared.
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'node_modules/**', ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
