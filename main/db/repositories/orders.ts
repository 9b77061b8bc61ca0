// Filing order rows, their websites, history and material links.
import type { FilingType, OrderState } from '../../domain/enums';
import { chunks, batchRows, inList } from '../chunk';
import { pgErrorCode } from '../dialect';
import { ONE_OPEN_ORDER_INDEX } from '../migrations/0029-one-open-order';
import type { RepoContext } from './context';

export interface OrderRow {
  id: number;
  entityId: number;
  type: FilingType;
  provider: string;
  state: OrderState;
  providerOrderNo: string | null;
  effectiveDate: string | null;
  change: Record<string, boolean>;
  stateChangedAt: string;
  smsDueAt: string | null;
  psbDueAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  websiteIds: number[];
}

type Raw = { id: number; entity_id: number; type: FilingType; provider: string; state: OrderState; provider_order_no: string | null; effective_date: string | null; change_json: string; state_changed_at: string; sms_due_at: string | null; psb_due_at: string | null; closed_at: string | null; created_at: string; updated_at: string };

function toRow(r: Raw, websiteIds: number[]): OrderRow {
  return {
    id: r.id,
    entityId: r.entity_id,
    type: r.type,
    provider: r.provider,
    state: r.state,
    providerOrderNo: r.provider_order_no,
    effectiveDate: r.effective_date,
    change: JSON.parse(r.change_json) as Record<string, boolean>,
    stateChangedAt: r.state_changed_at,
    smsDueAt: r.sms_due_at,
    psbDueAt: r.psb_due_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    websiteIds,
  };
}

async function websitesOf(ctx: RepoContext, orderIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  for (const part of chunks(orderIds)) {
    for (const r of await batchRows(ctx, ctx.db.selectFrom('order_website').selectAll().where(inList(ctx, 'order_id', part)).orderBy('website_id'))) {
      map.set(r.order_id, [...(map.get(r.order_id) ?? []), r.website_id]);
    }
  }
  return map;
}

export async function insertOrder(ctx: RepoContext, o: { entityId: number; type: FilingType; provider: string; state: OrderState; effectiveDate: string | null; change: Record<string, boolean>; websiteIds: number[] }): Promise<number> {
  const now = ctx.now();
  const id = Number((await ctx.db.insertInto('filing_order').values({ entity_id: o.entityId, type: o.type, provider: o.provider, state: o.state, effective_date: o.effectiveDate, change_json: JSON.stringify(o.change), state_changed_at: now, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id);
  for (const w of o.websiteIds) await ctx.db.insertInto('order_website').values({ order_id: id, website_id: w }).execute();
  return id;
}

/**
 * Whether an insert failed on the one-open-order-per-主体 index (migration 0029): another operator's order for
 * the same client committed between this transaction's count and its insert.
 */
export function isSecondOpenOrder(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code === '23505') return (err as { constraint?: unknown }).constraint === ONE_OPEN_ORDER_INDEX;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && err instanceof Error && err.message.includes('filing_order.entity_id');
}

/** Clients holding more than one open order (only a store from before migration 0029 can), by id with their names. */
export async function clientsWithSeveralOpenOrders(ctx: RepoContext, closedStates: readonly OrderState[]): Promise<{ id: number; name: string; open: number }[]> {
  const rows = await ctx.db
    .selectFrom('filing_order as o')
    .innerJoin('entity as e', 'e.id', 'o.entity_id')
    .select((eb) => ['e.id', 'e.name', eb.fn.countAll<number>().as('open')])
    .where('o.state', 'not in', closedStates)
    .groupBy(['e.id', 'e.name'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, open: Number(r.open) }));
}

export async function getOrderRow(ctx: RepoContext, id: number): Promise<OrderRow | undefined> {
  const r = await ctx.db.selectFrom('filing_order').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toRow(r, (await websitesOf(ctx, [id])).get(id) ?? []);
}

export async function ordersOfEntity(ctx: RepoContext, entityId: number): Promise<OrderRow[]> {
  const rows = await ctx.db.selectFrom('filing_order').selectAll().where('entity_id', '=', entityId).orderBy('id', 'desc').execute();
  const sites = await websitesOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => toRow(r, sites.get(r.id) ?? []));
}

/** The orders of many clients, one query per slice of ids, each client's newest first as in ordersOfEntity. */
export async function ordersOfEntities(ctx: RepoContext, entityIds: readonly number[]): Promise<OrderRow[]> {
  const out: OrderRow[] = [];
  for (const part of chunks(entityIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('filing_order').selectAll().where(inList(ctx, 'entity_id', part)).orderBy('id', 'desc'));
    const sites = await websitesOf(ctx, rows.map((r) => r.id));
    out.push(...rows.map((r) => toRow(r, sites.get(r.id) ?? [])));
  }
  return out;
}

