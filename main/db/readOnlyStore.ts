// A second, read-only connection to a desk's SQLite file, for a worker thread that reads beside the
// thread that owns the store (check-all's cold run: services/checkAllWorker.ts). The store runs in WAL
// mode, so this reader sees the last committed state while the owner writes; it never writes, never
// migrates, and is closed when the run it serves ends (nothing of the store stays open in a worker between runs:
// services/checkAllWorker.ts).
import Database from 'better-sqlite3';
import { DeskError } from '../domain/errors';
import { sqliteDialect, sqliteKysely } from './dialect';
import { Store } from './store';

export interface ReadOnlyFile {
  /** The store's database file (the owner's better-sqlite3 `name`). */
  file: string;
  /** better_sqlite3.node for the Electron ABI, when the desk was opened with one. */
  nativeBinding?: string;
}

export function openReadOnlyStore(at: ReadOnlyFile): Store {
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
 * Runs fn's reads on this read-only connection in one read transaction: one snapshot of the file, however the
 * owner commits beside it (a deferred BEGIN takes its snapshot at the first read). Ended however fn ends.
 */
export async function inOneSnapshot<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  store.raw.exec('BEGIN');
  try {
    return await fn();
  } finally {
    if (store.raw.inTransaction) store.raw.exec('COMMIT');
  }
}
