// Everything that differs between the two store dialects lives here: how the Kysely instance is built,
// the online backup of an open database and how a serialisation failure is recognised.
// DDL differs per migration and is chosen there by the dialect name it is given (main/db/migrations/).
import type { Database } from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DB } from './schema';
import { ImmediateSqliteDriver } from './sqliteDriver';
import type { Store } from './store';

export type DialectName = 'sqlite' | 'postgres';

export interface StoreDialect {
  name: DialectName;
  backupTo(store: Store, file: string): Promise<void>;
  /** After rows with personal data were deleted: make sure no old page image stays readable on disk. */
  afterDeletion(store: Store): Promise<void>;
  isSerializationFailure(err: unknown): boolean;
}

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  backupTo: async (store, file) => {
    await store.raw.backup(file);
  },
  // Deleted rows are overwritten in the file (secure_delete); the WAL still holds their old pages until a checkpoint.
  afterDeletion: async (store) => {
    store.raw.pragma('wal_checkpoint(TRUNCATE)');
  },
  isSerializationFailure: () => false,
};

export function sqliteKysely(database: Database): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ImmediateSqliteDriver(database),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
