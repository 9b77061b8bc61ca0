// Mutation testing, one folder of main/ per run (MUTATE_FOLDER); started by `npm run mutate`
// (test/mutation/run.ts), not part of `npm test`: it is slow.
const folder = process.env.MUTATE_FOLDER;
if (!folder) throw new Error('Run it through `npm run mutate -- <folder>`, which sets MUTATE_FOLDER');

/**
 * Code Stryker cannot judge. taskWorker.ts runs only in the pool's worker threads: the vitest runner sets the active
 * mutant and counts coverage on its own thread's globalThis (stryker-setup.js, `inject('activeMutant')`), so in a
 * worker no mutant is ever active and every one reads "no coverage" whatever the tests do. It is judged through the
 * pool instead (poolImageWork, checkAllPool, offThread, documentOcr tests).
 */
const NOT_MUTABLE = ['main/jobs/taskWorker.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  mutate: [`main/${folder}/**/*.ts`, ...NOT_MUTABLE.map((file) => `!${file}`)],
  coverageAnalysis: 'perTest',
  // A shared two-core machine: more runners only fight over the cores.
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  // A mutant that hangs a test is caught by the timeout, and each one costs a runner restart. Not short,
  // though: on a shared, loaded machine (and under `nice`) a starved but sound run took longer than a
  // 5 s allowance, and every such false timeout was counted as a killed mutant. MUTATE_TIMEOUT_MS overrides.
  timeoutMS: Number(process.env.MUTATE_TIMEOUT_MS ?? 30_000),
  timeoutFactor: 3,
  // The initial test run runs the folder's whole judging set once, with per-test coverage: for main/backup/ 132
  // tests, PostgreSQL's throwaway cluster started per runner, 64–128 MiB streams; 2 min 43 s at load 16–30,
  // and past Stryker's default 5 min at load 25, which ended the run before any mutant. MUTATE_DRY_RUN_MINUTES overrides.
  dryRunTimeoutMinutes: Number(process.env.MUTATE_DRY_RUN_MINUTES ?? 30),
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  ignorePatterns: ['out', 'dist', 'test-results', 'reports', '.beian-desk-data'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
