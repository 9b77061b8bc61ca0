// The SQL of `move-to-server` (services/moveToServer.ts): a desk's tables read a page at a time, written
// into a new team database inside one PostgreSQL transaction that also creates its schema, the identity
// counters set past the copied ids, and a digest of each table computed the same way on both stores so
// the copy can be compared before it commits.
import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { StoreDialect } from './dialect';
import { postgresKysely, postgresPool } from './dialect';
import { migrateEmptyInTransaction } from './migratePostgres';
import { oneClientIndexSql, SURPLUS_CLIENTS_SQL } from './migrations/0030-one-client-per-entity';
import type { DB } from './schema';
import { STORE_TABLES, type StoreTable } from './storeTables';

/** What a copy needs to know of one table, read from the desk's SQLite file (the same schema version as the target's). */
export interface TableShape {
  table: StoreTable;
  columns: string[];
  /** The primary key's columns in key order; text ones are ordered by code point on both stores. */
  key: { name: string; text: boolean }[];
  /** Nullable references to a table copied later (or to itself): written as NULL, then filled in. */
  deferred: string[];
}

/** The tables of a desk's SQLite file, without SQLite's own and the search index's FTS5 tables and their shadow tables. */
export async function sqliteTableNames(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string; ddl: string | null }>`SELECT name, sql AS ddl FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db);
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.ddl ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_') && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
}

export async function sqliteTableShape(db: Kysely<DB>, table: StoreTable): Promise<TableShape> {
  const { rows: cols } = await sql<{ name: string; type: string; required: number; pk: number }>`SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(${table}) ORDER BY cid`.execute(db);
  if (!cols.length) throw new Error(`单机数据库里没有表 ${table}`);
  const { rows: refs } = await sql<{ target: string; col: string }>`SELECT "table" AS target, "from" AS col FROM pragma_foreign_key_list(${table})`.execute(db);
  const position = STORE_TABLES.indexOf(table);
  const deferred: string[] = [];
  for (const r of refs) {
    if (STORE_TABLES.indexOf(r.target as StoreTable) < position) continue;
    if (cols.find((c) => c.name === r.col)?.required) throw new Error(`${table}.${r.col} 引用其后才复制的表 ${r.target} 且不可为空：请调整 STORE_TABLES 的顺序`);
    deferred.push(r.col);
  }
  const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => ({ name: c.name, text: /TEXT/i.test(c.type) }));
  if (!key.length) throw new Error(`表 ${table} 没有主键，无法按同一顺序比较`);
  return { table, columns: cols.map((c) => c.name), key, deferred };
}

export async function countRows(db: Kysely<DB>, table: StoreTable): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * The rows of a table in primary-key order, `size` at a time, as arrays of `columns`' values: keyset
 * paging on a single numeric key, else OFFSET (the small link tables). Inside a transaction on both sides.
 */
export async function* tablePages(db: Kysely<DB>, dialect: StoreDialect, shape: TableShape, columns: readonly string[], size: number): AsyncGenerator<unknown[][]> {
  const order = sql.join(shape.key.map((k): RawBuilder<unknown> => (k.text ? dialect.textOrder(k.name) : sql.ref(k.name))));
  const picked = sql.join(columns.map((c) => sql.ref(c)));
  const keyset = shape.key.length === 1 && !shape.key[0]!.text ? shape.key[0]!.name : undefined;
  let after: unknown = undefined;
  let offset = 0;
  for (;;) {
    let rows: Record<string, unknown>[];
    if (keyset) {
      const where = after === undefined ? sql`` : sql`WHERE ${sql.ref(keyset)} > ${after}`;
      const keyCol = columns.includes(keyset) ? sql`` : sql`, ${sql.ref(keyset)}`;
      ({ rows } = await sql<Record<string, unknown>>`SELECT ${picked}${keyCol} FROM ${sql.table(shape.table)} ${where} ORDER BY ${order} LIMIT ${sql.lit(size)}`.execute(db));
      if (rows.length) after = rows[rows.length - 1]![keyset];
    } else {
      ({ rows } = await sql<Record<string, unknown>>`SELECT ${picked} FROM ${sql.table(shape.table)} ORDER BY ${order} LIMIT ${sql.lit(size)} OFFSET ${sql.lit(offset)}`.execute(db));
      offset += rows.length;
    }
    if (!rows.length) return;
    yield rows.map((r) => columns.map((c) => r[c]));
    if (rows.length < size) return;
  }
}

/** A value as both stores are compared by: integers as numbers (pg's BIGINT parsed, booleans as 0/1), bytes as hex. */
function comparable(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : ['bigint', v.toString()];
  if (v instanceof Uint8Array) return ['bytes', Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')];
  return v;
}

/** Row count and SHA-256 of every row in key order, every column, normalised as above. */
export async function tableDigest(db: Kysely<DB>, dialect: StoreDialect, shape: TableShape, size: number): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const page of tablePages(db, dialect, shape, shape.columns, size)) {
    for (const row of page) hash.update(`${JSON.stringify(row.map(comparable))}\n`);
    rows += page.length;
  }
  return { rows, sha256: hash.digest('hex') };
}

/** Writes rows (values in `columns` order) into a table of the team database, ids as given. */
export async function insertRows(trx: Kysely<DB>, table: StoreTable, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(rows.map((r) => sql`(${sql.join(r.map((v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v)))})`));
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES ${values}`.execute(trx);
}

