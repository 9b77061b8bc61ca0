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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { DialectName } from '../../main/db/dialect';
import { openPostgresStore } from '../../main/db/openPostgres';
import type { Desk, DeskOptions } from '../../main/desk';
import { openTestDesk, tempDir } from '../helpers';
import { describePostgres, migratedTestDatabase } from './pgTestDatabase';

export type OpenDesk = (options?: Partial<DeskOptions>) => Promise<Desk>;

/** The team database each data folder opened on PostgreSQL stands for. */
const databaseOfFolder = new Map<string, string>();

export function describeEachStore(name: string, suite: (openDesk: OpenDesk, dialect: DialectName) => void): void {
  describe(`${name} (SQLite)`, () => suite((options = {}) => openTestDesk(options.dataDir ?? tempDir(), options), 'sqlite'));
  describePostgres(`${name} (PostgreSQL)`, () =>
    suite(async (options = {}) => {
      const dataDir = options.dataDir ?? tempDir();
      let url = databaseOfFolder.get(dataDir);
      if (!url) {
        url = (await migratedTestDatabase()).url;
        databaseOfFolder.set(dataDir, url);
      }
      return await openTestDesk(dataDir, { ...options, store: await openPostgresStore(url, { poolSize: 4 }) });
    }, 'postgres'),
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
