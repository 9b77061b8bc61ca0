// A filing order with its whole history as it travels between desks (transfer archive): read here on the
// sending desk, written back on the receiving one with the times and operators it had there. Ids are this
// desk's; the transfer service translates them.
import type { AuthCodeKind, FilingType, OrderState } from '../../domain/enums';
import type { FiledRecord } from '../../domain/filed';
import { authCodeRows } from './authCodes';
import { putSubmittedSealed, sealFiledRecord, submittedRecordOf } from './filed';
import type { RepoContext } from './context';
import { gonganRows } from './gongan';
import { materialLinks, orderEvents, ordersOfEntity, type OrderRow } from './orders';
import { photoOverridesOf } from './photoGate';
import { rejectionsOf } from './rejections';

export interface OrderHistory {
  order: Omit<OrderRow, 'id' | 'entityId'>;
  events: { at: string; actor: string; from: OrderState | null; to: OrderState; reason: string }[];
  links: { slot: string; materialId: number }[];
  overrides: { slot: string; materialId: number; reason: string; actor: string; at: string }[];
  rejections: {
    round: number;
    stage: string;
    providerText: string;
    actor: string;
    at: string;
    reasons: { target: string; kind: string; text: string; baseline: string; resolvedAt: string | null; resolvedBy: string | null; change: string | null }[];
  }[];
  gongan: { websiteId: number; fields: unknown; state: string; psbNumber: string | null; doneAt: string | null; doneBy: string | null }[];
  authCodes: { kind: AuthCodeKind; code: string; resource: string; expiresOn: string; actor: string; createdAt: string }[];
  /** What the order submitted (migration 0027), people keyed by this desk's ids; null when it has none. */
  submitted: { submittedAt: string; record: FiledRecord } | null;
}

/** Every order of a client, oldest first, each with its history. */
export async function orderHistoriesOf(ctx: RepoContext, entityId: number): Promise<(OrderHistory & { id: number })[]> {
  const rows = (await ordersOfEntity(ctx, entityId)).sort((a, b) => a.id - b.id);
  return Promise.all(
    rows.map(async ({ id, entityId: _e, ...order }) => ({
      id,
      order,
      events: await orderEvents(ctx, id),
      links: await materialLinks(ctx, id),
      overrides: await photoOverridesOf(ctx, id),
      rejections: (await rejectionsOf(ctx, id)).map(({ round, stage, providerText, actor, at, reasons }) => ({
        round,
        stage,
        providerText,
        actor,
        at,
        reasons: reasons.map(({ target, kind, text, baseline, resolvedAt, resolvedBy, change }) => ({ target, kind, text, baseline, resolvedAt, resolvedBy, change })),
      })),
      gongan: (await gonganRows(ctx, id)).map(({ orderId: _o, ...g }) => g),
      authCodes: (await authCodeRows(ctx, id)).map(({ kind, code, resource, expiresOn, actor, createdAt }) => ({ kind, code, resource, expiresOn, actor, createdAt })),
      submitted: await submittedRecordOf(ctx, id),
    })),
  );
}

/** The client's order created at that moment with that type and provider: the same order arriving again. */
export async function sameOrder(ctx: RepoContext, entityId: number, o: { type: FilingType; provider: string; createdAt: string }): Promise<number | undefined> {
  return (await ctx.db.selectFrom('filing_order').select('id').where('entity_id', '=', entityId).where('type', '=', o.type).where('provider', '=', o.provider).where('created_at', '=', o.createdAt).executeTakeFirst())?.id;
}

/** The order row, its websites, state moves, material links and photo overrides; rejections follow separately. */
export async function insertOrderWithHistory(ctx: RepoContext, entityId: number, h: Omit<OrderHistory, 'rejections'>): Promise<number> {
  const o = h.order;
  const id = Number((await ctx.db.insertInto('filing_order').values({
      entity_id: entityId,
      type: o.type,
      provider: o.provider,
      state: o.state,
      provider_order_no: o.providerOrderNo,
      effective_date: o.effectiveDate,
      change_json: JSON.stringify(o.change),
      state_changed_at: o.stateChangedAt,
      sms_due_at: o.smsDueAt,
      psb_due_at: o.psbDueAt,
      closed_at: o.closedAt,
      created_at: o.createdAt,
      updated_at: o.updatedAt,
    }).returning('id').executeTakeFirstOrThrow()).id);
  for (const w of o.websiteIds) await ctx.db.insertInto('order_website').values({ order_id: id, website_id: w }).execute();
  for (const e of h.events) await ctx.db.insertInto('order_event').values({ order_id: id, at: e.at, actor: e.actor, from_state: e.from, to_state: e.to, reason: e.reason }).execute();
  for (const l of h.links) await ctx.db.insertInto('order_material').values({ order_id: id, slot: l.slot, material_id: l.materialId }).onConflict((oc) => oc.doNothing()).execute();
  for (const p of h.overrides) await ctx.db.insertInto('order_photo_override').values({ order_id: id, slot: p.slot, material_id: p.materialId, reason: p.reason, actor: p.actor, at: p.at }).onConflict((oc) => oc.doNothing()).execute();
  for (const g of h.gongan) {
    await ctx.db.insertInto('gongan_filing').values({ order_id: id, website_id: g.websiteId, fields_json: JSON.stringify(g.fields), state: g.state, psb_number: g.psbNumber, done_at: g.doneAt, done_by: g.doneBy, created_at: o.updatedAt, updated_at: o.updatedAt }).execute();
  }
  for (const a of h.authCodes) await ctx.db.insertInto('order_auth_code').values({ order_id: id, kind: a.kind, code: a.code, resource: a.resource, expires_on: a.expiresOn, actor: a.actor, created_at: a.createdAt }).execute();
  // sealed with this desk's key, at the time it was submitted there
  if (h.submitted) await putSubmittedSealed(ctx, id, { submittedAt: h.submitted.submittedAt, sealed: sealFiledRecord(ctx, h.submitted.record) });
  return id;
}

export async function insertRejectionRounds(ctx: RepoContext, orderId: number, rounds: OrderHistory['rejections']): Promise<void> {
  for (const r of rounds) {
    const rid = Number((await ctx.db.insertInto('order_rejection').values({ order_id: orderId, round: r.round, stage: r.stage, provider_text: r.providerText, actor: r.actor, at: r.at }).returning('id').executeTakeFirstOrThrow()).id);
    for (const x of r.reasons) {
      await ctx.db.insertInto('order_rejection_reason').values({ rejection_id: rid, target: x.target, kind: x.kind, text: x.text, baseline: x.baseline, resolved_at: x.resolvedAt, resolved_by: x.resolvedBy, change: x.change }).execute();
    }
  }
}