/** Fills a deferred reference column: pairs of (row id, value). */
export async function fillColumn(trx: Kysely<DB>, table: StoreTable, column: string, pairs: readonly (readonly [number, number])[]): Promise<void> {
  if (!pairs.length) return;
  const values = sql.join(pairs.map(([id, v]) => sql`(${id}::bigint, ${v}::bigint)`));
  await sql`UPDATE ${sql.table(table)} AS t SET ${sql.ref(column)} = v.val FROM (VALUES ${values}) AS v(id, val) WHERE t.id = v.id`.execute(trx);
}

/**
 * Sets a table's identity counter to its highest copied id, so the server's next insert takes the next
 * one instead of 1 (rows copied with their ids do not advance it). Tables without one are left alone.
 */
export async function resetIdentity(trx: Kysely<DB>, table: StoreTable, keyColumn: string): Promise<void> {
  const { rows } = await sql<{ seq: string | null }>`SELECT pg_get_serial_sequence(${table}, ${keyColumn}) AS seq`.execute(trx);
  const seq = rows[0]?.seq;
  if (!seq) return;
  await sql`SELECT setval(${seq}, max(${sql.ref(keyColumn)})) FROM ${sql.table(table)} HAVING max(${sql.ref(keyColumn)}) IS NOT NULL`.execute(trx);
}

/**
 * Runs work in ONE transaction on the team database at url, which first receives the whole schema
 * (schema_version included): committed together, or rolled back to the empty database it was. A
 * process stopped mid-way (Ctrl-C) closes the connection, and PostgreSQL rolls the transaction back.
 */
export async function inNewTeamDatabase<T>(url: string, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const db = postgresKysely(postgresPool(url, 1));
  try {
    return await db.transaction().execute(async (trx) => {
      await migrateEmptyInTransaction({
        query: async (text, params) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, params ?? []))).rows }),
      });
      return await work(trx);
    });
  } finally {
    await db.destroy();
  }
}

/**
 * A desk upgraded to 0030 with one 主体 already as several clients keeps the surplus ones out of its index
 * (migration 0030): the team database, whose index was made over no rows, is given the same exemptions before
 * the rows arrive, so the move carries the desk as it is (nothing merged, nothing refused). None: nothing to do.
 */
export async function carrySurplusClients(source: Kysely<DB>, trx: Kysely<DB>): Promise<void> {
  const { rows } = await sql.raw<{ id: number }>(SURPLUS_CLIENTS_SQL).execute(source);
  const ids = rows.map((r) => Number(r.id));
  if (ids.length) await sql.raw(oneClientIndexSql(ids)).execute(trx);
}

/** The move's own entry in the team database's log, after the copied ones. */
export async function recordMoveInTarget(trx: Kysely<DB>, entry: { at: string; actor: string; detail: Record<string, unknown> }): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({ at: entry.at, actor: entry.actor, action: 'desk.moveToServer', target_type: 'desk', target_id: null, entity_id: null, detail: JSON.stringify(entry.detail) })
    .execute();
}
