// 公安备案 after approval: one follow-up per website of an approved 首次备案 / 接入备案 / 新增网站, prefilled
// from the record, the approval date and the provider profile, checked, saved as the operator completes
// it, and marked 已完成 with the 公安备案号 — when no website is left to do the 30-day deadline stops: each
// is done, deleted from the client, or 注销 since (off the 管局's records, nothing to file with the 公安).
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit, changedFields } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { clearPsbDeadline, gonganRecords, writeGongan } from '../db/repositories/gongan';
import { latestFiled } from '../db/repositories/filed';
import { appendOrderEvent, countOpenOrders, getOrderRow, ordersOfEntity, type OrderRow } from '../db/repositories/orders';
import type { EntityView } from '../domain/views';
import { gonganFieldsSchema, gonganProblems, gonganProfile, prefillGongan, type GonganFields, type GonganProblem } from '../filings/gongan';
import { CLOSED_STATES } from '../filings/stateMachine';
import { validatePsb } from '../rules/validate';
import { editConflictError, editConflictOf } from './editConflict';
import { endServiceIfFinished } from './retention';

/** Order types whose approval opens websites, so each needs its 公安备案 (domain.md §1.8). */
export const GONGAN_AFTER: readonly string[] = ['首次备案', '接入备案', '新增网站'];

export interface GonganFollowUp {
  websiteId: number;
  websiteName: string;
  state: '待办理' | '已完成';
  /** never saved: what the desk filled in from the record and the profile */
  prefilled: boolean;
  fields: GonganFields;
  problems: GonganProblem[];
  psbNumber: string | null;
  doneAt: string | null;
  doneBy: string | null;
  /** where the provider's values come from, or why they are missing */
  profileSource: string;
  /** the version of the stored row the form shows, to save over; null while nothing is saved (prefilled) */
  rowVersion: number | null;
}

async function load(desk: Desk, orderId: number): Promise<{ o: OrderRow; e: EntityView }> {
  const o = await getOrderRow(desk.ctx, orderId);
  if (!o) throw notFound('订单', orderId);
  if (!GONGAN_AFTER.includes(o.type)) throw new DeskError('CONFLICT', `“${o.type}”订单不开通新网站，无需公安备案跟进`);
  if (o.state !== '已通过') throw new DeskError('CONFLICT', `订单处于“${o.state}”：管局审核通过后才办理公安备案`);
  const e = await getEntity(desk.ctx, o.entityId);
  if (!e) throw notFound('客户', o.entityId);
  return { o, e };
}

/**
 * Which websites of the client are 注销: not in the latest filed state, or all of them once the 主体 is 注销
 * (注销网站, 取消接入 and 注销主体 take them off the record: filings/filedTransitions.ts). `alsoCancelled`: the
 * sites an approval in this transaction cancels that no filed state shows (nothing was on record before it).
 * With no filed state at all, none is.
 */
async function cancelledOf(desk: Desk, entityId: number, alsoCancelled: readonly number[]): Promise<(websiteId: number) => boolean> {
  const filed = await latestFiled(desk.ctx, entityId);
  return (id) => alsoCancelled.includes(id) || (filed !== null && (filed.status === '已注销' || !filed.record.websites.some((w) => w.websiteId === id)));
}

/**
 * The follow-ups of an approved order: one per website the client still has, but none for a site 注销 before
 * its 公安备案 was done — it is off the 管局's records and unreachable (domain.md §1.6), nothing is left to
 * file; a 公安备案 already done stays listed.
 */
async function followUps(desk: Desk, o: OrderRow, e: EntityView, alsoCancelled: readonly number[] = []): Promise<GonganFollowUp[]> {
  const rows = await gonganRecords(desk.ctx, o.id);
  const profile = gonganProfile(o.provider);
  const cancelled = await cancelledOf(desk, e.id, alsoCancelled);
  return o.websiteIds.flatMap((wid) => {
    const w = e.websites.find((x) => x.id === wid);
    if (!w) return [];
    const row = rows.find((r) => r.websiteId === wid);
    if (row?.state !== '已完成' && cancelled(wid)) return [];
    const stored = row ? gonganFieldsSchema.safeParse(row.fields) : null;
    const fields = stored?.success ? stored.data : prefillGongan(e, w, o.provider, o.closedAt);
    return [
      {
        websiteId: wid,
        websiteName: w.name,
        state: row?.state === '已完成' ? '已完成' : '待办理',
        prefilled: !row,
        fields,
        problems: gonganProblems(fields, w),
        psbNumber: row?.psbNumber ?? null,
        doneAt: row?.doneAt ?? null,
        doneBy: row?.doneBy ?? null,
        profileSource: profile ? profile.source : `该接入商没有公布公安备案所需的接入商信息，请按接入商的说明填写`,
        rowVersion: row?.rowVersion ?? null,
      },
    ];
  });
}

export async function gonganOfOrder(desk: Desk, orderId: number): Promise<GonganFollowUp[]> {
  const { o, e } = await load(desk, orderId);
  return followUps(desk, o, e);
}

/**
 * Stops an approved order's 公安备案 deadline once no follow-up is left to do (every website still on record
 * is 已完成), inside the transaction of the write that settled it: a 已完成, the approval of a 注销, a
 * website's deletion. `why` goes into the order's history. True when it stopped the deadline.
 */
