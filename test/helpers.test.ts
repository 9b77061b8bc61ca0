// openTestDesk starts a new folder from a SQLite file migrated once per test process (test/helpers.ts):
// that copy must be the very store a new desk creates for itself, or every suite would test another one.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { DB_FILE_NAME } from '../main/db/open';
import { Desk } from '../main/desk';
import { openTestDesk, tempDir } from './helpers';

/** Schema, version and every row of every table: what a store holds before anything is written. */
function contents(db: Database.Database) {
  const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string }[];
  const rows = Object.fromEntries(schema.filter((s) => s.type === 'table').map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
  return { version: db.pragma('user_version', { simple: true }), journal: db.pragma('journal_mode', { simple: true }), schema, rows };
}

it('gives a new folder the same store a new desk makes itself', async () => {
  const own = await Desk.open({ dataDir: tempDir(), actor: 'tester', kdfLog2n: 12 });
  try {
    await own.vault.setup('test-passphrase-1');
    const copied = await openTestDesk();
    // after the passphrase is set (a key check, an audit entry): the same schema, version and journal, and as
    // many rows in each table (their values hold a random key check and the time)
    const shape = (db: Database.Database) => {
      const c = contents(db);
      return { ...c, rows: Object.fromEntries(Object.entries(c.rows).map(([t, r]) => [t, r.length])) };
    };
    expect(shape(copied.sql.raw)).toEqual(shape(own.sql.raw));
  } finally {
    await own.close();
  }
});

it('opens a folder that already holds something as it is, without the migrated copy', async () => {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'keyring.json'), '{}');
  // a keyring without a database: the desk refuses the folder instead of starting a new store in it
  await expect(openTestDesk(dataDir)).rejects.toThrow(/缺少数据库文件/);
  expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(false);
});
