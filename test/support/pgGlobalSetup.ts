// vitest globalSetup (test/vitest.config.ts): one throwaway PostgreSQL cluster for the whole unit run.
// It is started in the background — the URL is known before the server is up — so test files that do
// not touch PostgreSQL do not wait for it; createTestDatabase() waits for the status file instead.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findPgBinaries, launchPgCluster, type PgBinaries } from './pgCluster';
import { postgresRequired, type PgClusterStatus } from './pgProvided';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  return await setupPostgresForRun(project, findPgBinaries(), process.env);
}

export async function setupPostgresForRun(
  project: Pick<TestProject, 'provide'>,
  binaries: PgBinaries | null,
  env: NodeJS.ProcessEnv,
): Promise<() => Promise<void>> {
  if (!binaries) {
    const reason =
      'PostgreSQL server binaries (initdb, pg_ctl) not found (BEIAN_DESK_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH); install them with `apt-get install postgresql`';
    if (postgresRequired(env)) {
      throw new Error(`${reason}. CI (CI / BEIAN_DESK_REQUIRE_POSTGRES set) never skips the PostgreSQL tests: .ci/run installs PostgreSQL.`);
    }
    console.warn(`[postgres] ${reason}: the PostgreSQL tests are SKIPPED on this machine.`);
    project.provide('pgTest', { skipReason: reason });
    return async () => {};
  }

  const statusDir = mkdtempSync(join(tmpdir(), 'beian-pg-status-'));
  const statusFile = join(statusDir, 'status.json');
  const writeStatus = (status: PgClusterStatus) => {
    writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
    renameSync(`${statusFile}.tmp`, statusFile);
  };

  const cluster = await launchPgCluster({ binaries });
  // A failure is written for the workers (each PostgreSQL test fails with the message) and thrown
  // again at teardown, so the run fails even if no test asked for a database.
  let startError: Error | undefined;
  const ready = cluster.ready.then(
    (timings) => writeStatus({ state: 'ready', ...timings }),
    (e: Error) => {
      startError = e;
      writeStatus({ state: 'failed', message: e.message });
    },
  );
  const stopOnExit = () => cluster.stop();
  process.once('exit', stopOnExit);
  project.provide('pgTest', { adminUrl: cluster.adminUrl, statusFile });

  return async () => {
    await ready;
    process.off('exit', stopOnExit);
    cluster.stop();
    rmSync(statusDir, { recursive: true, force: true });
    if (startError) throw startError;
  };
}
