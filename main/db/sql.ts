// Kysely as a typed query builder over a synchronous better-sqlite3 connection: queries are compiled by
// Kysely and run here, so a transaction is a plain synchronous function (BEGIN IMMEDIATE … COMMIT).
import type { Database, Statement } from 'better-sqlite3';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable, type InferResult } from 'kysely';
import type { DB } from './schema';

export const qb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const CACHE_LIMIT = 256;

export class Sql {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly raw: Database) {}

  private prepare(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, st);
    }
    return st;
  }

  all<Q extends Compilable<unknown>>(query: Q): InferResult<Q> {
    const c = query.compile();
    return this.prepare(c.sql).all(...(c.parameters as unknown[])) as InferResult<Q>;
  }

  first<Q extends Compilable<unknown>>(query: Q): InferResult<Q>[number] | undefined {
    const c = query.compile();
    return this.prepare(c.sql).get(...(c.parameters as unknown[])) as InferResult<Q>[number] | undefined;
  }

  /** INSERT/UPDATE/DELETE; returns the new row id and the number of rows changed. */
  run(query: Compilable<unknown>): { id: number; changes: number } {
    const c = query.compile();
    const r = this.prepare(c.sql).run(...(c.parameters as unknown[]));
    return { id: Number(r.lastInsertRowid), changes: r.changes };
  }

  /** A consistent copy of the open database (SQLite's online backup), e.g. for a backup archive. */
  backupTo(file: string): Promise<unknown> {
    return this.raw.backup(file);
  }

  close(): void {
    this.raw.close();
  }

  /** Runs fn in one write transaction (BEGIN IMMEDIATE, so a second process waits instead of failing mid-way). */
  tx<T>(fn: () => T): T {
    if (this.raw.inTransaction) return fn();
    return this.raw.transaction(fn).immediate();
  }
}
