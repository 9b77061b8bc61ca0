// A lent order's follow-ups — its 驳回 rounds, 公安备案 records and 授权码s — carried back at check-in like
// its other fields (issue 14). Each side records at check-out a digest of them in its own ids (LentOrder
// and BorrowedVersions `followUps`), so either side can tell later whether they changed there; the laptop's
// 归还 archive says so per order (`followUpsChanged`). The laptop's are written over the lender's when the
// lender's order is still at its checked-out version and digests, else the order is listed for a person.
// Leases recorded before follow-ups were carried have no such digest: nothing of them is read as changed.
// 授权码s are kept as the store keeps them (in clear, like order_auth_code; no personal number among them).
import { createHash } from 'node:crypto';
import type { Desk } from '../desk';
import { appendAudit, changedFields } from '../db/repositories/audit';
import { authCodeRows } from '../db/repositories/authCodes';
import type { RepoContext } from '../db/repositories/context';
import { getEntity } from '../db/repositories/entities';
import { gonganRecords, gonganRows, type GonganRow } from '../db/repositories/gongan';
import { replaceAuthCodes, replaceGonganRows, replaceRejectionRounds } from '../db/repositories/leaseFollowUps';
import type { OrderRow } from '../db/repositories/orders';
import { rejectionsOf } from '../db/repositories/rejections';
import type { OrderHistory } from '../db/repositories/transferredOrders';
import type { EntityView } from '../domain/views';
import { refsFromPositions, type ArchivedOrder } from '../export/transfer';
import { orderChecklist } from './orders';
import { baselineNow } from './rejections';
import type { Ids } from './transferImport';

/** The laptop's follow-ups of one order, in the lender's ids. */
export interface CarriedFollowUps {
  rejections: (Omit<OrderHistory['rejections'][number], 'reasons'> & { reasons: (Omit<OrderHistory['rejections'][number]['reasons'][number], 'baseline'> & { open: boolean })[] })[];
  gongan: OrderHistory['gongan'];
  authCodes: OrderHistory['authCodes'];
}

type Part = 'rejections' | 'gongan' | 'authCodes';
const PARTS: readonly Part[] = ['rejections', 'gongan', 'authCodes'];

/** What is compared of each part: everything but a reason's baseline (this desk's fingerprint of its target). */
function shapeOf(f: { rejections: readonly { round: number; stage: string; providerText: string; actor: string; at: string; reasons: readonly { target: string; kind: string; text: string; resolvedAt: string | null; resolvedBy: string | null; change: string | null }[] }[]; gongan: CarriedFollowUps['gongan']; authCodes: CarriedFollowUps['authCodes'] }): Record<Part, string> {
  return {
    rejections: JSON.stringify(f.rejections.map((r) => [r.round, r.stage, r.providerText, r.actor, r.at, r.reasons.map((x) => [x.target, x.kind, x.text, x.resolvedAt, x.resolvedBy, x.change])])),
    gongan: JSON.stringify([...f.gongan].sort((a, b) => a.websiteId - b.websiteId).map((g) => [g.websiteId, g.fields, g.state, g.psbNumber, g.doneAt, g.doneBy])),
    authCodes: JSON.stringify(f.authCodes.map((a) => [a.kind, a.code, a.resource, a.expiresOn, a.actor, a.createdAt]).sort()),
  };
}

async function shapeHere(ctx: RepoContext, orderId: number): Promise<Record<Part, string>> {
  return shapeOf({ rejections: await rejectionsOf(ctx, orderId), gongan: (await gonganRows(ctx, orderId)).map(({ orderId: _o, ...g }) => g), authCodes: await authCodeRows(ctx, orderId) });
}

const digestOf = (s: Record<Part, string>) => createHash('sha256').update(JSON.stringify(PARTS.map((p) => s[p]))).digest('hex').slice(0, 32);

/** The digest of an order's follow-ups as stored on this desk. */
export async function followUpDigest(ctx: RepoContext, orderId: number): Promise<string> {
  return digestOf(await shapeHere(ctx, orderId));
}

/** The parts of the laptop's follow-ups that differ from the lender's now (none: nothing to carry). */
export async function followUpDifferences(ctx: RepoContext, orderId: number, laptop: CarriedFollowUps): Promise<Part[]> {
  const here = await shapeHere(ctx, orderId);
  const there = shapeOf(laptop);
  return PARTS.filter((p) => here[p] !== there[p]);
}

/** The archive's follow-ups of an order in this desk's ids (`ids` as the check-in merged the client). */
export function laptopFollowUps(a: ArchivedOrder, ids: Ids): CarriedFollowUps {
  const refs = (s: string) => refsFromPositions(s, (at) => ids.people.get(`p${at + 1}`), (at) => ids.websites[at]);
  return {
    rejections: a.rejections.map((r) => ({ ...r, reasons: r.reasons.map((x) => ({ ...x, target: refs(x.target) })) })),
    // a website the lender deleted meanwhile keeps no 公安备案 here
    gongan: a.gongan.flatMap(({ website, ...g }) => (ids.websites[website] === undefined ? [] : [{ ...g, websiteId: ids.websites[website]! }])),
    authCodes: a.authCodes,
  };
}

type LeaseNote = { id: string; desk: string; source: string };

/**
 * Writes the laptop's follow-ups over the lender's, inside the caller's transaction (after the order row
 * itself, so a reason's baseline is taken against the order as written), each change logged as its own
 * service logs it, naming the lease. Returns the parts that changed.
 */
