// Kysely's driver for the one better-sqlite3 connection of a desk, with three differences from Kysely's own
// SqliteDriver: a write transaction starts with BEGIN IMMEDIATE (a second writer process waits on
// busy_timeout instead of failing half-way at its first write), prepared statements are cached, and a
// statement's rows are read as arrays and made into objects here (the same objects, several times cheaper).
import type { Database, Statement } from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

const CACHE_LIMIT = 256;

type RowOf = (values: unknown[]) => Record<string, unknown>;

/**
 * A row object from the row's values in the statement's column order, as better-sqlite3 makes it: the
 * columns as keys in order, a repeated name keeping its first place and its last value. better-sqlite3
 * sets each key of each row through V8's C++ API (≈ 1 µs a value: check-all's cold run reads every column
 * of every client); one object literal per statement, made here once, builds the same object in a few
 * nanoseconds a key. Null — rows read as better-sqlite3 makes them — for a statement without columns, or
 * with a column named `__proto__` (in a literal it sets the prototype, and twice it does not compile).
 */
export function rowMaker(columns: readonly string[]): RowOf | null {
  if (!columns.length || columns.includes('__proto__')) return null;
  // the names are JSON-quoted: no column name can be anything but a string key
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('v', `return {${columns.map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(', ')}};`) as RowOf;
}

interface Prepared {
  st: Statement;
  /** A reader's rows read as arrays and made by this; null to read them as objects. */
  row: RowOf | null;
}

class CachedSqliteConnection implements DatabaseConnection {
  private readonly cache = new Map<string, Prepared>();

  constructor(private readonly db: Database) {}

  private prepare(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (!p) {
      const st = this.db.prepare(sql);
      const row = st.reader ? rowMaker(st.columns().map((c) => c.name)) : null;
      p = { st: row ? st.raw(true) : st, row };
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, p);
    }
    return p;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const { st, row } = this.prepare(compiled.sql);
      const parameters = compiled.parameters as unknown[];
      if (row) return Promise.resolve({ rows: (st.all(...parameters) as unknown[][]).map(row) as R[] });
      if (st.reader) return Promise.resolve({ rows: st.all(...parameters) as R[] });
      const r = st.run(...parameters);
      return Promise.resolve({ numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid), rows: [] });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('只能流式读取 SELECT 查询');
    const { st, row } = this.prepare(compiled.sql);
    for (const values of st.iterate(...(compiled.parameters as unknown[]))) yield { rows: [(row ? row(values as unknown[]) : values) as R] };
  }
}

/** One connection, handed out to one user at a time (a transaction holds it until commit or rollback). */
export class ImmediateSqliteDriver implements Driver {
  private readonly connection: CachedSqliteConnection;
  private waiting: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(readonly database: Database) {
    this.connection = new CachedSqliteConnection(database);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.waiting) await this.waiting;
    this.waiting = new Promise((resolve) => (this.release = resolve));
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    // SQLite has already rolled back on its own after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM):
    // a ROLLBACK then fails with "no transaction is active", and Kysely would pass that on instead of the
    // error that ended the transaction — the one the operator must be told (a full disk).
    if (!this.database.inTransaction) return;
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.waiting = undefined;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    if (this.database.open) this.database.close();
  }
}
