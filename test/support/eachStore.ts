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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  describe(`${name} (SQLite)`, () =>
    suite(openSqlite, 'sqlite', async (records) => {
      const desk = await openSqlite();
      return { desk, created: await createClients(desk, records) };
    }),
  );
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
      const single = await openSqlite();
      const created = await createClients(single, records);
      const { url } = await createTestDatabase();
      await moveDeskToServer(single, url);
      await single.close();
      databaseOfFolder.set(single.dataDir, url);
      return { desk: await openPostgres({ dataDir: single.dataDir }), created };
    }),
  );
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
