// The test run builds its own environment: a BEIAN_DESK_* variable the shell happens to have (a developer's
// BEIAN_DESK_DATA, BEIAN_DESK_TEAM_SERVER, a real BEIAN_DESK_PASSPHRASE …) would otherwise reach every desk
// a test opens, every CLI it runs and every web host it starts (they inherit process.env). The vitest configs
// call this first, in vitest's own process, before any worker, host or child process exists, so all of them
// start without the shell's desk variables; what a test needs, it sets itself (test/helpers.ts, e2e/support.ts).

/** Variables that configure the test run itself, not the desk: the shell's values are kept. */
export const TEST_RUN_VARIABLES: readonly string[] = [
  'BEIAN_DESK_REQUIRE_POSTGRES', // .ci/run: never skip the PostgreSQL tests (pgProvided.ts)
  'BEIAN_DESK_PG_BINDIR', // which PostgreSQL binaries the throwaway cluster uses (pgCluster.ts)
  'BEIAN_DESK_CHROMIUM', // which Chromium the UI tests drive (e2e/support.ts)
  'BEIAN_DESK_E2E_START_MS', // how long a web host may take to start on a loaded machine (e2e/support.ts)
  'BEIAN_DESK_KEEP_PDF', // where a test keeps the PDF it made, to look at (personPdf.test.ts)
];

/** Removes every other BEIAN_DESK_* variable from `env`; returns the names removed. */
export function dropShellDeskVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  const dropped = Object.keys(env).filter((name) => name.startsWith('BEIAN_DESK_') && !TEST_RUN_VARIABLES.includes(name));
  for (const name of dropped) delete env[name];
  return dropped.sort();
}

/** As the configs call it: says which variables of the shell the run leaves out (their names, never values). */
export function ownEnvironment(): void {
  const dropped = dropShellDeskVariables();
  if (dropped.length) console.log(`the tests build their own environment: left out the shell's ${dropped.join(', ')}`);
}
