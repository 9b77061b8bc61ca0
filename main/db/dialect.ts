// Everything that differs between the two store dialects lives here: how the Kysely instance is built,
// the online backup of an open database, how a serialisation failure is recognised and how pg's values
// become the plain numbers the repositories read on SQLite.
// DDL differs per migration and is chosen there by the dialect name it is given (main/db/migrations/).
import type { Database } from 'better-sqlite3';
import { type Compilable, Kysely, PostgresDialect, type QueryResult, type RawBuilder, sql, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { DeskError } from '../domain/errors';
import type { DB } from './schema';
import { ImmediateSqliteDriver } from './sqliteDriver';
import type { Store } from './store';

export type DialectName = 'sqlite' | 'postgres';

export interface StoreDialect {
  name: DialectName;
  backupTo(store: Store, file: string): Promise<void>;
  /**
   * After rows with personal data were deleted: make sure no old page image stays readable on disk.
   * Resolves true when that is done, false when it must be tried again later (Store.afterDeletion does).
   */
  afterDeletion(store: Store): Promise<boolean>;
  isSerializationFailure(err: unknown): boolean;
  /**
   * A text column to ORDER BY in Unicode code point order, the product's one order for names, provinces
   * and operators on both stores (why: below).
   */
  textOrder(column: string): RawBuilder<string>;
}

// Text is sorted by Unicode code point on both stores. SQLite compares TEXT with BINARY (memcmp of UTF-8,
// which is code point order) unless told otherwise; PostgreSQL compares by the database's collation, which
// on a team database created with a language locale (zh_CN, en_US, ICU) orders Chinese names by pinyin or
// stroke and mixes ASCII case, so the same client list would page differently on the two stores. "C"
// compares the UTF-8 bytes: the same order as SQLite, on every PostgreSQL database whatever its locale.
// (A pinyin order is not on offer: SQLite has no such collation without ICU, and the list must be one order.)
const sqliteTextOrder = (column: string): RawBuilder<string> => sql<string>`${sql.ref(column)}`;
const postgresTextOrder = (column: string): RawBuilder<string> => sql<string>`${sql.ref(column)} COLLATE "C"`;

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  backupTo: async (store, file) => {
    await store.raw.backup(file);
  },
  // Deleted rows are overwritten in the file (secure_delete); the WAL still holds their old pages until a
  // checkpoint copies them and TRUNCATE empties it. The checkpoint goes through the driver like any query:
  // it waits for the one connection instead of running inside another caller's open transaction, where
  // SQLite refuses it (SQLITE_LOCKED). busy = 1: a reader elsewhere (a worker, another process) still
  // used the WAL, so it was not emptied — try again later.
  afterDeletion: async (store) => {
    if (store.inTransaction) return false;
    const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
    return rows[0]?.busy === 0;
  },
  isSerializationFailure: () => false,
  textOrder: sqliteTextOrder,
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

// PostgreSQL (team mode). SQLite's INTEGER is 64-bit and better-sqlite3 hands it out as a number; on
// PostgreSQL the same columns are BIGINT, and count(*) / sum() are BIGINT / NUMERIC, which pg hands out
// as strings. They are parsed here, once, so every repository reads numbers on both stores; a value
// beyond 2^53 would lose digits, so it is refused instead of silently rounded.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;

function parsePgNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) && !(Number.isFinite(n) && text.includes('.'))) {
    throw new Error(`PostgreSQL 返回的数值 ${text} 超出了 JavaScript 能精确表示的范围`);
  }
  return n;
}

/** pg, loaded when a team database is first opened: a desk on SQLite never loads it. */
let pgLoaded: typeof pg | undefined;
const pgModule = (): typeof pg => (pgLoaded ??= createRequire(import.meta.url)('pg') as typeof pg);

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return parsePgNumber;
    return format === 'binary' ? pgModule().types.getTypeParser(oid, 'binary') : pgModule().types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** SQLSTATE of an error from pg, if it is one. */
export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}

/** deadlock_detected: PostgreSQL gave up one statement of transactions waiting on each other. */
export const PG_DEADLOCK = '40P01';

