// The check value that binds the database to its data key (an HMAC of a fixed label under that key), and
// what the vault needs to tell whether a store already holds sealed data.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema';
import type { SensitiveKind } from '../sensitive';
import { SEALED_COLUMNS } from './reseal';

const KEY_CHECK_SETTING = 'key_check';
/** Marker of values sealed by the field cipher (secrets/fieldCrypto.ts); clear legacy values are 'plain:'. */
const SEALED_MARKER = 'v1:';

export async function readKeyCheck(ctx: { db: Kysely<DB> }): Promise<string | null> {
  const r = await ctx.db.selectFrom('setting').select('value').where('key', '=', KEY_CHECK_SETTING).executeTakeFirst();
  return r ? (JSON.parse(r.value) as string) : null;
}

export async function writeKeyCheck(ctx: { db: Kysely<DB> }, check: string): Promise<void> {
  const value = JSON.stringify(check);
  await ctx.db.insertInto('setting').values({ key: KEY_CHECK_SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** Up to `perColumn` sealed values of each personal column: enough to tell whether a key opens this store. */
export async function sampleSealedValues(ctx: { db: Kysely<DB> }, perColumn = 3): Promise<{ kind: SensitiveKind; sealed: string }[]> {
  const out: { kind: SensitiveKind; sealed: string }[] = [];
  for (const c of SEALED_COLUMNS) {
    const { rows } = await sql<{ v: string }>`SELECT ${sql.ref(c.sealed)} AS v FROM ${sql.table(c.table)} WHERE substr(${sql.ref(c.sealed)}, 1, ${sql.lit(SEALED_MARKER.length)}) = ${SEALED_MARKER} ORDER BY id LIMIT ${sql.lit(perColumn)}`.execute(ctx.db);
    for (const r of rows) out.push({ kind: c.kind, sealed: r.v });
  }
  return out;
}
