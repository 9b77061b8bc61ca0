import { type Compilable, type Kysely, sql, type RawBuilder, type SqlBool } from 'kysely';
import { type DialectName, runPrepared, type StoreDialect } from './dialect';
import type { DB } from './schema';
// SQLite caps the number of bound variables per statement; batch IN-lists in slices well below it.
export const IN_LIST_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows read for these keys (each once), an IN list at a time, grouped by their key in the order read: the
 * holders of a set of domains or 证件号码 blind indexes, with whatever each holder needs.
 */
export async function groupedByKey<R, V>(keys: readonly string[], read: (part: string[]) => Promise<readonly R[]>, keyOf: (r: R) => string, valueOf: (r: R) => V): Promise<Map<string, V[]>> {
  const map = new Map<string, V[]>();
  for (const part of chunks([...new Set(keys)])) {
    for (const r of await read(part)) {
      const key = keyOf(r);
      const list = map.get(key);
      if (list) list.push(valueOf(r));
      else map.set(key, [valueOf(r)]);
    }
  }
  return map;
}

/**
 * `column IN (values)` for a batch read. On PostgreSQL the values are ONE array parameter (`= ANY($1::bigint[])`):
 * a list spelled out as hundreds of parameters made each statement a new text for the server to parse and plan
 * (≈ 0.3–0.6 ms at 500 ids, as much as reading the rows: check-all's workers send four such reads a share), where
 * the array keeps one text per read whatever the count. On SQLite, whose planning of a list costs next to nothing,
 * the IN list (better-sqlite3 takes no array).
 */
export function inList(ctx: { sql: { dialect: { name: DialectName } } }, column: string, values: readonly number[] | readonly string[]): RawBuilder<SqlBool> {
  if (ctx.sql.dialect.name === 'postgres') {
    const type = sql.raw(typeof values[0] === 'string' ? 'text[]' : 'bigint[]');
    return sql<SqlBool>`${sql.ref(column)} = ANY(${[...values]}::${type})`;
  }
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join([...values])})`;
}

/**
 * The rows of a batch read made with inList: on PostgreSQL as a prepared statement (dialect.ts runPrepared:
 * parsed and planned once per connection; its text is one per read whatever the count), on SQLite as it is.
 */
export async function batchRows<R>(ctx: { db: Kysely<DB>; sql: { dialect: StoreDialect } }, query: Compilable<R>): Promise<R[]> {
  return (await runPrepared(ctx.db, ctx.sql.dialect, query)).rows;
}