export async function closeGonganIfDone(desk: Desk, orderId: number, why: string | null, alsoCancelled: readonly number[] = []): Promise<boolean> {
  const o = await getOrderRow(desk.ctx, orderId);
  if (!o || o.state !== '已通过' || !o.psbDueAt || !GONGAN_AFTER.includes(o.type)) return false;
  const e = await getEntity(desk.ctx, o.entityId);
  if (!e || (await followUps(desk, o, e, alsoCancelled)).some((f) => f.state === '待办理')) return false;
  await clearPsbDeadline(desk.ctx, o.id);
  if (why) await appendOrderEvent(desk.ctx, o.id, o.state, o.state, why);
  // the last thing the agency had to do for a client with no open order: the retention period starts (PIPL)
  if ((await countOpenOrders(desk.ctx, o.entityId, CLOSED_STATES, null)) === 0) await endServiceIfFinished(desk, o.entityId);
  return true;
}

/** closeGonganIfDone for every approved order of the client still carrying a 公安备案 deadline. */
export async function closeGonganOfClient(desk: Desk, entityId: number, why: string, alsoCancelled: readonly number[] = []): Promise<void> {
  for (const o of await ordersOfEntity(desk.ctx, entityId)) {
    if (o.state === '已通过' && o.psbDueAt) await closeGonganIfDone(desk, o.id, why, alsoCancelled);
  }
}

async function followUpOrThrow(desk: Desk, orderId: number, websiteId: number): Promise<GonganFollowUp> {
  const f = (await gonganOfOrder(desk, orderId)).find((x) => x.websiteId === websiteId);
  if (!f) throw new DeskError('VALIDATION', `订单 #${orderId} 不包含网站（编号 ${websiteId}）`, [{ path: ['websiteId'], message: '请从订单的网站中选择' }]);
  return f;
}

/**
 * Saves the form as the operator completed it (problems are shown, not refused: it is a draft until 已完成),
 * over the version of the row the form read (`readVersion`, null when it showed the prefilled form): a save
 * on a form someone else's save (or a check-in, or 已完成) made stale is refused with EDIT_CONFLICT — what
 * they changed, who and when — and writes nothing; so does the second of two first saves at once.
 */
export async function saveGongan(desk: Desk, orderId: number, websiteId: number, fields: GonganFields, readVersion: number | null): Promise<GonganFollowUp> {
  await desk.sql.tx(async () => {
    const current = await followUpOrThrow(desk, orderId, websiteId);
    if (current.state === '已完成') throw new DeskError('CONFLICT', `网站“${current.websiteName}”的公安备案已完成（${current.psbNumber}），不能再修改`);
    const changed = changedFields(current.fields, fields);
    const written = await writeGongan(desk.ctx, { orderId, websiteId, fields, state: '待办理', psbNumber: null }, readVersion, current.prefilled || changed.length > 0);
    if (written === null) {
      const stored = (await gonganRecords(desk.ctx, orderId)).find((r) => r.websiteId === websiteId);
      if (!stored) throw new DeskError('CONFLICT', `网站“${current.websiteName}”的公安备案信息已被他人删除，请重新打开后再填写`);
      throw editConflictError(await editConflictOf(desk, 'gongan', stored.id, readVersion ?? 0));
    }
    const o = (await getOrderRow(desk.ctx, orderId))!;
    await appendAudit(desk.ctx, { action: 'gongan.save', targetType: 'order', targetId: orderId, entityId: o.entityId, detail: { website: websiteId, fields: changed, rowVersion: written } });
  });
  return followUpOrThrow(desk, orderId, websiteId);
}

/**
 * Marks a website's 公安备案 done with its 公安备案号 (checked by the 公安备案号 rule, V-ICP-02); refused while
 * the form has problems. When no website of the order is left to do, the 30-day deadline is cleared.
 */
export async function completeGongan(desk: Desk, orderId: number, websiteId: number, psbNumber: string): Promise<GonganFollowUp> {
  await desk.sql.tx(async () => {
    const { o, e } = await load(desk, orderId);
    const current = await followUpOrThrow(desk, orderId, websiteId);
    if (current.state === '已完成') throw new DeskError('CONFLICT', `网站“${current.websiteName}”的公安备案已完成（${current.psbNumber}）`);
    if (current.problems.length) {
      throw new DeskError('CONFLICT', `网站“${current.websiteName}”的公安备案信息还有 ${current.problems.length} 个问题：${current.problems.slice(0, 2).map((p) => p.message).join('；')}${current.problems.length > 2 ? '……' : ''}`, current.problems.map((p) => ({ path: ['fields', ...p.path], message: p.message })));
    }
    const n = psbNumber.trim().replace(/\s+/g, '');
    const bad = validatePsb(n, e.province)[0];
    if (bad) throw new DeskError('VALIDATION', bad.message, [{ path: ['psbNumber'], message: bad.hint }]);
    // read in this transaction, so not stale: the version is bumped, and a form still open on it is refused when saved
    const written = await writeGongan(desk.ctx, { orderId, websiteId, fields: current.fields, state: '已完成', psbNumber: n }, undefined);
    await appendOrderEvent(desk.ctx, orderId, o.state, o.state, `网站“${current.websiteName}”公安备案已完成：${n}`);
    await closeGonganIfDone(desk, orderId, null);
    await appendAudit(desk.ctx, { action: 'gongan.complete', targetType: 'order', targetId: orderId, entityId: o.entityId, detail: { website: websiteId, fields: ['state', 'psbNumber'], rowVersion: written } });
  });
  return followUpOrThrow(desk, orderId, websiteId);
}
