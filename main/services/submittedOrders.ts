// What an order under review (初审中 … 管局审核中) holds on to. Its websites and materials are rows of the client
// linked by ON DELETE CASCADE: deleting one of them would take it out of the order silently — the order, its
// package and, at approval, the filed state (its covered websites) would then say something other than what
// the provider and the 管局 are reviewing. Such a deletion is refused, naming the order, until the review
// has a result (通过 or 驳回) or the order is withdrawn.
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { latestFiled } from '../db/repositories/filed';
import { materialsOfEntity } from '../db/repositories/materials';
import { materialLinks, ordersOfEntity, type OrderRow } from '../db/repositories/orders';
import { CHANGE_FILING_TYPES, MATERIAL_KINDS } from '../domain/enums';
import { DeskError } from '../domain/errors';
import type { EntityView, MaterialView } from '../domain/views';
import { matchChecklist, requiredSlots } from '../filings/checklist';
import { isUnderReview, transitionProblem } from '../filings/stateMachine';
import { changeFactsFromFiled } from './changeOrders';

export interface Deletion {
  /** What goes, as the operator names it: 网站“…”, 负责人“…”, 材料“…”. */
  what: string;
  websiteId?: number;
  /** Whether the deletion removes this material (the material itself, or one cascading with its person or website). */
  takes: (m: MaterialView) => boolean;
}

/** The order's slot label of each material it uses: those linked to its slots and those its checklist picks. */
async function materialsUsed(desk: Desk, o: OrderRow, e: EntityView, materials: MaterialView[]): Promise<Map<number, string>> {
  const filed = CHANGE_FILING_TYPES.includes(o.type) ? await latestFiled(desk.ctx, e.id) : null;
  const slots = requiredSlots(e, o.type, o.provider, o.websiteIds, filed ? changeFactsFromFiled(e, filed, o.type, o.provider) : o.change);
  const links = await materialLinks(desk.ctx, o.id);
  const byId = new Map(materials.map((m) => [m.id, m]));
  const used = new Map<number, string>();
  for (const item of matchChecklist(e, slots, materials, links)) if (item.materialId !== null) used.set(item.materialId, item.label);
  // a link to a slot the client's current record no longer has (its person replaced since) still is what was submitted
  for (const l of links) {
    const kind = byId.get(l.materialId)?.kind;
    if (!used.has(l.materialId)) used.set(l.materialId, slots.find((s) => s.id === l.slot)?.label ?? (kind ? MATERIAL_KINDS[kind] : l.slot));
  }
  // at the photo step the curtain photo is the operator's to take again (复审驳回 → 重拍): a rejected one may go
  if (o.state === '待拍照核验') for (const id of [...used.keys()]) if (byId.get(id)?.kind === 'curtain') used.delete(id);
  return used;
}

/** Refuses, inside the deleting transaction, a deletion that would change an order under review of client `entityId`. */
export async function refuseIfUnderReview(desk: Desk, entityId: number, going: Deletion): Promise<void> {
  const orders = (await ordersOfEntity(desk.ctx, entityId)).filter((o) => isUnderReview(o.state));
  if (!orders.length) return;
  const e = (await getEntity(desk.ctx, entityId))!;
  const materials = await materialsOfEntity(desk.ctx, entityId);
  for (const o of orders) {
    let why: string | null = null;
    if (going.websiteId !== undefined && o.websiteIds.includes(going.websiteId)) why = '该订单涉及此网站';
    else {
      const used = await materialsUsed(desk, o, e, materials);
      const label = materials.filter(going.takes).map((m) => used.get(m.id)).find((l) => l !== undefined);
      if (label !== undefined) why = `该订单的“${label}”用的是${going.what.startsWith('材料') ? '这份材料' : '其材料'}`;
    }
    if (!why) continue;
    refuse(o, `不能删除${going.what}：“${o.type}”订单 #${o.id} 已提交，正处于“${o.state}”，${why}。删除会使该订单与接入商或管局正在审核的内容不一致`);
  }
}

/**
 * Refuses, inside the deleting transaction, deleting client `entityId` (named `name`) while one of its orders
 * is under review: the order itself goes with the client. Whatever the reason given — a 客户要求删除 (PIPL)
 * too: the order is withdrawn first, or its result awaited, as for any other deletion it would change.
 */
export async function refuseClientDeletionUnderReview(desk: Desk, entityId: number, name: string): Promise<void> {
  const o = (await ordersOfEntity(desk.ctx, entityId)).find((x) => isUnderReview(x.state));
  if (!o) return;
  refuse(o, `不能删除客户“${name}”：“${o.type}”订单 #${o.id} 已提交，正处于“${o.state}”。删除客户会连同该订单及其网站、负责人和材料一并删除，而接入商或管局仍在审核它`);
}

function refuse(o: OrderRow, what: string): never {
  const withdrawable = transitionProblem(o.state, '已撤回', { type: o.type, smsProvince: false }) === null;
  const message = `${what}；请等审核有结果（通过或驳回）后再删除${withdrawable ? '，或先撤回该订单' : ''}`;
  throw new DeskError('CONFLICT', message, [{ path: ['order', o.id], message: `订单 #${o.id}（${o.state}）使用中` }]);
}