/** serialization_failure and deadlock_detected: the transaction may simply be run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', PG_DEADLOCK]);

export const postgresDialect: StoreDialect = {
  name: 'postgres',
  // A team database is backed up by pg_dump (one dump holds clients, orders, audit and the materials'
  // encrypted chunks): `backup create` runs it (main/backup/teamBackup.ts); a file copy of a live server is not a backup.
  backupTo: () =>
    Promise.reject(
      new DeskError(
        'NOT_ON_TEAM_DATABASE',
        '团队数据库（PostgreSQL）不能复制成 SQLite 文件：备份由 backup create 调用 pg_dump 完成（恢复用 backup restore --database，内部调用 pg_restore）。',
      ),
    ),
  // PostgreSQL has no secure_delete: a deleted row stays in its page as a dead tuple until VACUUM
  // reclaims the space. VACUUM cannot run inside a transaction; inside one this is left to autovacuum.
  afterDeletion: async (store) => {
    if (store.inTransaction) return true;
    await sql`VACUUM`.execute(store.db);
    return true;
  },
  isSerializationFailure: (err) => {
    const code = pgErrorCode(err);
    return code !== undefined && RETRYABLE_SQLSTATES.has(code);
  },
  textOrder: postgresTextOrder,
};

// Prepared statements. Kysely's PostgresDialect sends every statement unnamed: PostgreSQL parses and plans
// it each time. For the client search's hot statements the planning cost as much as running them (an exact
// ID number at 100 000 clients: 0.65 ms of planning for 0.4–0.9 ms of execution), so those run as named
// statements, which node-postgres parses once per connection (its `name`), and PostgreSQL then plans them
// once for good (a generic plan) when that plan costs no more than the plans made for the values (its
// plan cache's own rule, plan_cache_mode auto). Only texts registered through runPrepared are named: a
// statement whose text changes with its values (a list of ids spelled out) would leave a new prepared
// statement on each connection every time.
/** Registered SQL text → its statement name (the same text always gets the same name, as pg requires). */
const statementNames = new Map<string, string>();
/** At most this many texts are prepared (each connection keeps each one until it closes); later ones run unnamed. */
const MAX_PREPARED_TEXTS = 64;

/**
 * Runs `query` as a prepared statement on PostgreSQL (parsed and planned once per connection, see above),
 * as a plain one on SQLite (better-sqlite3 keeps its own statement cache). Only for statements whose SQL
 * text takes a handful of shapes, whatever the values.
 */
export async function runPrepared<R>(db: Kysely<DB>, dialect: StoreDialect, query: RawBuilder<R> | Compilable<R>): Promise<QueryResult<R>> {
  const compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
  if (dialect.name !== 'postgres') return await db.executeQuery(compiled);
  if (!statementNames.has(compiled.sql) && statementNames.size < MAX_PREPARED_TEXTS) statementNames.set(compiled.sql, `desk_${statementNames.size + 1}`);
  return await db.executeQuery(compiled);
}

/** The name a registered SQL text runs under, if it is one (tests). */
export function preparedName(text: string): string | undefined {
  return statementNames.get(text);
}

let namingClient: typeof pg.Client | undefined;

/** pg's Client, running the texts runPrepared registered as named statements (Kysely calls query(text, values)). */
function preparingClient(): typeof pg.Client {
  if (namingClient) return namingClient;
  const Base = pgModule().Client;
  const plainQuery = Base.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  const Naming = class extends Base {};
  Naming.prototype.query = function query(this: pg.Client, ...args: unknown[]): unknown {
    const [text, values, callback] = args;
    const name = typeof text === 'string' ? statementNames.get(text) : undefined;
    if (name === undefined || callback !== undefined || (values !== undefined && !Array.isArray(values))) return plainQuery.apply(this, args);
    return plainQuery.call(this, { name, text, values });
  } as pg.Client['query'];
  return (namingClient = Naming);
}

/**
 * The connection pool of a team database (postgres:// URL), with the number parsing above and runPrepared's named
 * statements. `readOnly`: every transaction on its connections is read-only, set by the server at connect (a
 * reader beside the store's thread: check-all's workers, db/readOnlyStore.ts).
 */
export function postgresPool(url: string, max = 10, { readOnly = false }: { readOnly?: boolean } = {}): pg.Pool {
  const pool = new (pgModule().Pool)({ connectionString: url, max, types: pgTypes, Client: preparingClient(), ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}) });
  // An idle connection the server closes (restart, pg_terminate_backend) is dropped by the pool and the
  // next query opens a new one; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  // The same for a connection in use between two statements (a transaction doing its own work while the
  // server dies): its next statement fails and the transaction rolls back, instead of the whole process
  // ending on an unhandled 'error' event (found by test/durability/pgKill.test.ts).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function postgresKysely(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
