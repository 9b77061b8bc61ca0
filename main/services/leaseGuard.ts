// A client out on a lease cannot be deleted on the lending desk: the laptop would bring back rows of a
// client that is gone. Cancel the lease first (leaseList.ts cancelLease), then delete. Kept apart from
// the lease services so that the client services load no archive code.
import type { Desk } from '../desk';
import { openLeasesOf } from '../db/repositories/leases';
import { chinaDateTime } from '../domain/dates';
import { DeskError } from '../domain/errors';

export async function assertNotLent(desk: Desk, name: string, entityId: number): Promise<void> {
  const [out] = await openLeasesOf(desk.ctx, [entityId], 'lent');
  if (!out) return;
  throw new DeskError('CONFLICT', `客户“${name}”已于 ${chinaDateTime(out.taken_at)} 由${out.operator}出借给“${out.desk_name}”，尚未归还：请先归还，或在 设置 → 出借与归还 中取消那次出借，再删除`);
}