export async function allOrders(ctx: RepoContext, filter: { states?: OrderState[]; provider?: string; type?: FilingType; province?: string }): Promise<(OrderRow & { entityName: string; province: string })[]> {
  let q = ctx.db.selectFrom('filing_order as o').innerJoin('entity as e', 'e.id', 'o.entity_id').selectAll('o').select(['e.name as entity_name', 'e.province as entity_province']);
  if (filter.states?.length) q = q.where('o.state', 'in', filter.states);
  if (filter.provider) q = q.where('o.provider', '=', filter.provider);
  if (filter.type) q = q.where('o.type', '=', filter.type);
  if (filter.province) q = q.where('e.province', '=', filter.province);
  const rows = await q.orderBy('o.id', 'desc').limit(5000).execute();
  const sites = await websitesOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({ ...toRow(r, sites.get(r.id) ?? []), entityName: r.entity_name, province: r.entity_province }));
}

/**
 * Moves an order to `patch.state`; with `from`, only if it is still in that state (the state the move was
 * checked against, read in the same transaction): two operators moving the same order cannot both win.
 * False when the order is not (or no longer) there in that state.
 */
export async function updateOrderState(ctx: RepoContext, id: number, patch: { state: OrderState; smsDueAt?: string | null; psbDueAt?: string | null; closedAt?: string | null; providerOrderNo?: string | null }, from?: OrderState): Promise<boolean> {
  const now = ctx.now();
  let q = ctx.db
      .updateTable('filing_order')
      .set((eb) => ({
        state: patch.state,
        state_changed_at: now,
        updated_at: now,
        row_version: eb('row_version', '+', 1),
        ...(patch.smsDueAt !== undefined ? { sms_due_at: patch.smsDueAt } : {}),
        ...(patch.psbDueAt !== undefined ? { psb_due_at: patch.psbDueAt } : {}),
        ...(patch.closedAt !== undefined ? { closed_at: patch.closedAt } : {}),
        ...(patch.providerOrderNo !== undefined ? { provider_order_no: patch.providerOrderNo } : {}),
      }))
      .where('id', '=', id);
  if (from !== undefined) q = q.where('state', '=', from);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

export async function appendOrderEvent(ctx: RepoContext, orderId: number, from: OrderState | null, to: OrderState, reason: string): Promise<void> {
  await ctx.db.insertInto('order_event').values({ order_id: orderId, at: ctx.now(), actor: ctx.actor, from_state: from, to_state: to, reason }).execute();
}

export async function orderEvents(ctx: RepoContext, orderId: number) {
  return (await ctx.db.selectFrom('order_event').selectAll().where('order_id', '=', orderId).orderBy('id').execute()).map((e) => ({ at: e.at, actor: e.actor, from: e.from_state, to: e.to_state, reason: e.reason }));
}

export async function linkMaterial(ctx: RepoContext, orderId: number, slot: string, materialId: number): Promise<void> {
  await ctx.db.insertInto('order_material').values({ order_id: orderId, slot, material_id: materialId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function materialLinks(ctx: RepoContext, orderId: number): Promise<{ slot: string; materialId: number }[]> {
  return (await ctx.db.selectFrom('order_material').select(['slot', 'material_id']).where('order_id', '=', orderId).execute()).map((r) => ({ slot: r.slot, materialId: r.material_id }));
}

export async function countOpenOrders(ctx: RepoContext, entityId: number, closedStates: readonly OrderState[], exceptOrderId: number | null): Promise<number> {
  let q = ctx.db.selectFrom('filing_order').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', entityId).where('state', 'not in', [...closedStates]);
  if (exceptOrderId !== null) q = q.where('id', '!=', exceptOrderId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** The provider of the newest order covering a website, preferring open orders; null when none does. */
export async function providerOfWebsite(ctx: RepoContext, websiteId: number, closedStates: readonly OrderState[]): Promise<string | null> {
  const rows = await ctx.db.selectFrom('filing_order as o').innerJoin('order_website as w', 'w.order_id', 'o.id').select(['o.provider', 'o.state', 'o.id']).where('w.website_id', '=', websiteId).orderBy('o.id', 'desc').execute();
  return (rows.find((r) => !closedStates.includes(r.state)) ?? rows[0])?.provider ?? null;
}

/** providerOfWebsite for many websites with one query per chunk (核验单 batches); a website no order covers is absent. */
export async function providersOfWebsites(ctx: RepoContext, websiteIds: readonly number[], closedStates: readonly OrderState[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const open = new Set<number>();
  for (const part of chunks(websiteIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('filing_order as o').innerJoin('order_website as w', 'w.order_id', 'o.id').select(['w.website_id', 'o.provider', 'o.state']).where(inList(ctx, 'w.website_id', part)).orderBy('o.id', 'desc'));
    // newest first: the first open order wins, else the newest closed one
    for (const r of rows) {
      const isOpen = !closedStates.includes(r.state);
      if (!out.has(r.website_id) || (isOpen && !open.has(r.website_id))) out.set(r.website_id, r.provider);
      if (isOpen) open.add(r.website_id);
    }
  }
  return out;
}
