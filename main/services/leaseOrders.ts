// Filing orders that were on a lent client at check-out and changed on the laptop (issue 14). Each side
// keeps a digest of every such order as it was at check-out — over what a check-in carries back: the
// state and its dates, 服务商订单号, 生效日期, 变更项, websites, material links and how many state moves it
// has — in its own ids, so it can tell later whether the order changed there. A changed order is applied
// when the lender's is still at its checked-out version and digest; the laptop's state moves must then
// still be legal from the lender's current state (stateMachine.ts), checked in the same transaction, or
// the order is listed with the reason instead. Its 驳回, 公安备案 and 授权码s are carried the same way, by
// a digest of their own (leaseFollowUps.ts).
import { createHash } from 'node:crypto';
import type { Desk } from '../desk';
import type { RepoContext } from '../db/repositories/context';
import { appendAudit } from '../db/repositories/audit';
import { putSubmittedSealed, sealFiledRecord, submittedSealedOf, type SealedSubmitted } from '../db/repositories/filed';
import { getEntity } from '../db/repositories/entities';
import { insertConflict, type LeaseRow } from '../db/repositories/leases';
import { appendCarriedEvents, orderEventCount, orderVersion, replaceOrderLinks, replaceOrderWebsites, writeCarriedOrder, type CarriedOrderFields } from '../db/repositories/leaseOrders';
import { materialsOfEntity } from '../db/repositories/materials';
import { getOrderRow, materialLinks, orderEvents, type OrderRow } from '../db/repositories/orders';
import { DeskError } from '../domain/errors';
import { provinceByName } from '../domain/provinces';
import { refsFromPositions, type ArchivedOrder, type RowStamp } from '../export/transfer';
import { transitionProblem } from '../filings/stateMachine';
import { chinaDay } from '../domain/dates';
import { onApproval, onClosingMove } from './orders';
import { applyFollowUps, followUpDifferences, followUpDigest, laptopFollowUps, type CarriedFollowUps } from './leaseFollowUps';
import { recordHere, type Ids } from './transferImport';

/** An order as the lender records it at check-out. */
export interface LentOrder {
  id: number;
  version: number;
  digest: string;
  /** how many state moves it had: the laptop's later ones are those after these */
  events: number;
  /** the digest of its 驳回, 公安备案 and 授权码s (leaseFollowUps.ts); absent in leases recorded before they were carried */
  followUps?: string;
}

/** The laptop's order in the lender's ids, as carried back: what is written, or kept in a conflict. */
export interface LaptopOrder extends CarriedOrderFields {
  websiteIds: number[];
  links: { slot: string; materialId: number }[];
  /** the state moves made on the laptop since check-out */
  newEvents: ArchivedOrder['events'];
  /** its 驳回, 公安备案 and 授权码s, when the laptop changed them (leaseFollowUps.ts) */
  followUps?: CarriedFollowUps;
  /** what it submitted there (migration 0027), sealed with this desk's key: absent when it has none */
  submitted?: SealedSubmitted;
}

/** The digest of an order as stored on this desk (see the top of this file). */
export async function orderDigest(ctx: RepoContext, orderId: number): Promise<string> {
  const o = (await getOrderRow(ctx, orderId))!;
  const links = (await materialLinks(ctx, orderId)).map((l) => `${l.slot}|${l.materialId}`).sort();
  const shape = [o.state, o.providerOrderNo, o.effectiveDate, o.change, o.stateChangedAt, o.smsDueAt, o.psbDueAt, o.closedAt, [...o.websiteIds].sort((a, b) => a - b), links, await orderEventCount(ctx, orderId)];
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 32);
}

export async function lentOrder(ctx: RepoContext, orderId: number): Promise<LentOrder> {
  return { id: orderId, version: (await orderVersion(ctx, orderId))!, digest: await orderDigest(ctx, orderId), events: await orderEventCount(ctx, orderId), followUps: await followUpDigest(ctx, orderId) };
}

/** The archive's order in this desk's ids (`ids` as the check-in merged the client). */
function laptopOrderOf(a: ArchivedOrder, ids: Ids, lentEvents: number): LaptopOrder {
  const { websites, type: _t, provider: _p, createdAt: _c, updatedAt: _u, ...fields } = a.order;
  return {
    ...fields,
    websiteIds: websites.flatMap((i) => (ids.websites[i] === undefined ? [] : [ids.websites[i]!])).sort((x, y) => x - y),
    links: a.links.flatMap((l) => (ids.materials[l.material] === undefined ? [] : [{ slot: refsFromPositions(l.slot, (at) => ids.people.get(`p${at + 1}`), (at) => ids.websites[at]), materialId: ids.materials[l.material]! }])),
    newEvents: a.events.slice(lentEvents),
  };
}

