// The desk's SQLite driver (main/db/sqliteDriver.ts) reads a statement's rows as arrays and makes the row
// objects itself, once per statement compiled to an object literal: every row must be the object
// better-sqlite3 would have made — the same keys in the same order, the same values of every type, a
// repeated column name keeping its first place and its last value, a column named __proto__ included.
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteKysely } from '../../../main/db/dialect';
import { rowMaker } from '../../../main/db/sqliteDriver';

let open: Database.Database[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});

function database(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, "x y" TEXT, "a""b" TEXT, n INTEGER, f REAL, bl BLOB, "0" TEXT, "__proto__" TEXT);
    INSERT INTO t VALUES (1, '阿里示例', 'sp', 'q"', NULL, 2.5, x'00ff', 'zero', 'p1'), (2, 'Zeta', '', '', 9007199254740991, -0.125, x'', '', 'p2');`);
  return db;
}

/** What better-sqlite3 itself makes of the statement's rows, with each row's keys in order. */
function ownRows(db: Database.Database, text: string): { rows: unknown[]; keys: string[][] } {
  const rows = db.prepare(text).all() as Record<string, unknown>[];
  return { rows, keys: rows.map((r) => Object.keys(r)) };
}

async function driverRows(db: Database.Database, text: string): Promise<{ rows: unknown[]; keys: string[][] }> {
  const { rows } = await sql.raw<Record<string, unknown>>(text).execute(sqliteKysely(db));
  return { rows, keys: rows.map((r) => Object.keys(r)) };
}

describe('rows read through the desk driver', () => {
  it.each([
    ['every column of every type, odd names included', 'SELECT id, name, "x y", "a""b", n, f, bl, "0" FROM t ORDER BY id'],
    ['a repeated name keeps its first place and its last value', 'SELECT id AS a, name AS b, "x y" AS a FROM t ORDER BY id'],
    ['a join with the same column twice', 'SELECT * FROM t AS p JOIN t AS q ON q.id = 3 - p.id ORDER BY p.id'],
    ['no rows', 'SELECT id, name FROM t WHERE id > 9'],
  ])('are the objects better-sqlite3 makes: %s', async (_what, text) => {
    const db = database();
    const own = ownRows(db, text);
    const driver = await driverRows(db, text);
    expect(driver.rows).toEqual(own.rows);
    expect(driver.keys).toEqual(own.keys);
  });

  it('gives a column named __proto__ what better-sqlite3 gives it (an assignment: text ignored, NULL a null prototype)', async () => {
    const db = database();
    const text = 'SELECT id, "__proto__" FROM t ORDER BY id';
    const own = db.prepare(text).all() as object[];
    const { rows } = await driverRows(db, `${text.replace('"__proto__"', '"__proto__", NULL AS "__proto__"')}`);
    const ownNull = db.prepare(text.replace('"__proto__"', '"__proto__", NULL AS "__proto__"')).all() as object[];
    expect(rows.map((r) => Object.getPrototypeOf(r))).toEqual(ownNull.map((r) => Object.getPrototypeOf(r)));
    expect(rows.map((r) => Object.getPrototypeOf(r))).toEqual([null, null]);
    expect((await driverRows(db, text)).rows.map((r) => Object.getPrototypeOf(r))).toEqual(own.map((r) => Object.getPrototypeOf(r)));
    expect((await driverRows(db, text)).keys).toEqual(own.map((r) => Object.keys(r)));
  });

  it('makes a row from values by the statement\'s column names', () => {
    expect(rowMaker(['id', 'a"b', 'id'])!([1, 'x', 2])).toEqual({ id: 2, 'a"b': 'x' });
    expect(rowMaker([])).toBeNull();
  });

  it('reads rows a write returns, and streams rows one by one', async () => {
    const db = database();
    const k = sqliteKysely(db);
    const { rows } = await sql.raw<{ id: number; name: string }>("INSERT INTO t (id, name) VALUES (3, '中') RETURNING id, name").execute(k);
    expect(rows).toEqual([{ id: 3, name: '中' }]);
    const streamed: unknown[] = [];
    for await (const r of k.selectFrom('t' as never).select(['id' as never, 'name' as never]).orderBy('id' as never).stream()) streamed.push(r);
    expect(streamed).toEqual(ownRows(db, 'SELECT id, name FROM t ORDER BY id').rows);
  });
});

describe('a transaction through the desk driver', () => {
  it('that SQLite rolled back itself (SQLITE_FULL) fails with SQLite\'s own error, not the ROLLBACK\'s "no transaction is active"', async () => {
    const db = database();
    const k = sqliteKysely(db);
    // the file may not grow: the disk is full as far as SQLite can tell, and it rolls the transaction back
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const failed = await k
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 100; i++) await sql`INSERT INTO t (name) VALUES (${'满'.repeat(2000)})`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err as { code?: string },
      );
    expect(failed?.code).toBe('SQLITE_FULL');
    expect(db.inTransaction).toBe(false);
    expect(ownRows(db, 'SELECT count(*) AS n FROM t').rows).toEqual([{ n: 2 }]);
    // and the connection goes on: the next transaction runs
    db.pragma('max_page_count = 1073741823');
    await k.transaction().execute((trx) => sql`INSERT INTO t (name) VALUES ('后')`.execute(trx));
    expect(ownRows(db, 'SELECT count(*) AS n FROM t').rows).toEqual([{ n: 3 }]);
  });

  it('that failed with SQLite still in it is rolled back, its error passed on', async () => {
    const db = database();
    const k = sqliteKysely(db);
    const failed = await k
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO t (name) VALUES ('半')`.execute(trx);
        throw new Error('the handler failed');
      })
      .catch((err: unknown) => err as Error);
    expect(failed.message).toBe('the handler failed');
    expect(db.inTransaction).toBe(false);
    expect(ownRows(db, 'SELECT count(*) AS n FROM t').rows).toEqual([{ n: 2 }]);
  });
});
