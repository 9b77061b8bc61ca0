// Kysely's driver for the one better-sqlite3 connection of a desk, with two differences from Kysely's own
// SqliteDriver: a write transaction starts with BEGIN IMMEDIATE (a second writer process waits on
// busy_timeout instead of failing half-way at its first write), and prepared statements are cached.
import type { Database, Statement } from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

const CACHE_LIMIT = 256;

class CachedSqliteConnection implements DatabaseConnection {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private prepare(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, st);
    }
    return st;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const st = this.prepare(compiled.sql);
      const parameters = compiled.parameters as unknown[];
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
    for (const row of this.prepare(compiled.sql).iterate(...(compiled.parameters as unknown[]))) yield { rows: [row as R] };
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
