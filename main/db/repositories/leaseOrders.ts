// What a check-in writes onto a filing order the laptop changed (services/leaseOrders.ts): the order row
// over the version it was read at, its websites and material links replaced, the laptop's state moves
// appended to its history as they happened there.
import type { OrderState } from '../../domain/enums';
import type { OrderRow } from './orders';
import type { RepoContext } from './context';

export async function orderVersion(ctx: RepoContext, id: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('filing_order').select('row_version').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function orderEventCount(ctx: RepoContext, id: number): Promise<number> {
  const r = await ctx.db.selectFrom('order_event').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', '=', id).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The order row's own fields a check-in carries: those of `OrderRow`, not a copy of them. */
export type CarriedOrderFields = Pick<OrderRow, 'state' | 'providerOrderNo' | 'effectiveDate' | 'change' | 'stateChangedAt' | 'smsDueAt' | 'psbDueAt' | 'closedAt'>;

/** Writes the order row over `readVersion`; the new version, or null when someone wrote since. */
export async function writeCarriedOrder(ctx: RepoContext, id: number, f: CarriedOrderFields, readVersion: number): Promise<number | null> {
  const r = await ctx.db
    .updateTable('filing_order')
    .set((eb) => ({
      state: f.state,
      provider_order_no: f.providerOrderNo,
      effective_date: f.effectiveDate,
      change_json: JSON.stringify(f.change),
      state_changed_at: f.stateChangedAt,
      sms_due_at: f.smsDueAt,
      psb_due_at: f.psbDueAt,
      closed_at: f.closedAt,
      updated_at: ctx.now(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .where('row_version', '=', readVersion)
    .returning('row_version')
    .executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function replaceOrderWebsites(ctx: RepoContext, orderId: number, websiteIds: readonly number[]): Promise<void> {
  await ctx.db.deleteFrom('order_website').where('order_id', '=', orderId).execute();
  for (const w of websiteIds) await ctx.db.insertInto('order_website').values({ order_id: orderId, website_id: w }).execute();
}

export async function replaceOrderLinks(ctx: RepoContext, orderId: number, links: readonly { slot: string; materialId: number }[]): Promise<void> {
  await ctx.db.deleteFrom('order_material').where('order_id', '=', orderId).execute();
  for (const l of links) await ctx.db.insertInto('order_material').values({ order_id: orderId, slot: l.slot, material_id: l.materialId }).onConflict((oc) => oc.doNothing()).execute();
}

/** State moves made on the laptop, with their own time and operator there. */
export async function appendCarriedEvents(ctx: RepoContext, orderId: number, events: readonly { at: string; actor: string; from: OrderState | null; to: OrderState; reason: string }[]): Promise<void> {
  for (const e of events) await ctx.db.insertInto('order_event').values({ order_id: orderId, at: e.at, actor: e.actor, from_state: e.from, to_state: e.to, reason: e.reason }).execute();
}
