// Opening a team database: a pg pool on a postgres:// URL, migrated to the latest schema, behind the
// same Store as a desk's file.
import { sql } from 'kysely';
import { postgresDialect, postgresKysely, postgresPool } from './dialect';
import { migratePostgres } from './migratePostgres';
import type { Migration } from './migrations/index';
import type { MigrationProgress } from './migrations/steps';
import { Store } from './store';

export interface OpenPostgresOptions {
  migrations?: readonly Migration[];
  /** Connections in the pool (the team server's concurrent requests). */
  poolSize?: number;
  /** Told how far a long migration has come. */
  onMigrationProgress?: MigrationProgress;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** The Store of the team database at url, migrated; refused (DB_TOO_NEW, DB_CORRUPT) with the database untouched. */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<Store> {
  if (!isPostgresUrl(url)) throw new Error('团队数据库的地址应以 postgres:// 或 postgresql:// 开头');
  const pool = postgresPool(url, options.poolSize);
  try {
    await migratePostgres(pool, {
      ...(options.migrations ? { migrations: options.migrations } : {}),
      ...(options.onMigrationProgress ? { onProgress: options.onMigrationProgress } : {}),
    });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = postgresKysely(pool);
  // Kysely takes the pool over on its first query, and only then ends it on destroy: a store closed
  // before any query would leave the pool's connections open.
  await sql`SELECT 1`.execute(db);
  const store = new Store(postgresDialect, db);
  urls.set(store, url);
  return store;
}

/** The address a team database's Store was opened on (for pg_dump; never printed without redactDatabaseUrl). */
const urls = new WeakMap<Store, string>();

export function teamDatabaseUrl(store: Store): string | undefined {
  return urls.get(store);
}