/** What the archive's order submitted, sealed here (a conflict keeps it so until settled), or undefined. */
function laptopSubmitted(ctx: RepoContext, a: ArchivedOrder, ids: Ids): SealedSubmitted | undefined {
  return a.submitted ? { submittedAt: a.submitted.at, sealed: sealFiledRecord(ctx, recordHere(a.submitted.record, ids)) } : undefined;
}

/**
 * Why the laptop's state moves cannot be made from the lender's state now, or null. The moves are walked
 * one by one from `from`; a move to the state the walk is already in is skipped (it happened here too).
 */
export async function stateMoveProblem(desk: Desk, order: OrderRow, laptop: LaptopOrder): Promise<string | null> {
  const e = (await getEntity(desk.ctx, order.entityId))!;
  const context = { type: order.type, smsProvince: !!provinceByName(e.province)?.smsVerification };
  let at = order.state;
  const path = [...laptop.newEvents.map((ev) => ev.to), laptop.state];
  for (const to of path) {
    if (to === at) continue;
    const problem = transitionProblem(at, to, context);
    if (problem) return `笔记本上把订单改为“${to}”，但服务器上订单现在处于“${order.state}”，不能这样变更：${problem}`;
    at = to;
  }
  return null;
}

/** What differs between the lender's order now and the laptop's, by field name (none: nothing to carry). */
export async function orderDifferences(ctx: RepoContext, order: OrderRow, laptop: LaptopOrder): Promise<string[]> {
  const links = (await materialLinks(ctx, order.id)).map((l) => `${l.slot}|${l.materialId}`).sort();
  const here: Record<string, unknown> = { ...order, websiteIds: [...order.websiteIds].sort((a, b) => a - b), links };
  const there: Record<string, unknown> = { ...laptop, links: laptop.links.map((l) => `${l.slot}|${l.materialId}`).sort() };
  const fields = ['state', 'providerOrderNo', 'effectiveDate', 'change', 'stateChangedAt', 'smsDueAt', 'psbDueAt', 'closedAt', 'websiteIds', 'links'];
  const out = fields.filter((f) => JSON.stringify(here[f] ?? null) !== JSON.stringify(there[f] ?? null));
  return laptop.newEvents.length && !out.includes('state') ? [...out, 'events'] : out;
}

/**
 * Writes the laptop's order over the lender's at `readVersion`, inside the caller's transaction, with
 * the state moves appended and one log entry naming the lease. Refused (nothing written) when a state
 * move is not legal from the lender's state now.
 */
export async function applyLaptopOrder(desk: Desk, orderId: number, laptop: LaptopOrder, readVersion: number, lease: { id: string; desk: string; source: string }): Promise<void> {
  const ctx = desk.ctx;
  const order = (await getOrderRow(ctx, orderId))!;
  const problem = await stateMoveProblem(desk, order, laptop);
  if (problem) throw new DeskError('CONFLICT', problem);
  const changed = await orderDifferences(ctx, order, laptop);
  const version = await writeCarriedOrder(ctx, orderId, laptop, readVersion);
  if (version === null) throw new DeskError('EDIT_CONFLICT', '订单刚被他人修改，请重新处理');
  // websites and materials the server deleted meanwhile are not linked again (their rows are gone)
  const sites = new Set((await getEntity(ctx, order.entityId))!.websites.map((w) => w.id));
  const materials = new Set((await materialsOfEntity(ctx, order.entityId)).map((m) => m.id));
  await replaceOrderWebsites(ctx, orderId, laptop.websiteIds.filter((id) => sites.has(id)));
  await replaceOrderLinks(ctx, orderId, laptop.links.filter((l) => materials.has(l.materialId)));
  await appendCarriedEvents(ctx, orderId, laptop.newEvents);
  // submitted (or resubmitted) on the laptop: what its approval will file
  if (laptop.submitted && (await submittedSealedOf(ctx, orderId))?.submittedAt !== laptop.submitted.submittedAt) await putSubmittedSealed(ctx, orderId, laptop.submitted);
  const followUps = laptop.followUps ? await applyFollowUps(desk, (await getOrderRow(ctx, orderId))!, laptop.followUps, lease) : [];
  await stateMoveSteps(desk, order, laptop);
  await appendAudit(ctx, { action: 'order.update', targetType: 'order', targetId: orderId, entityId: order.entityId, detail: { fields: [...changed, ...followUps], from: order.state, to: laptop.state, rowVersion: version, lease: lease.id, desk: lease.desk, source: lease.source } });
}

