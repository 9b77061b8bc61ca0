// What a check-in writes of a filing order's follow-ups the laptop changed (services/leaseFollowUps.ts):
// its 驳回 rounds, 公安备案 records and 授权码s replaced by the laptop's, each row with the time and
// operator it had there.
import type { RepoContext } from './context';
import { gonganFirstVersion, gonganRecords } from './gongan';
import { insertRejectionRounds, type OrderHistory } from './transferredOrders';

export async function replaceRejectionRounds(ctx: RepoContext, orderId: number, rounds: OrderHistory['rejections']): Promise<void> {
  // the reasons go with their round (ON DELETE CASCADE)
  await ctx.db.deleteFrom('order_rejection').where('order_id', '=', orderId).execute();
  await insertRejectionRounds(ctx, orderId, rounds);
}

/**
 * The laptop's 公安备案 rows in place of the lender's. A row the lender has is updated, its row_version bumped
 * when anything of it changes (so a form opened on the lender before the check-in is refused when saved, as
 * after an operator's save), kept when nothing does; a new row starts above every version the website's row had (gonganFirstVersion);
 * a row the laptop lacks goes. Returns each website's version after the write (a removed row's last one).
 */
export async function replaceGonganRows(ctx: RepoContext, orderId: number, rows: OrderHistory['gongan']): Promise<Map<number, number>> {
  const now = ctx.now();
  const before = await gonganRecords(ctx, orderId);
  const keep = new Set(rows.map((g) => g.websiteId));
  const versions = new Map<number, number>();
  for (const b of before.filter((x) => !keep.has(x.websiteId))) {
    await ctx.db.deleteFrom('gongan_filing').where('id', '=', b.id).execute();
    versions.set(b.websiteId, b.rowVersion);
  }
  for (const g of rows) {
    const values = { fields_json: JSON.stringify(g.fields), state: g.state, psb_number: g.psbNumber, done_at: g.doneAt, done_by: g.doneBy, updated_at: now };
    const was = before.find((b) => b.websiteId === g.websiteId);
    if (!was) {
      const first = await gonganFirstVersion(ctx, orderId, g.websiteId);
      await ctx.db.insertInto('gongan_filing').values({ order_id: orderId, website_id: g.websiteId, ...values, created_at: now, row_version: first }).execute();
      versions.set(g.websiteId, first);
      continue;
    }
    const same = JSON.stringify([was.fields, was.state, was.psbNumber, was.doneAt, was.doneBy]) === JSON.stringify([g.fields, g.state, g.psbNumber, g.doneAt, g.doneBy]);
    if (same) {
      versions.set(g.websiteId, was.rowVersion);
      continue;
    }
    await ctx.db.updateTable('gongan_filing').set({ ...values, row_version: was.rowVersion + 1 }).where('id', '=', was.id).execute();
    versions.set(g.websiteId, was.rowVersion + 1);
  }
  return versions;
}

export async function replaceAuthCodes(ctx: RepoContext, orderId: number, codes: OrderHistory['authCodes']): Promise<void> {
  await ctx.db.deleteFrom('order_auth_code').where('order_id', '=', orderId).execute();
  for (const a of codes) await ctx.db.insertInto('order_auth_code').values({ order_id: orderId, kind: a.kind, code: a.code, resource: a.resource, expires_on: a.expiresOn, actor: a.actor, created_at: a.createdAt }).execute();
}
