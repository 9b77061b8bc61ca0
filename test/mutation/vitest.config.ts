// The vitest configuration Stryker runs for one folder (MUTATE_FOLDER): only that folder's tests.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { mutatedFolder } from './folders';

const { tests } = mutatedFolder(process.env.MUTATE_FOLDER);

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: tests,
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
