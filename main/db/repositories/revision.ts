// A client's revision (entity.revision, migration 0014): the number check-all compares with a kept verdict's.
// It moves in the transaction of every write that can change the client's findings. The one place is the
// audit log — every write to a client's data appends its entry there, naming the client (appendAudit,
// insertCarriedAudit) — plus the two writes that are no operator's act and so have no entry: a stored photo
// result and a 驳回 reason marked resolved. A write that moves it needlessly costs one client's re-check;
// one that forgets it leaves a wrong verdict, so only entries that surely change nothing are spared.
import { sql } from 'kysely';
import type { RepoContext } from './context';

/** Audit actions that only read or hand out data: they leave the findings as they were. */
const READING_ACTIONS = /\.(reveal\w*|read|export\w*)$/;

export const changesFindings = (action: string): boolean => !READING_ACTIONS.test(action);

export async function bumpRevision(ctx: RepoContext, entityId: number): Promise<void> {
  await ctx.db.updateTable('entity').set({ revision: sql<number>`revision + 1` }).where('id', '=', entityId).execute();
}

/** The client owning this material. */
export async function bumpRevisionOfMaterial(ctx: RepoContext, materialId: number): Promise<void> {
  await ctx.db
    .updateTable('entity')
    .set({ revision: sql<number>`revision + 1` })
    .where('id', 'in', ctx.db.selectFrom('material').select('entity_id').where('id', '=', materialId))
    .execute();
}

/** The client of the order this 驳回 reason belongs to. */
export async function bumpRevisionOfRejectionReason(ctx: RepoContext, reasonId: number): Promise<void> {
  await ctx.db
    .updateTable('entity')
    .set({ revision: sql<number>`revision + 1` })
    .where('id', 'in', ctx.db.selectFrom('order_rejection_reason as x').innerJoin('order_rejection as r', 'r.id', 'x.rejection_id').innerJoin('filing_order as o', 'o.id', 'r.order_id').select('o.entity_id').where('x.id', '=', reasonId))
    .execute();
}

/** The revision of the client an order belongs to; null for no such order. */
export async function revisionOfOrderClient(ctx: RepoContext, orderId: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('filing_order as o').innerJoin('entity as e', 'e.id', 'o.entity_id').select('e.revision').where('o.id', '=', orderId).executeTakeFirst();
  return r ? Number(r.revision) : null;
}
