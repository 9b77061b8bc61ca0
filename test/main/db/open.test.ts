import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { tempDir } from '../../helpers';

function caught(fn: () => unknown): DeskError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeskError) return err;
    throw err;
  }
  throw new Error('expected a DeskError');
}

describe('opening the store', () => {
  it('creates and migrates a fresh store with WAL, FULL sync and foreign keys', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('matches the checked-in schema snapshot', () => {
    const db = openDatabase(join(tempDir(), DB_FILE_NAME));
    const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
    db.close();
    expect(rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};`).join('\n\n')).toMatchSnapshot();
  });

  it('refuses a database from a newer version and leaves it byte-identical', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    const newer = new Database(file);
    newer.exec('CREATE TABLE future_thing (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO future_thing (note) VALUES (\'from the future\');');
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const before = readFileSync(file);
    const err = caught(() => openDatabase(file));
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain(`版本（${LATEST_SCHEMA_VERSION + 5}）比本程序支持的版本（${LATEST_SCHEMA_VERSION}）新`);
    expect(err.message).toContain('文件未做任何改动');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(10));
    const before = readFileSync(file);
    expect(caught(() => openDatabase(file)).code).toBe('DB_CORRUPT');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    openDatabase(file).close();
    const broken = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE half_done (id INTEGER); SELECT no_such_function();') };
    expect(() => openDatabase(file, { migrations: [{ version: 1, name: 'x', up: () => undefined }, broken] })).toThrow();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });
});
