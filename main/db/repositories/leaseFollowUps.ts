// What a check-in writes of a filing order's follow-ups the laptop changed (services/leaseFollowUps.ts):
// its 驳回 rounds, 公安备案 records and 授权码s replaced by the laptop's, each row with the time and
// operator it had there.
import type { RepoContext } from './context';
import { insertRejectionRounds, type OrderHistory } from './transferredOrders';

export async function replaceRejectionRounds(ctx: RepoContext, orderId: number, rounds: OrderHistory['rejections']): Promise<void> {
  // the reasons go with their round (ON DELETE CASCADE)
  await ctx.db.deleteFrom('order_rejection').where('order_id', '=', orderId).execute();
  await insertRejectionRounds(ctx, orderId, rounds);
}

export async function replaceGonganRows(ctx: RepoContext, orderId: number, rows: OrderHistory['gongan']): Promise<void> {
  await ctx.db.deleteFrom('gongan_filing').where('order_id', '=', orderId).execute();
  const now = ctx.now();
  for (const g of rows) {
    await ctx.db.insertInto('gongan_filing').values({ order_id: orderId, website_id: g.websiteId, fields_json: JSON.stringify(g.fields), state: g.state, psb_number: g.psbNumber, done_at: g.doneAt, done_by: g.doneBy, created_at: now, updated_at: now }).execute();
  }
}

export async function replaceAuthCodes(ctx: RepoContext, orderId: number, codes: OrderHistory['authCodes']): Promise<void> {
  await ctx.db.deleteFrom('order_auth_code').where('order_id', '=', orderId).execute();
  for (const a of codes) await ctx.db.insertInto('order_auth_code').values({ order_id: orderId, kind: a.kind, code: a.code, resource: a.resource, expires_on: a.expiresOn, actor: a.actor, created_at: a.createdAt }).execute();
}
