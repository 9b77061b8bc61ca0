// 可提交 means ready: the rules, the materials and the photo checks together. A client's readiness adds
// to its rule findings what its filing still lacks: the open order's checklist, or — with no open order —
// the checklist of the filing it would need next (首次备案 without a 主体备案号, 新增网站 for unfiled sites).
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { websitesOffRecordOf } from '../db/repositories/filed';
import { materialsOfEntity, outdatedSheetScans } from '../db/repositories/materials';
import { ordersOfEntity, type OrderRow } from '../db/repositories/orders';
import type { EntityView, MaterialView } from '../domain/views';
import { gateChecklist, type ChecklistItem, type PhotoVerdict } from '../filings/checklist';
import { checklistFindings, nextFiling, prospectiveItems } from '../rules/materialFindings';
import { isOpen } from '../filings/stateMachine';
import type { Finding } from '../rules/types';
import { notFound } from '../domain/errors';
import { checkClient, type CheckResult } from './checks';
import { countBySeverity, sortFindings } from '../rules/engine';
import { checkOrderPhotos, orderChecklist } from './orders';
import { photoVerdict } from './photoGate';
import { clientRejectionFindings } from './rejectionViews';

/**
 * The checklist of the client's materials without an order: photos judged by their stored results only
 * (duplicates are judged per order, where the photo is used).
 */
export async function prospectiveChecklist(desk: Desk, e: EntityView, provider: string): Promise<ChecklistItem[]> {
  if (!nextFiling(e)) return [];
  // a site an approved 注销 took off the record has no 备案号, like a draft, but is not filed anew
  const offRecord = (await websitesOffRecordOf(desk.ctx, [e.id])).get(e.id) ?? [];
  if (!nextFiling(e, offRecord)) return [];
  const materials = await materialsOfEntity(desk.ctx, e.id);
  const items = prospectiveItems(e, provider, materials, await outdatedSheetScans(desk.ctx, [e]), offRecord);
  const byId = new Map(materials.map((m) => [m.id, m]));
  const verdicts = new Map<number, PhotoVerdict | null>();
  for (const { materialId: id } of items) {
    const m = id === null ? undefined : byId.get(id);
    if (m && !verdicts.has(m.id)) verdicts.set(m.id, await photoVerdict(desk, m, provider, null));
  }
  return gateChecklist(items, (id) => verdicts.get(id) ?? null, []);
}

/**
 * Material findings of one client: its open order's checklist, else the next filing's. `duplicates`
 * false (check-all) reads the stored photo results without comparing each photo with the whole store.
 */
export async function materialFindings(desk: Desk, e: EntityView, duplicates = true, ordersRead?: readonly OrderRow[]): Promise<Finding[]> {
  const orders = ordersRead ?? (await ordersOfEntity(desk.ctx, e.id));
  const open = orders.find((o) => isOpen(o.state));
  if (open) return [...checklistFindings(await orderChecklist(desk, open, duplicates), open.id), ...await clientRejectionFindings(desk, e)];
  return checklistFindings(await prospectiveChecklist(desk, e, orders[0]?.provider ?? 'generic'), null);
}

/** A stored client's readiness (the client badge): rules, materials and photo checks together. */
export async function clientReadiness(desk: Desk, entityId: number, filing?: { type: string | null; provider: string | null }): Promise<CheckResult> {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  const open = (await ordersOfEntity(desk.ctx, e.id)).find((o) => isOpen(o.state));
  if (open) await checkOrderPhotos(desk, open.id);
  const rules = await checkClient(desk, entityId, filing);
  const findings = sortFindings([...rules.findings, ...await materialFindings(desk, e)]);
  return { findings, counts: countBySeverity(findings) };
}
