// The encrypted pieces of a material's file held in the database (migration 0012): seq 0 is the file's
// header, seq 1… its sealed chunks. Written in the transaction that inserts the material row, deleted
// with it by ON DELETE CASCADE; read a page at a time so a large file never sits here twice.
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** Rows per INSERT: 16 sealed chunks are about 1 MiB, well inside both stores' statement limits. */
const ROWS_PER_INSERT = 16;

export async function insertMaterialChunks(ctx: { db: Kysely<DB> }, materialId: number, pieces: Iterable<Buffer>): Promise<number> {
  let seq = 0;
  let batch: { material_id: number; seq: number; data: Buffer }[] = [];
  for (const data of pieces) {
    batch.push({ material_id: materialId, seq: seq++, data });
    if (batch.length === ROWS_PER_INSERT) {
      await ctx.db.insertInto('material_chunk').values(batch).execute();
      batch = [];
    }
  }
  if (batch.length) await ctx.db.insertInto('material_chunk').values(batch).execute();
  return seq;
}

/** The lowest-numbered material with these bytes whose chunks are in the database (numbered above `after`, when given). */
export async function materialHoldingChunks(ctx: { db: Kysely<DB> }, sha256: string, after?: number): Promise<number | undefined> {
  let q = ctx.db
    .selectFrom('material as m')
    .innerJoin('material_chunk as c', 'c.material_id', 'm.id')
    .select('m.id')
    .where('m.sha256', '=', sha256)
    .where('c.seq', '=', 0);
  if (after !== undefined) q = q.where('m.id', '>', after);
  const r = await q
    .orderBy('m.id')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}

export async function materialChunkCount(ctx: { db: Kysely<DB> }, materialId: number): Promise<number> {
  const r = await ctx.db.selectFrom('material_chunk').select((eb) => eb.fn.countAll<number>().as('n')).where('material_id', '=', materialId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Up to `limit` pieces from `fromSeq` on, in order. */
export async function materialChunkPage(ctx: { db: Kysely<DB> }, materialId: number, fromSeq: number, limit: number): Promise<{ seq: number; data: Uint8Array }[]> {
  return await ctx.db
    .selectFrom('material_chunk')
    .select(['seq', 'data'])
    .where('material_id', '=', materialId)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function holdsMaterialChunks(ctx: { db: Kysely<DB> }): Promise<boolean> {
  return (await ctx.db.selectFrom('material_chunk').select('material_id').limit(1).executeTakeFirst()) !== undefined;
}

/** Materials whose bytes are not (yet) in the database: stored before migration 0012, in the data folder. */
export async function materialsWithoutChunks(ctx: { db: Kysely<DB> }): Promise<{ id: number; sha256: string }[]> {
  return await ctx.db
    .selectFrom('material as m')
    .select(['m.id', 'm.sha256'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('material_chunk as c').select('c.material_id').whereRef('c.material_id', '=', 'm.id'))))
    .orderBy('m.id')
    .execute();
}
