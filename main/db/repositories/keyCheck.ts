// The check value that binds the database to its data key (an HMAC of a fixed label under that key), and
// what the vault needs to tell whether a store already holds sealed data.
import type { SensitiveKind } from '../sensitive';
import { qb } from '../sql';
import type { RepoContext } from './context';
import { SEALED_COLUMNS } from './reseal';

const KEY_CHECK_SETTING = 'key_check';
/** Marker of values sealed by the field cipher (secrets/fieldCrypto.ts); clear legacy values are 'plain:'. */
const SEALED_MARKER = 'v1:';

export function readKeyCheck(ctx: Pick<RepoContext, 'sql'>): string | null {
  const r = ctx.sql.first(qb.selectFrom('setting').select('value').where('key', '=', KEY_CHECK_SETTING));
  return r ? (JSON.parse(r.value) as string) : null;
}

export function writeKeyCheck(ctx: Pick<RepoContext, 'sql'>, check: string): void {
  const value = JSON.stringify(check);
  ctx.sql.run(qb.insertInto('setting').values({ key: KEY_CHECK_SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}

/** Up to `perColumn` sealed values of each personal column: enough to tell whether a key opens this store. */
export function sampleSealedValues(ctx: Pick<RepoContext, 'sql'>, perColumn = 3): { kind: SensitiveKind; sealed: string }[] {
  const out: { kind: SensitiveKind; sealed: string }[] = [];
  for (const c of SEALED_COLUMNS) {
    const rows = ctx.sql.raw
      .prepare(`SELECT ${c.sealed} AS v FROM ${c.table} WHERE substr(${c.sealed}, 1, ${SEALED_MARKER.length}) = ? ORDER BY id LIMIT ?`)
      .all(SEALED_MARKER, perColumn) as { v: string }[];
    for (const r of rows) out.push({ kind: c.kind, sealed: r.v });
  }
  return out;
}
