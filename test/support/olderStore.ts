// A store file as an older version left it: every trigger, table, column and index that a later migration added
// taken away again (a virtual table's shadow tables go with it) and user_version set back, so opening it
// runs the later migrations on the rows written by today's code; and a store of today refused by an older build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { MIGRATIONS } from '../../main/db/migrations/index';
import { DB_FILE_NAME, migrate, openDatabase } from '../../main/db/open';
import { openTestDesk, tempDir } from '../helpers';

const namesOf = (db: Database.Database, type: 'table' | 'trigger' | 'index') =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'`).all(type) as { name: string }[]).map((t) => t.name);
const columnsOf = (db: Database.Database, table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);

/**
 * A store of version 29 (before migration 0030) holding client `id`'s 主体 a second time, as a client of its own
 * named “…（重复）”: what builds before 0030 allowed, for the upgrade's findings to be told.
 */
export function storeWithDuplicateEntity(dbFile: string, id = 1): void {
  turnBackToVersion(dbFile, 29);
  const db = new Database(dbFile);
  try {
    db.prepare(
      `INSERT INTO entity (province, city, district, nature, cert_type, cert_number_sealed, cert_number_index, name, cert_address, investor, mailing_address, remark, created_at, updated_at)
       SELECT province, city, district, nature, cert_type, cert_number_sealed, cert_number_index, name || '（重复）', cert_address, investor, mailing_address, remark, created_at, updated_at FROM entity WHERE id = ?`,
    ).run(id);
  } finally {
    db.close();
  }
}

export function turnBackToVersion(dbFile: string, version: number): void {
  const old = new Database(':memory:');
  migrate(old, MIGRATIONS.filter((m) => m.version <= version));
  const keep = new Map(namesOf(old, 'table').map((t) => [t, new Set(columnsOf(old, t))]));
  const keepTriggers = new Set(namesOf(old, 'trigger'));
  const keepIndexes = new Set(namesOf(old, 'index'));
  old.close();
  const db = new Database(dbFile);
  try {
    db.pragma('foreign_keys = OFF');
    for (const t of namesOf(db, 'trigger').filter((t) => !keepTriggers.has(t))) db.exec(`DROP TRIGGER ${t}`);
    // indexes first: SQLite will not drop a column an index still names (0017's entity_revision)
    for (const i of namesOf(db, 'index').filter((i) => !keepIndexes.has(i))) db.exec(`DROP INDEX IF EXISTS ${i}`);
    for (const t of namesOf(db, 'table')) {
      const columns = keep.get(t);
      if (!columns) db.exec(`DROP TABLE IF EXISTS ${t}`);
      else for (const c of columnsOf(db, t).filter((c) => !columns.has(c))) db.exec(`ALTER TABLE ${t} DROP COLUMN ${c}`);
    }
    db.pragma(`user_version = ${version}`);
  } finally {
    db.close();
  }
}

/**
 * A store of today's version opened by a build from before migration `version` (its migrations alone): refused with
 * DB_TOO_NEW, the file byte for byte as it was. Returns the store's folder, for a test that goes on with it.
 */
export async function expectRefusedByBuildBefore(version: number): Promise<string> {
  const dir = tempDir();
  await (await openTestDesk(dir)).close();
  const file = join(dir, DB_FILE_NAME);
  const before = readFileSync(file);
  expect(() => openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < version) })).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
  expect(readFileSync(file).equals(before)).toBe(true);
  return dir;
}
