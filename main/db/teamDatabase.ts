// What a team database's backup and restore ask of PostgreSQL itself (main/backup/teamBackup.ts):
// the server's version (pg_dump must be at least as new), whether a database is empty (a restore only
// goes into an empty one) and the counts a restore is checked by.
import { sql } from 'kysely';
import { DeskError } from '../domain/errors';
import type { Store } from './store';
import { redactDatabaseUrl } from './storeLocation';

/** The server's major version (16 for 16.4), from server_version_num. */
export async function serverMajorVersion(store: Store): Promise<number> {
  const r = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(store.db);
  return Math.floor(Number(r.rows[0]!.v) / 10_000);
}

/** How many material rows have their bytes in the database (what a team backup carries). */
export async function materialsWithChunks(store: Store): Promise<number> {
  const r = await store.db.selectFrom('material_chunk').select((eb) => eb.fn.count<number>('material_id').distinct().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The schema version the team database records (0 before the first migration). */
export async function teamSchemaVersion(store: Store): Promise<number> {
  const r = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(store.db);
  return Number(r.rows[0]?.version ?? 0);
}

/**
 * The tables, views and sequences of the database at url outside PostgreSQL's own schemas, and its
 * server's major version: a restore refuses a database that holds anything.
 */
export async function inspectTargetDatabase(url: string): Promise<{ objects: string[]; serverMajor: number }> {
  // pg is loaded here, on the first look at a team database, not when the store code is
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        ORDER BY 1 LIMIT 5`,
    );
    const v = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return { objects: rows.map((r) => r.name), serverMajor: Math.floor(Number(v.rows[0]!.v) / 10_000) };
  } finally {
    await client.end();
  }
}

/**
 * The target of a restore or a move (`verb`: 恢复 / 迁移), inspected: refused unless it can be reached and
 * holds nothing of its own. Its server's major version comes back for choosing the client tools.
 */
export async function emptyTargetDatabase(url: string, verb: '恢复' | '迁移'): Promise<{ serverMajor: number }> {
  const shown = redactDatabaseUrl(url);
  let inspected: Awaited<ReturnType<typeof inspectTargetDatabase>>;
  try {
    inspected = await inspectTargetDatabase(url);
  } catch (err) {
    throw new DeskError('DB_MISSING', `无法连接团队数据库 ${shown}：${err instanceof Error ? err.message : String(err)}`);
  }
  if (inspected.objects.length) {
    throw new DeskError('CONFLICT', `团队数据库 ${shown} 不是空的（已有 ${inspected.objects.join('、')} 等），${verb}只写入空数据库。请新建一个空数据库（createdb）再${verb}`);
  }
  return { serverMajor: inspected.serverMajor };
}
