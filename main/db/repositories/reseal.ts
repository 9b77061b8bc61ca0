// Re-seals personal columns written by an older codec (the plaintext store of schema 1) with the current
// one, in the caller's transaction.
import type { SensitiveCodec, SensitiveKind } from '../sensitive';
import type { RepoContext } from './context';
import { resealFiled } from './filed';

/** Every personal column: its table, sealed and lookup columns, codec kind and the record field it holds. */
export const SEALED_COLUMNS: { table: 'entity' | 'person'; sealed: string; index?: string; kind: SensitiveKind; field: string }[] = [
  { table: 'entity', sealed: 'cert_number_sealed', index: 'cert_number_index', kind: 'cert', field: 'certNumber' },
  { table: 'person', sealed: 'cert_number_sealed', index: 'cert_number_index', kind: 'cert', field: 'certNumber' },
  { table: 'person', sealed: 'mobile_sealed', index: 'mobile_index', kind: 'mobile', field: 'mobile' },
  { table: 'person', sealed: 'emergency_phone_sealed', kind: 'phone', field: 'emergencyPhone' },
  { table: 'person', sealed: 'email_sealed', index: 'email_index', kind: 'email', field: 'email' },
];

/** Rows whose values `old` can read (its marker prefix) are rewritten through ctx.codec. Returns the count. */
export function resealColumns(ctx: RepoContext, old: SensitiveCodec, marker: string): number {
  let n = 0;
  for (const c of SEALED_COLUMNS) {
    const rows = ctx.sql.raw.prepare(`SELECT id, ${c.sealed} AS v FROM ${c.table} WHERE substr(${c.sealed}, 1, ${marker.length}) = ?`).all(marker) as { id: number; v: string }[];
    const set = ctx.sql.raw.prepare(
      c.index ? `UPDATE ${c.table} SET ${c.sealed} = ?, ${c.index} = ? WHERE id = ?` : `UPDATE ${c.table} SET ${c.sealed} = ? WHERE id = ?`,
    );
    for (const r of rows) {
      const clear = old.open(c.kind, r.v);
      if (c.index) set.run(ctx.codec.seal(c.kind, clear), ctx.codec.index(c.kind, clear), r.id);
      else set.run(ctx.codec.seal(c.kind, clear), r.id);
      n++;
    }
  }
  // filed snapshots copied these sealed values (migration 0007): they are re-sealed with them
  return n + resealFiled(ctx, old, marker);
}

/** Moves the WAL's pages into the database and empties it, so old page images do not linger on disk. */
export function checkpointTruncate(ctx: RepoContext): void {
  ctx.sql.raw.pragma('wal_checkpoint(TRUNCATE)');
}