export async function applyFollowUps(desk: Desk, order: OrderRow, laptop: CarriedFollowUps, lease: LeaseNote): Promise<Part[]> {
  const ctx = desk.ctx;
  const changed = await followUpDifferences(ctx, order.id, laptop);
  const note = { lease: lease.id, desk: lease.desk, source: lease.source };
  const entry = (action: string, detail: Record<string, unknown>) => appendAudit(ctx, { action, targetType: 'order', targetId: order.id, entityId: order.entityId, detail: { ...detail, ...note } });
  if (changed.includes('rejections')) {
    const before = await rejectionsOf(ctx, order.id);
    const e = (await getEntity(ctx, order.entityId))!;
    const checklist = await orderChecklist(desk, order, false);
    await replaceRejectionRounds(ctx, order.id, laptop.rejections.map((r) => ({ ...r, reasons: r.reasons.map(({ open, ...x }) => ({ ...x, baseline: baselineOf(desk, e, order, checklist, before, r.round, x, open) })) })));
    await entry('order.rejections', { rounds: laptop.rejections.length });
  }
  if (changed.includes('gongan')) {
    const before = await gonganRecords(ctx, order.id);
    // each changed row's version is bumped, so a 公安备案 form opened here before the check-in is refused when saved
    const versions = await replaceGonganRows(ctx, order.id, laptop.gongan);
    // every version a row reaches is logged: EDIT_CONFLICT names the fields from these entries, and a row inserted
    // again later starts above the highest logged version (gonganFirstVersion)
    for (const g of laptop.gongan) {
      const was = before.find((b) => b.websiteId === g.websiteId);
      if (was && versions.get(g.websiteId) === was.rowVersion) continue;
      const fields = gonganChangedFields(was, g);
      await entry(g.state === '已完成' && was?.state !== '已完成' ? 'gongan.complete' : 'gongan.save', { website: g.websiteId, fields, rowVersion: versions.get(g.websiteId) });
    }
    for (const b of before.filter((x) => !laptop.gongan.some((g) => g.websiteId === x.websiteId))) {
      await entry('gongan.remove', { website: b.websiteId, rowVersion: versions.get(b.websiteId) });
    }
  }
  if (changed.includes('authCodes')) {
    const key = (a: { kind: string; code: string; createdAt: string }) => `${a.kind}|${a.code}|${a.createdAt}`;
    const before = await authCodeRows(ctx, order.id);
    await replaceAuthCodes(ctx, order.id, laptop.authCodes);
    for (const a of laptop.authCodes.filter((x) => !before.some((b) => key(b) === key(x)))) await entry('order.authCode.add', { kind: a.kind });
    for (const b of before.filter((x) => !laptop.authCodes.some((a) => key(a) === key(x)))) await entry('order.authCode.remove', { kind: b.kind });
  }
  return changed;
}

/** The form fields (and 状态 / 公安备案号) a check-in changed of a website's 公安备案, for its log entry. */
function gonganChangedFields(was: GonganRow | undefined, g: OrderHistory['gongan'][number]): string[] {
  const fieldsOf = (f: unknown) => (f && typeof f === 'object' ? (f as Record<string, unknown>) : {});
  const own = { state: was?.state, psbNumber: was?.psbNumber, doneAt: was?.doneAt, doneBy: was?.doneBy };
  return [...changedFields(fieldsOf(was?.fields), fieldsOf(g.fields)), ...changedFields(own, { state: g.state, psbNumber: g.psbNumber, doneAt: g.doneAt, doneBy: g.doneBy })];
}

/** A reason the lender already had keeps its baseline; a new one untouched on the laptop is untouched here too. */
function baselineOf(desk: Desk, e: EntityView, order: OrderRow, checklist: Parameters<typeof baselineNow>[3], before: Awaited<ReturnType<typeof rejectionsOf>>, round: number, x: { target: string; kind: string }, open: boolean): string {
  const had = before.find((r) => r.round === round)?.reasons.find((r) => r.target === x.target && r.kind === x.kind);
  if (had) return had.baseline;
  return open ? baselineNow(desk, e, order, checklist, x.target) : 'changed-before-transfer';
}

/** How a conflict shows each part, on the lender now or as the laptop has it. */
export function followUpsShown(f: { rejections: readonly { round: number; stage: string; reasons: readonly { resolvedAt: string | null }[] }[]; gongan: readonly { websiteId: number; state: string; psbNumber: string | null; fields: unknown }[]; authCodes: readonly { kind: string; resource: string; expiresOn: string }[] }, e: EntityView | undefined): Record<Part, string> {
  const site = (id: number) => e?.websites.find((w) => w.id === id)?.name ?? `网站 ${id}`;
  return {
    rejections: f.rejections.map((r) => `第 ${r.round} 轮（${r.stage}，${r.reasons.length} 个原因${r.reasons.some((x) => x.resolvedAt) ? `，已处理 ${r.reasons.filter((x) => x.resolvedAt).length}` : ''}）`).join('；') || '（无）',
    gongan: f.gongan.map((g) => `${site(g.websiteId)}：${g.state}${g.psbNumber ? ` ${g.psbNumber}` : ''}${ipsOf(g.fields)}`).join('；') || '（无）',
    authCodes: f.authCodes.map((a) => `${a.kind}（${a.resource}，至 ${a.expiresOn}）`).join('；') || '（无）',
  };
}

const ipsOf = (fields: unknown) => {
  const ips = (fields as { ips?: unknown } | null)?.ips;
  return Array.isArray(ips) && ips.length ? `（IP ${ips.join('、')}）` : '';
};

/** The lender's follow-ups of an order now, as followUpsShown reads them. */
export async function followUpsHere(ctx: RepoContext, orderId: number) {
  return { rejections: await rejectionsOf(ctx, orderId), gongan: await gonganRows(ctx, orderId), authCodes: await authCodeRows(ctx, orderId) };
}

export const FOLLOW_UP_LABELS: Record<Part, string> = { rejections: '驳回记录', gongan: '公安备案', authCodes: '授权码' };
