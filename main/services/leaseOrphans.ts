// Rows the laptop added under a row the lender deleted while the client was out (issue 14): a website
// whose 负责人 the lender deleted, a material under a 负责人 or 网站 the lender deleted, an order for a
// website the lender deleted. Adding them would point at a row that is gone (a foreign-key failure of the
// whole check-in), so each is listed instead — kind serverDeleted, with no row of its own on the lender
// (target id NOT_ON_SERVER) and the reason in Chinese — and the rest of the check-in is applied.
// 确认删除 drops it; 恢复笔记本的版本 adds a website under the 主体负责人 (leaseCheckin.ts restoreRow), while a
// material (its file is not kept) or an order (it needs its websites) is refused with what to do instead.
// A lent material the lender deleted stays deleted: materials are never edited, so the laptop changed
// nothing of it.
import type { Desk } from '../desk';
import { insertConflict, type LeaseConflictRow, type LeaseRow } from '../db/repositories/leases';
import { getMaterial } from '../db/repositories/materials';
import { DeskError } from '../domain/errors';
import { isHeldAddition as heldAddition, NOT_ON_SERVER } from '../domain/leases';
import type { ArchivedMaterial, ArchivedOrder, RowStamps } from '../export/transfer';
import type { CarriedHold } from './transferImport';


/** What of a client's record is gone on the lender, each with the words a reason names it by. */
export interface GoneHere {
  /** record key (p1 …) → 服务器已删除负责人“…” */
  people: Map<string, string>;
  /** record position → 服务器已删除网站“…” or 笔记本新增的网站“…”未添加 */
  websites: Map<number, string>;
}

interface Tally {
  conflicts: number;
}

/** Lists a row the laptop added that cannot be added here; `laptopFields` as the conflict keeps them. */
export async function listOrphan(desk: Desk, lease: LeaseRow, target: 'website' | 'material' | 'order', laptopFields: string, reason: string, tally: Tally): Promise<void> {
  await insertConflict(desk.ctx, { leaseId: lease.id, target, targetId: NOT_ON_SERVER, baseVersion: 0, serverVersion: null, laptopFields, kind: 'serverDeleted', reason });
  tally.conflicts++;
}

/** mergeCarried's hold for one client of a check-in: which materials and new orders not to add. */
export function holdOrphans(desk: Desk, lease: LeaseRow, stamps: RowStamps, gone: GoneHere, tally: Tally): CarriedHold {
  return {
    async material(m: ArchivedMaterial, at: number): Promise<boolean> {
      const stamp = stamps.materials?.[at];
      if (stamp) {
        const here = await getMaterial(desk.ctx, stamp.id);
        return !here || here.entityId !== lease.entity_id;
      }
      const parent = (m.person !== null ? gone.people.get(m.person) : undefined) ?? (m.website !== null ? gone.websites.get(m.website) : undefined);
      if (parent === undefined) return false;
      await listOrphan(desk, lease, 'material', JSON.stringify({ fileName: m.fileName, kind: m.kind }), `${parent}，笔记本在其下新增了材料“${m.fileName}”：未添加`, tally);
      return true;
    },
    async order(a: ArchivedOrder): Promise<boolean> {
      const site = [...a.order.websites, ...a.gongan.map((g) => g.website)].map((i) => gone.websites.get(i)).find((x) => x !== undefined);
      if (site === undefined) return false;
      await listOrphan(desk, lease, 'order', JSON.stringify({ type: a.order.type, provider: a.order.provider, state: a.order.state }), `${site}，笔记本为它新增了${a.order.type}订单（${a.order.provider}，${a.order.state}）：未添加`, tally);
      return true;
    },
  };
}

/** Whether a conflict is an added material or order listed by holdOrphans (an added website restores like a deleted one). */
export function isHeldAddition(c: LeaseConflictRow): boolean {
  return heldAddition({ targetId: c.target_id, target: c.target_type });
}

/** How the conflict list names a held material or order. */
export function heldAdditionLabel(c: LeaseConflictRow): string {
  const f = JSON.parse(c.laptop_fields) as { fileName?: string; type?: string; provider?: string };
  return c.target_type === 'material' ? `笔记本新增的材料“${f.fileName ?? ''}”` : `笔记本新增的订单“${f.type ?? ''} · ${f.provider ?? ''}”`;
}

/** 恢复笔记本的版本 of a held material or order: refused, saying what to do on the server instead. */
export function refuseHeldAddition(c: LeaseConflictRow): never {
  throw new DeskError(
    'CONFLICT',
    c.target_type === 'material'
      ? `${heldAdditionLabel(c)}所属的负责人或网站已在服务器上删除，文件没有随归还保留：只能确认删除；需要时请在服务器上重新上传`
      : `${heldAdditionLabel(c)}所属的网站已在服务器上删除：只能确认删除；需要时请在服务器上为现有网站新建订单`,
  );
}
