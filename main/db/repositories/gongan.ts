// The 公安备案 follow-ups of approved orders, one per website.
import type { RepoContext } from './context';

export interface GonganRow {
  orderId: number;
  websiteId: number;
  fields: unknown;
  state: string;
  psbNumber: string | null;
  doneAt: string | null;
  doneBy: string | null;
}

export async function gonganRows(ctx: RepoContext, orderId: number): Promise<GonganRow[]> {
  return (await ctx.db.selectFrom('gongan_filing').selectAll().where('order_id', '=', orderId).orderBy('website_id').execute())
    .map((r) => ({ orderId: r.order_id, websiteId: r.website_id, fields: JSON.parse(r.fields_json) as unknown, state: r.state, psbNumber: r.psb_number, doneAt: r.done_at, doneBy: r.done_by }));
}

export async function upsertGongan(ctx: RepoContext, r: { orderId: number; websiteId: number; fields: unknown; state: string; psbNumber: string | null }): Promise<void> {
  const now = ctx.now();
  const done = r.state === '已完成' ? { done_at: now, done_by: ctx.actor } : { done_at: null, done_by: null };
  await ctx.db
      .insertInto('gongan_filing')
      .values({ order_id: r.orderId, website_id: r.websiteId, fields_json: JSON.stringify(r.fields), state: r.state, psb_number: r.psbNumber, ...done, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['order_id', 'website_id']).doUpdateSet({ fields_json: JSON.stringify(r.fields), state: r.state, psb_number: r.psbNumber, ...done, updated_at: now })).execute();
}

/** Every website's 公安备案 is done: the order's 30-day deadline no longer runs. */
export async function clearPsbDeadline(ctx: RepoContext, orderId: number): Promise<void> {
  await ctx.db.updateTable('filing_order').set((eb) => ({ psb_due_at: null, updated_at: ctx.now(), row_version: eb('row_version', '+', 1) })).where('id', '=', orderId).execute();
}
