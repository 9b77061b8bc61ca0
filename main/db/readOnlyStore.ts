// A second, read-only connection to the store, for a worker thread that reads beside the thread that owns
// it (check-all's cold run: services/checkAllWorker.ts): the desk's SQLite file — in WAL mode, so this reader
// sees the last committed state while the owner writes — or the team database (PostgreSQL), on a connection
// of its own whose every transaction is read-only. It never writes, never migrates, and is closed when the
// run it serves ends (nothing of the store stays open in a worker between runs: services/checkAllWorker.ts).
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { DeskError } from '../domain/errors';
import { postgresDialect, postgresKysely, postgresPool, sqliteDialect, sqliteKysely } from './dialect';
import { Store } from './store';

export interface ReadOnlyFile {
  /** The store's database file (the owner's better-sqlite3 `name`). */
  file: string;
  /** better_sqlite3.node for the Electron ABI, when the desk was opened with one. */
  nativeBinding?: string;
}

/**
 * The team database a worker reads (PostgreSQL): its address as the store's thread opened it. It holds the
 * database's password: handed only to this process's worker threads, never logged or written.
 */
export interface ReadOnlyTeamDatabase {
  postgres: string;
}

/** Where a worker reads: the desk's file, or the team database. */
export type StoreToRead = ReadOnlyFile | ReadOnlyTeamDatabase;

/** What tells two places apart (a worker keeps one connection a run and place). */
export const placeOf = (at: StoreToRead): string => ('postgres' in at ? at.postgres : at.file);

export function openReadOnlyStore(at: StoreToRead): Store {
  if ('postgres' in at) {
    // one connection (a worker reads one share at a time); the server refuses any write on it, whatever is asked
    return new Store(postgresDialect, postgresKysely(postgresPool(at.postgres, 1, { readOnly: true })));
  }
  let db: Database.Database;
  try {
    db = new Database(at.file, { readonly: true, fileMustExist: true, ...(at.nativeBinding ? { nativeBinding: at.nativeBinding } : {}) });
  } catch (err) {
    throw new DeskError('DB_CORRUPT', `无法以只读方式打开数据库（${err instanceof Error ? err.message : String(err)}）。`);
  }
  db.pragma('busy_timeout = 5000');
  return new Store(sqliteDialect, sqliteKysely(db), db);
}

/**
 * Runs fn's reads on this read-only connection in one read transaction: one snapshot of the store, however the
 * owner commits beside it (SQLite: a deferred BEGIN takes its snapshot at the first read; PostgreSQL: REPEATABLE
 * READ, READ ONLY, whose snapshot is taken at the first statement). Ended however fn ends.
 * `snapshot` (PostgreSQL): read in that exported snapshot (exportSnapshot) instead of a snapshot of its own —
 * refused by the server once the transaction that exported it has ended.
 */
export async function inOneSnapshot<T>(store: Store, fn: () => Promise<T>, snapshot?: string): Promise<T> {
  if (store.dialect.name === 'postgres') {
    return await store.tx(async () => {
      if (snapshot !== undefined) {
        // a literal, not a parameter (SET takes none): the id is checked to be what the server hands out
        if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`不是数据库快照的标识：${snapshot}`);
        await sql.raw(`SET TRANSACTION SNAPSHOT '${snapshot}'`).execute(store.db);
      }
      return await fn();
    }, { readSnapshot: true });
  }
  if (snapshot !== undefined) throw new Error('SQLite 的读取不能共用另一连接的快照');
  store.raw.exec('BEGIN');
  try {
    return await fn();
  } finally {
    if (store.raw.inTransaction) store.raw.exec('COMMIT');
  }
}

/** What pg_export_snapshot() gives: hexadecimal words and a number joined by hyphens. */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i;

/**
 * PostgreSQL, inside inOneSnapshot: the id of this transaction's snapshot, in which other connections can read
 * (inOneSnapshot's `snapshot`) for as long as this transaction stays open.
 */
export async function exportSnapshot(store: Store): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(store.db);
  return rows[0]!.id;
}
