// The vitest configuration Stryker runs for one folder (MUTATE_FOLDER): only that folder's tests.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { mutatedFolder } from './folders';

const { tests } = mutatedFolder(process.env.MUTATE_FOLDER);
// Test files that replace a module with vi.mock need the app imported afresh.
const MOCKING = ['test/durability/atomicWrites.test.ts'];
const root = resolve(import.meta.dirname, '../..');
const common = { root, environment: 'node' as const, testTimeout: 60_000 };

export default defineConfig({
  root,
  test: {
    projects: [
      {
        // Stryker switches mutants at run time, so these test files need not re-import the app for every
        // mutant; re-importing it dominated each run (several seconds) on a loaded machine.
        test: { ...common, name: 'shared', include: tests, exclude: [...MOCKING, 'test/e2e/**', 'node_modules/**'], isolate: false },
      },
      ...(tests.some((t) => MOCKING.includes(t)) ? [{ test: { ...common, name: 'isolated', include: MOCKING } }] : []),
    ],
  },
});
