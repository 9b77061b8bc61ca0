// The vitest configuration Stryker runs for one folder (MUTATE_FOLDER): only that folder's tests.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { ownEnvironment } from '../support/ownEnvironment';
import { mutatedFolder } from './folders';

ownEnvironment();

const judged = mutatedFolder(process.env.MUTATE_FOLDER);
const { exclude = [], postgres = false } = judged;
// MUTATE_TESTS (comma-separated files or globs): a narrower judging set for one file's run, e.g. teamBackup.ts by
// teamBackup*.test.ts alone, so the initial test run does not run the folder's every test. A mutant only these
// tests miss counts as survived or uncovered, so the score is a lower bound of the folder set's.
const tests = process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',').map((t) => t.trim()).filter(Boolean) : judged.tests;
// Test files that replace a module with vi.mock need the app imported afresh.
const MOCKING = ['test/durability/atomicWrites.test.ts', 'test/electron/mainWindow.test.ts', 'test/main/web/hostTimeouts.test.ts', 'test/main/web/hostUpload.test.ts', 'test/main/services/accounts.test.ts', 'test/main/files/shortWrites.test.ts', 'test/main/files/exportWriteFailure.test.ts', 'test/main/backup/verifyIn.test.ts', 'test/main/files/outputFolderRefusals.test.ts', 'test/main/services/sheetsFailures.test.ts'];
const root = resolve(import.meta.dirname, '../..');
// The mocking files this folder's tests name, one by one or through a folder's `**/*.test.ts`.
const mocking = MOCKING.filter((m) => tests.some((t) => t === m || (t.endsWith('/**/*.test.ts') && m.startsWith(t.slice(0, -'**/*.test.ts'.length))))).filter((m) => !exclude.includes(m));
// The same throwaway PostgreSQL cluster as the unit run (started once per Stryker test runner), for the
// folders whose tests need one.
const common = { root, environment: 'node' as const, testTimeout: 60_000, setupFiles: ['test/support/cleanupSetup.ts'], ...(postgres ? { globalSetup: ['test/support/pgGlobalSetup.ts'] } : {}) };

export default defineConfig({
  root,
  test: {
    projects: [
      {
        // Stryker switches mutants at run time, so these test files need not re-import the app for every
        // mutant; re-importing it dominated each run (several seconds) on a loaded machine.
        test: { ...common, name: 'shared', include: tests, exclude: [...MOCKING, ...exclude, 'test/e2e/**', 'node_modules/**'], isolate: false },
      },
      ...(mocking.length ? [{ test: { ...common, name: 'isolated', include: mocking } }] : []),
    ],
  },
});
