// What `--database` names: nothing (or a SQLite file name) for the data folder's own SQLite file, or a
// postgres:// URL for a team database. Either way the data folder keeps the keyring and material files.
import { DeskError } from '../domain/errors';
import { isPostgresUrl, openPostgresStore } from './openPostgres';
import type { MigrationProgress } from './migrations/steps';
import type { Store } from './store';

/** A database URL fit to print: the password replaced by ***. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@').slice(0, 120);
}

/**
 * The store --database names, opened and migrated: a team database's Store, or undefined for the data
 * folder's SQLite file (Desk.open opens that itself). Anything else is refused before anything is opened.
 */
export async function openNamedStore(database: string | undefined, onMigrationProgress?: MigrationProgress): Promise<Store | undefined> {
  if (!database || /^(sqlite:)?$/.test(database) || database.endsWith('.sqlite')) return undefined;
  if (!isPostgresUrl(database)) throw new DeskError('BAD_REQUEST', `无法识别的数据库地址：${redactDatabaseUrl(database)}（应为 postgres://用户@主机:端口/数据库，密码放在 PGPASSWORD 或 PGPASSFILE 中）`);
  try {
    return await openPostgresStore(database, onMigrationProgress ? { onMigrationProgress } : {});
  } catch (err) {
    if (err instanceof DeskError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DeskError('DB_MISSING', `无法连接团队数据库 ${redactDatabaseUrl(database)}：${reason}`);
  }
}
