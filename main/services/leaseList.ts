// The leases on this desk as the 出借与归还 screen, the client list and the client page show them, and
// cancelling one (main/services/leases.ts checks clients out and writes the 归还 archive; leaseCheckin.ts
// checks them in). Kept apart from those so that listing loads no archive code.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { closeLease, conflictsOfLeases, leaseRows, openLeasesOf, recentLeaseRows, type LeaseRow } from '../db/repositories/leases';
import { DeskError } from '../domain/errors';
import type { ClientLease, LeaseSummary } from '../domain/leases';

/** Cancels a lease on the lender (the laptop was lost, or never used): its clients are no longer out. */
export async function cancelLease(desk: Desk, leaseId: string): Promise<void> {
  await desk.sql.tx(async () => {
    const rows = (await leaseRows(desk.ctx, leaseId, 'lent')).filter((r) => r.state === 'out');
    if (!rows.length) throw new DeskError('NOT_FOUND', '没有找到仍在出借中的这次出借（可能已归还或已取消）');
    if ((await conflictsOfLeases(desk.ctx, rows.map((r) => r.id), true)).length) throw new DeskError('CONFLICT', '这次出借已归还，还有冲突待处理：请逐项处理冲突，处理完后出借自动结束');
    for (const r of rows) {
      // refused when a check-in claimed the row since it was read: what it applied stays, nothing is cancelled
      if (!(await closeLease(desk.ctx, r.id, 'cancelled'))) throw new DeskError('CONFLICT', '这次出借刚刚被归还（或已取消）：请刷新出借列表查看，未取消任何客户');
      await appendAudit(desk.ctx, { action: 'lease.cancel', targetType: 'entity', targetId: r.entity_id, entityId: r.entity_id, detail: { lease: leaseId, desk: r.desk_name } });
    }
  });
}

/** Leases still out and the latest closed ones, one entry per lease and side, newest first. */
export async function listLeases(desk: Desk): Promise<LeaseSummary[]> {
  const rows = await recentLeaseRows(desk.ctx, 200);
  const groups = new Map<string, LeaseRow[]>();
  for (const r of rows) {
    const k = `${r.side}|${r.lease_key}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const open = await conflictsOfLeases(desk.ctx, rows.map((r) => r.id), true);
  const out: LeaseSummary[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const clients: LeaseSummary['clients'] = [];
    for (const r of g) clients.push({ id: r.entity_id, name: (await getEntity(desk.ctx, r.entity_id))?.name ?? `编号 ${r.entity_id}` });
    const ids = new Set(g.map((r) => r.id));
    out.push({
      leaseId: first.lease_key,
      side: first.side,
      desk: first.desk_name,
      operator: first.operator,
      takenAt: first.taken_at,
      state: g.some((r) => r.state === 'out') ? 'out' : first.state,
      checkedInAt: g.map((r) => r.checked_in_at).find((x) => x !== null) ?? null,
      returnedAt: g.some((r) => r.state === 'out') ? null : first.returned_at,
      returnedBy: g.some((r) => r.state === 'out') ? null : first.returned_by,
      clients,
      openConflicts: open.filter((c) => ids.has(c.lease_id)).length,
    });
  }
  return out.sort((a, b) => (a.state === 'out' ? 0 : 1) - (b.state === 'out' ? 0 : 1) || b.takenAt.localeCompare(a.takenAt));
}

/** The clients out on a lease now (出借中 on the lender, 借入 on the laptop): for the list and the client page. */
export async function leasedClients(desk: Desk, entityIds?: readonly number[]): Promise<ClientLease[]> {
  const rows = entityIds ? [...(await openLeasesOf(desk.ctx, entityIds, 'lent')), ...(await openLeasesOf(desk.ctx, entityIds, 'borrowed'))] : (await recentLeaseRows(desk.ctx, 0)).filter((r) => r.state === 'out');
  return rows.map((r) => ({ entityId: r.entity_id, leaseId: r.lease_key, side: r.side, desk: r.desk_name, operator: r.operator, takenAt: r.taken_at }));
}
