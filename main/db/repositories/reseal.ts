// Re-seals personal columns written by an older codec (the plaintext store of schema 1) with the current
// one, in the caller's transaction.
import { sql } from 'kysely';
import type { SensitiveCodec, SensitiveKind } from '../sensitive';
import type { RepoContext } from './context';
import { resealFiled, resealSubmitted } from './filed';

/** Every personal column: its table, sealed and lookup columns, codec kind and the record field it holds. */
export const SEALED_COLUMNS: { table: 'entity' | 'person'; sealed: string; index?: string; kind: SensitiveKind; field: string }[] = [
  { table: 'entity', sealed: 'cert_number_sealed', index: 'cert_number_index', kind: 'cert', field: 'certNumber' },
  { table: 'person', sealed: 'cert_number_sealed', index: 'cert_number_index', kind: 'cert', field: 'certNumber' },
  { table: 'person', sealed: 'mobile_sealed', index: 'mobile_index', kind: 'mobile', field: 'mobile' },
  { table: 'person', sealed: 'emergency_phone_sealed', kind: 'phone', field: 'emergencyPhone' },
  { table: 'person', sealed: 'email_sealed', index: 'email_index', kind: 'email', field: 'email' },
];

/** Rows whose values `old` can read (its marker prefix) are rewritten through ctx.codec. Returns the count. */
export async function resealColumns(ctx: RepoContext, old: SensitiveCodec, marker: string): Promise<number> {
  let n = 0;
  for (const c of SEALED_COLUMNS) {
    const { rows } = await sql<{ id: number; v: string }>`SELECT id, ${sql.ref(c.sealed)} AS v FROM ${sql.table(c.table)} WHERE substr(${sql.ref(c.sealed)}, 1, ${sql.lit(marker.length)}) = ${marker}`.execute(ctx.db);
    for (const r of rows) {
      const clear = old.open(c.kind, r.v);
      const sealed = ctx.codec.seal(c.kind, clear);
      if (c.index) await sql`UPDATE ${sql.table(c.table)} SET ${sql.ref(c.sealed)} = ${sealed}, ${sql.ref(c.index)} = ${ctx.codec.index(c.kind, clear)} WHERE id = ${r.id}`.execute(ctx.db);
      else await sql`UPDATE ${sql.table(c.table)} SET ${sql.ref(c.sealed)} = ${sealed} WHERE id = ${r.id}`.execute(ctx.db);
      n++;
    }
  }
  // filed snapshots (migration 0007) and orders' submitted records (0027) copied these sealed values: they
  // are re-sealed with them
  return n + (await resealFiled(ctx, old, marker)) + (await resealSubmitted(ctx, old, marker));
}

/**
 * After a committed deletion: old page images must not linger on disk (SQLite: the WAL is checkpointed and
 * emptied). Best effort, never rejects: what cannot be done now is retried later (Store.afterDeletion).
 */
export async function checkpointTruncate(ctx: RepoContext): Promise<void> {
  await ctx.sql.afterDeletion();
}
