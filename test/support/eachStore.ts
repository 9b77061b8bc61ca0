// One suite, run on both stores: a desk on its own SQLite file, and a desk on a fresh PostgreSQL team
// database of the test cluster (skipped, with the reason in the suite name, where there is none).
//
//   describeEachStore('client store', (openDesk) => {
//     it('…', async () => { const desk = await openDesk(); … });
//   });
//
// Every openDesk() is a new desk in a new folder on a new, empty database, like openTestDesk().
// openDesk({ dataDir: desk.dataDir }) opens that folder again: on PostgreSQL over the same database, as
// the folder's own SQLite file is the same store on a single desk. storeArgs(desk) names the same
// store to the CLI.
//
// openSeededDesk(records) is a new desk already holding those clients, for a test that reads or checks
// thousands of them rather than testing how they are written: on SQLite through createClients, as a test
// would; on PostgreSQL the same createClients on a SQLite desk of the same folder, then that store moved
// into a new team database by the product's own move-to-server (main/services/moveToServer.ts: one
// multi-row statement per page, verified before it commits) and the folder opened on it. Writing 1 500
// clients through createClients over the socket, statement by statement, cost about 8.6 s of the test's
// CPU, the server's as much again, and 57 s at a load of 20; the SQLite write and the move 3.6 s and 19 s.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { DialectName } from '../../main/db/dialect';
import { openPostgresStore } from '../../main/db/openPostgres';
import type { Desk, DeskOptions } from '../../main/desk';
import type { ClientRecord } from '../../main/domain/schemas';
import { createClients, type CreatedClient } from '../../main/services/clients';
import { moveDeskToServer } from '../../main/services/moveToServer';
import { openTestDesk, tempDir } from '../helpers';
import { createTestDatabase, describePostgres, migratedTestDatabase } from './pgTestDatabase';

export type OpenDesk = (options?: Partial<DeskOptions>) => Promise<Desk>;
/** A new desk holding `records` as clients (created in this order, so with the ids createClients gives). */
export type OpenSeededDesk = (records: readonly ClientRecord[]) => Promise<{ desk: Desk; created: CreatedClient[] }>;

/** The team database each data folder opened on PostgreSQL stands for. */
const databaseOfFolder = new Map<string, string>();

export function describeEachStore(name: string, suite: (openDesk: OpenDesk, dialect: DialectName, openSeededDesk: OpenSeededDesk) => void): void {
  const openSqlite: OpenDesk = (options = {}) => openTestDesk(options.dataDir ?? tempDir(), options);
  describe(`${name} (SQLite)`, () => suite(openSqlite, 'sqlite', seededSqlite));
  const openPostgres: OpenDesk = async (options = {}) => {
    const dataDir = options.dataDir ?? tempDir();
    let url = databaseOfFolder.get(dataDir);
    if (!url) {
      url = (await migratedTestDatabase()).url;
      databaseOfFolder.set(dataDir, url);
    }
    return await openTestDesk(dataDir, { ...options, store: await openPostgresStore(url, { poolSize: 4 }) });
  };
  describePostgres(`${name} (PostgreSQL)`, () =>
    suite(openPostgres, 'postgres', async (records) => {
      const { desk: single, created } = await seededSqlite(records);
      const { url } = await createTestDatabase();
      await moveDeskToServer(single, url);
      await single.close();
      databaseOfFolder.set(single.dataDir, url);
      return { desk: await openPostgres({ dataDir: single.dataDir }), created };
    }),
  );
}

/**
 * The data folders seeded by openSeededDesk in this test process, by the records they hold: each a closed
 * SQLite desk's files (database, keyring), kept in memory (a vitest worker is ended without its exit handlers,
 * so a template folder would outlive the run), at most SEEDED_KEPT of them. A suite asks for the same clients
 * on both stores (and check-all's files for the same 600), and createClients took about 2 ms of CPU a client
 * each time: 1 500 clients 2.9 s. The first desk with those records is written by createClients; every later
 * one is a copy of its folder as it was closed, i.e. the same store (test/support/eachStore.test.ts).
 */
const seeded = new Map<string, { files: Map<string, Buffer>; created: CreatedClient[] }>();
const SEEDED_KEPT = 4;

/** A new SQLite desk holding `records` (written once per test process, then copied). */
async function seededSqlite(records: readonly ClientRecord[]): Promise<{ desk: Desk; created: CreatedClient[] }> {
  const key = createHash('sha256').update(JSON.stringify(records)).digest('hex');
  let template = seeded.get(key);
  if (!template) {
    const desk = await openTestDesk(tempDir());
    const created = await createClients(desk, records);
    // closed so that the WAL is checkpointed into the database file: the folder is then the whole store
    await desk.close();
    template = { files: folderFiles(desk.dataDir), created };
    seeded.set(key, template);
    if (seeded.size > SEEDED_KEPT) seeded.delete(seeded.keys().next().value!);
  }
  const dataDir = tempDir();
  for (const [name, bytes] of template.files) {
    mkdirSync(dirname(join(dataDir, name)), { recursive: true });
    writeFileSync(join(dataDir, name), bytes, { mode: 0o600 });
  }
  return { desk: await openTestDesk(dataDir), created: structuredClone(template.created) };
}

/** Every file under `dir`, by its path relative to it. */
function folderFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
  }
  return files;
}

