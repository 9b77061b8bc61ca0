// Migrating a team database (PostgreSQL): the same numbered migrations as a desk's file, their DDL in
// PostgreSQL's words (main/db/migrations/ddl.ts). The version lives in a one-row schema_version table
// (PostgreSQL has no user_version); each migration runs in its own transaction that also sets it, under
// an advisory lock, so two servers started at once on one database migrate it once.
import type pg from 'pg';
import { DeskError } from '../domain/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index';
import type { MigrationProgress } from './migrations/steps';

/** Any constant shared by every desk build: the key of the advisory lock migrations hold. */
const MIGRATION_LOCK_KEY = 0x6265_6961; // "beia"

/** SQL written with `?` placeholders (the migrations' portable form) in pg's numbered `$n` form. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  // quoted strings and identifiers keep their question marks
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? `$${++n}` : m));
}

/** What running a migration's statements needs of a connection (a pg client, or a transaction of the move). */
export interface StepRunner {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

async function runPostgresSteps(client: StepRunner, m: Migration, onProgress: MigrationProgress | undefined): Promise<void> {
  const steps = m.up('postgres');
  let rows: unknown[] | undefined;
  for (;;) {
    const next = steps.next(rows);
    if (next.done) return;
    const step = next.value;
    rows = undefined;
    if (step.kind === 'progress') onProgress?.({ version: m.version, name: m.name, what: step.what, done: step.done, total: step.total, ...(step.notice ? { notice: true } : {}) });
    else if (step.kind === 'exec') await client.query(step.sql);
    else {
      const result = await client.query(numberPlaceholders(step.sql), [...step.params]);
      if (step.kind === 'all') rows = result.rows;
    }
  }
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** The database's schema version; a new, empty database gets its schema_version row (0). */
async function readOrStartVersion(client: pg.PoolClient, where: string): Promise<number> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS present");
  if (rows[0]!.present) {
    const { rows: v } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    if (v.length !== 1) throw new DeskError('DB_CORRUPT', `${where}的 schema_version 表应恰好有一行（现有 ${v.length} 行），请检查数据库。`);
    return v[0]!.version;
  }
  const { rows: others } = await client.query<{ n: number }>('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()');
  if (Number(others[0]!.n) > 0) {
    throw new DeskError('DB_CORRUPT', `${where}里已有其他表，但没有备案助手的版本记录，不是备案助手的团队数据库。请使用一个新建的空数据库；数据库未做任何改动。`);
  }
  await client.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  await client.query('INSERT INTO schema_version (version) VALUES (0)');
  return 0;
}

/** Brings the team database to the latest schema, or refuses one newer than this code (nothing changed). */
export async function migratePostgres(pool: pg.Pool, options: { migrations?: readonly Migration[]; where?: string; onProgress?: MigrationProgress } = {}): Promise<void> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : LATEST_SCHEMA_VERSION;
  const where = options.where ?? '团队数据库';
  const client = await pool.connect();
  try {
    const found = await inTransaction(client, () => readOrStartVersion(client, where));
    if (found > latest) {
      throw new DeskError(
        'DB_TOO_NEW',
        `${where}的版本（${found}）比本程序支持的版本（${latest}）新，可能由更新版本的备案助手创建。请升级备案助手后再连接；数据库未做任何改动。`,
      );
    }
    for (const m of migrations) {
      if (m.version <= found) continue;
      await inTransaction(client, async () => {
        // another server may have migrated while this one waited for the lock
        const now = await readOrStartVersion(client, where);
        if (m.version <= now) return;
        // a new database has nothing to upgrade: its creation is not reported as progress
        await runPostgresSteps(client, m, found === 0 ? undefined : options.onProgress);
        await client.query('UPDATE schema_version SET version = $1', [m.version]);
      });
    }
  } finally {
    client.release();
  }
}

/** The schema version of a team database (0 for an empty one), without changing it. */
export async function postgresSchemaVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ present: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS present");
  if (!rows[0]!.present) return 0;
  const { rows: v } = await pool.query<{ version: number }>('SELECT version FROM schema_version');
  return v[0]?.version ?? 0;
}

/**
 * Creates the whole schema in a new, empty database inside a transaction the caller holds open (the
 * move of a desk to a team server: schema and rows commit together, or nothing is left at all).
 */
export async function migrateEmptyInTransaction(runner: StepRunner, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await runner.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  await runner.query('INSERT INTO schema_version (version) VALUES (0)');
  for (const m of migrations) {
    await runPostgresSteps(runner, m, undefined);
    await runner.query('UPDATE schema_version SET version = $1', [m.version]);
  }
}
