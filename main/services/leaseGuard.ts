// A client out on a lease cannot be deleted on the lending desk: the laptop would bring back rows of a
// client that is gone. Cancel the lease first (leaseList.ts cancelLease), then delete. A person deleted
// while a check-in's conflict about them is open settles it. Kept apart from the lease services so that
// the client services load no archive code.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { closeLease, conflictsOfLeases, leaseRow, openConflictsOfRow, openLeasesOf, settleConflictRow } from '../db/repositories/leases';
import { chinaDateTime } from '../domain/dates';
import { DeskError } from '../domain/errors';

export async function assertNotLent(desk: Desk, name: string, entityId: number): Promise<void> {
  const [out] = await openLeasesOf(desk.ctx, [entityId], 'lent');
  if (!out) return;
  throw new DeskError('CONFLICT', `客户“${name}”已于 ${chinaDateTime(out.taken_at)} 由${out.operator}出借给“${out.desk_name}”，尚未归还：请先归还，或在 设置 → 出借与归还 中取消那次出借，再删除`);
}

/**
 * Inside the transaction that deleted person `personId` here: a check-in's conflict still open about them
 * has nothing left to decide (the laptop's edit of a row that is gone is refused; the deletion the laptop
 * made is done), and the laptop's values it holds are that deleted person's data. Each is settled as it
 * stands — its values dropped with it (settleConflictRow), logged — and its lease closes when nothing is left.
 */
export async function settleConflictsOfDeletedPerson(desk: Desk, personId: number): Promise<void> {
  for (const c of await openConflictsOfRow(desk.ctx, 'person', personId)) {
    const lease = (await leaseRow(desk.ctx, c.lease_id))!;
    // the row is gone: as the laptop wanted (按笔记本删除), or by this desk's own deletion (保留服务器版本)
    const keep = c.kind === 'laptopDeleted' ? 'laptop' : 'server';
    await settleConflictRow(desk.ctx, c.id, keep);
    await appendAudit(desk.ctx, { action: 'lease.settle', targetType: 'person', targetId: personId, entityId: lease.entity_id, detail: { lease: lease.lease_key, desk: lease.desk_name, keep, kind: c.kind, source: '负责人已删除' } });
    if (!(await conflictsOfLeases(desk.ctx, [lease.id], true)).length) await closeLease(desk.ctx, lease.id, 'returned');
  }
}
