// The setup file of every test project (test/vitest.config.ts, test/mutation/vitest.config.ts): run again
// before each test file, so these hooks belong to every file (test/support/testCleanup.ts says why).
import { afterAll, afterEach } from 'vitest';
import { runCleanups } from './testCleanup';

afterEach(() => runCleanups('test'));
// dropping a file's twenty team databases one after the other on a loaded machine outlasts the default 10 s
afterAll(() => runCleanups('file'), 120_000);