/**
 * A closed desk's store as it was when closed: its data folder's files (database and WAL checkpointed on
 * SQLite; keyring and files on both), and on PostgreSQL its team database, kept unopened as the template of
 * every copy (CREATE DATABASE … TEMPLATE, as migratedTestDatabase copies the migrated one). The folder is kept
 * in memory (a vitest worker is ended without its exit handlers); the database goes with the file's others.
 */
export interface DeskSnapshot {
  files: Map<string, Buffer>;
  /** The team database (PostgreSQL) copied for each desk opened from the snapshot; none on SQLite. */
  database?: string;
}

/** Closes `desk` (opened by describeEachStore's openDesk) and takes its store as it now is. */
export async function snapshotDesk(desk: Desk): Promise<DeskSnapshot> {
  // closed first: the WAL checkpointed into the SQLite file, and no connection left on the team database
  await desk.close();
  const url = databaseOfFolder.get(desk.dataDir);
  return { files: folderFiles(desk.dataDir), database: url ? new URL(url).pathname.slice(1) : undefined };
}

/**
 * A new desk, in a new folder (on PostgreSQL on a new database), holding what the snapshot's desk held: a copy
 * of its folder, and of its team database. Open it with the options the snapshot's desk was opened with (actor,
 * clock): they are the desk's, not the store's. openDesk({ dataDir }) opens the copy again, as any desk's folder.
 */
export async function openSnapshot(snapshot: DeskSnapshot, options: Partial<DeskOptions> = {}): Promise<Desk> {
  const dataDir = folderOf(snapshot);
  if (!snapshot.database) return await openTestDesk(dataDir, options);
  const { url } = await createTestDatabase({ template: snapshot.database });
  databaseOfFolder.set(dataDir, url);
  return await openTestDesk(dataDir, { ...options, store: await openPostgresStore(url, { poolSize: 4 }) });
}

/** A new folder holding a copy of the snapshot's folder (the desk's whole store on SQLite), not opened. */
function folderOf(snapshot: DeskSnapshot): string {
  const dataDir = tempDir();
  for (const [name, bytes] of snapshot.files) {
    mkdirSync(dirname(join(dataDir, name)), { recursive: true });
    writeFileSync(join(dataDir, name), bytes, { mode: 0o600 });
  }
  return dataDir;
}

/**
 * A closed SQLite desk's data folder, copied into a new folder and left closed, for a test that opens it its own
 * way (the CLI, another program's connection, a desk with options of its own). A snapshot of a desk on a team
 * database is refused: its folder alone is not its store.
 */
export function snapshotFolder(snapshot: DeskSnapshot): string {
  if (snapshot.database) throw new Error('snapshotFolder: the snapshot of a team database’s desk is more than its folder (openSnapshot)');
  return folderOf(snapshot);
}

/**
 * A desk set up once per file and store, and a copy of it for every test that asks: `built(openDesk, dialect)`
 * runs `build` on the first call of each store (on a desk of that openDesk), takes its store with snapshotDesk,
 * and gives every call a new desk opened on a copy of it (openSnapshot), with a copy of what `build` returned.
 * For a fixture that is not the point of the tests (a client with a filled, photo-checked order): each test
 * still has a desk of its own to change. Call it at a test file's top level, so that the snapshots go with the
 * file (their databases are dropped after it). `options` are the copy's desk options (actor, clock): the desk's,
 * not the store's, so give each copy those it needs.
 */
export function builtOnce<T>(build: (openDesk: OpenDesk) => Promise<{ desk: Desk } & T>) {
  const snapshots = new Map<DialectName, Promise<{ snapshot: DeskSnapshot; made: T }>>();
  return async (openDesk: OpenDesk, dialect: DialectName, options: Partial<DeskOptions> = {}): Promise<{ desk: Desk } & T> => {
    let made = snapshots.get(dialect);
    if (!made) {
      made = (async () => {
        const { desk, ...rest } = await build(openDesk);
        return { snapshot: await snapshotDesk(desk), made: rest as unknown as T };
      })();
      snapshots.set(dialect, made);
      made.catch(() => snapshots.delete(dialect));
    }
    const { snapshot, made: values } = await made;
    return { ...structuredClone(values), desk: await openSnapshot(snapshot, options) };
  };
}

/** `--data DIR` and, on PostgreSQL, `--database URL`: the CLI on the same store as `desk`. */
export function storeArgs(desk: Desk): string[] {
  const url = databaseOfFolder.get(desk.dataDir);
  return url ? ['--data', desk.dataDir, '--database', url] : ['--data', desk.dataDir];
}

/**
 * Where the store of `desk` holds `needle` in clear (UTF-8): the files of its data folder whose bytes
 * contain it (on SQLite the database file and its WAL among them), and on PostgreSQL every table with a
 * row whose text contains it, bytea columns included (pg writes them as hex). Works on a closed desk.
 */
export async function placesHolding(desk: Desk, needle: string): Promise<string[]> {
  const bytes = Buffer.from(needle, 'utf8');
  const found = readdirSync(desk.dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => readFileSync(f).includes(bytes));
  const url = databaseOfFolder.get(desk.dataDir);
  if (!url) return found;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
    for (const { name } of tables.rows) {
      const hit = await client.query(`SELECT 1 FROM "${name}" t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0 LIMIT 1`, [needle, bytes.toString('hex')]);
      if (hit.rowCount) found.push(`PostgreSQL table ${name}`);
    }
  } finally {
    await client.end();
  }
  return found;
}