/**
 * What the laptop's move into 已通过 or a closed state does here beyond the order row, by the same steps as
 * advanceOrder: the approval files (dated the day the laptop recorded it), a 注销 closes the 公安备案 left,
 * the client's last open order closed starts the retention. `before`: the lender's order before the write.
 */
async function stateMoveSteps(desk: Desk, before: OrderRow, laptop: LaptopOrder): Promise<void> {
  if (laptop.state === before.state) return;
  const order = (await getOrderRow(desk.ctx, before.id))!;
  if (laptop.state === '已通过') {
    const approved = laptop.newEvents.findLast((ev) => ev.to === '已通过')?.at ?? laptop.stateChangedAt ?? desk.ctx.now();
    await onApproval(desk, order, (await getEntity(desk.ctx, order.entityId))!, chinaDay(approved));
  }
  await onClosingMove(desk, order.entityId, laptop.state);
}

interface Tally {
  applied: number;
  kept: number;
  conflicts: number;
  gone: number;
}

/** The orders of one client of a check-in that were there at check-out (new ones are added by mergeCarried). */
export async function carryOrders(desk: Desk, lease: LeaseRow, orders: readonly ArchivedOrder[], stamps: readonly (RowStamp | null)[], lent: readonly LentOrder[], ids: Ids, tally: Tally): Promise<void> {
  const ctx = desk.ctx;
  for (const [i, a] of orders.entries()) {
    const stamp = stamps[i];
    const atLending = stamp && lent.find((o) => o.id === stamp.id);
    if (!stamp || !atLending) continue;
    const order = await getOrderRow(ctx, stamp.id);
    // an order goes only with its client, whose deletion waits for the lease (leaseGuard.ts)
    if (!order || order.entityId !== lease.entity_id) {
      if (stamp.changed) tally.gone++;
      continue;
    }
    const laptop = laptopOrderOf(a, ids, atLending.events);
    const submitted = laptopSubmitted(ctx, a, ids);
    if (submitted) laptop.submitted = submitted;
    // follow-ups only where both sides recorded their digest (a lease from before: never read as changed)
    const followUpsRecorded = atLending.followUps !== undefined && stamp.followUpsChanged !== undefined;
    if (followUpsRecorded && stamp.followUpsChanged) laptop.followUps = laptopFollowUps(a, ids);
    const fieldsToCarry = stamp.changed && (await orderDifferences(ctx, order, laptop)).length > 0;
    const followUpsToCarry = laptop.followUps !== undefined && (await followUpDifferences(ctx, order.id, laptop.followUps)).length > 0;
    if (!fieldsToCarry && !followUpsToCarry) {
      tally.kept++;
      continue;
    }
    const version = (await orderVersion(ctx, order.id))!;
    const unchangedHere = version === atLending.version && (await orderDigest(ctx, order.id)) === atLending.digest && (!followUpsRecorded || (await followUpDigest(ctx, order.id)) === atLending.followUps);
    const problem = await stateMoveProblem(desk, order, laptop);
    if (unchangedHere && !problem) {
      await applyLaptopOrder(desk, order.id, laptop, version, { id: lease.lease_key, desk: lease.desk_name, source: '归还' });
      tally.applied++;
      continue;
    }
    await insertConflict(ctx, { leaseId: lease.id, target: 'order', targetId: order.id, baseVersion: atLending.version, serverVersion: version, laptopFields: JSON.stringify(laptop), reason: problem ?? undefined });
    tally.conflicts++;
  }
}

/** The lender's order as a conflict shows it beside the laptop's. */
export async function orderShownFields(ctx: RepoContext, orderId: number): Promise<Record<string, unknown> | undefined> {
  const o = await getOrderRow(ctx, orderId);
  if (!o) return undefined;
  return { ...o, links: await materialLinks(ctx, orderId), events: (await orderEvents(ctx, orderId)).length };
}
