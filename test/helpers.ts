// Shared test helpers: a desk in a fresh temp folder, removed after the test.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter } from '../main/api/router';
import { DB_FILE_NAME, openDatabase } from '../main/db/open';
import { Desk, type DeskOptions } from '../main/desk';
import { afterEveryTest } from './support/testCleanup';

const dirs: string[] = [];
const desks: Desk[] = [];

afterEveryTest('helpers: desks and temp folders', async () => {
  for (const d of desks.splice(0)) {
    try {
      await d.close();
    } catch {
      // already closed by the test
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-test-'));
  dirs.push(dir);
  return dir;
}

export const TEST_PASSPHRASE = 'test-passphrase-1';
// Child processes and the CLI read these: a cheap scrypt for tests, a known passphrase.
process.env.BEIAN_DESK_KDF_LOG2N = '12';

/**
 * A SQLite file migrated once per test process (every migration, as a new desk runs them), its bytes written
 * into each new folder openTestDesk opens. A new store's migrations are one transaction each under
 * synchronous=FULL, so creating it cost about 160 ms (21 ms of CPU) at a load of 10, against 7 ms (3 ms) to open a migrated one,
 * and most test files open a new desk per test. A freshly migrated file holds nothing of its own (no row
 * with an id, key or time: the migrations' inserts only move existing rows), so a copy is the same store
 * (test/helpers.test.ts). The migrations themselves still run: here, once per process, and in the migration
 * suites on their own files.
 */
let migratedSqlite: Buffer | undefined;
function migratedSqliteBytes(): Buffer {
  if (!migratedSqlite) {
    // made in a folder of its own and kept in memory (a few hundred KB): a vitest worker is ended without its
    // exit handlers, so a template file would outlive the run
    const dir = mkdtempSync(join(tmpdir(), 'beian-desk-migrated-'));
    try {
      const file = join(dir, DB_FILE_NAME);
      // closing the only connection checkpoints the WAL into the file and removes it: one file to copy
      openDatabase(file).close();
      migratedSqlite = readFileSync(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return migratedSqlite;
}

/** A desk in a fresh folder, set up with TEST_PASSPHRASE (or unlocked with it when the folder exists). */
export async function openTestDesk(dataDir = tempDir(), options: Partial<DeskOptions> = {}): Promise<Desk> {
  // Only an existing, empty folder (tempDir()) on the folder's own SQLite file, with no option about the file's
  // creation, starts from the migrated copy: a folder holding anything (a keyring without a database, files) is
  // opened as it is.
  const fresh = !options.store && !options.nativeBinding && !options.onMigrationProgress && existsSync(dataDir) && readdirSync(dataDir).length === 0;
  if (fresh) writeFileSync(join(dataDir, DB_FILE_NAME), migratedSqliteBytes(), { mode: 0o600 });
  const desk = await Desk.open({ dataDir, actor: 'tester', kdfLog2n: 12, ...options });
  desks.push(desk);
  if (desk.vault.state() === 'uninitialised') await desk.vault.setup(TEST_PASSPHRASE);
  else await desk.vault.unlock(TEST_PASSPHRASE);
  return desk;
}

export async function testRouter(given?: Desk) {
  const desk = given ?? (await openTestDesk());
  const logs: string[] = [];
  return { desk, router: createRouter(desk, (l) => logs.push(l)), logs };
}
