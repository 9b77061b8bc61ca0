// 可提交 means ready: the rules, the materials and the photo checks together. A client's readiness adds
// to its rule findings what its filing still lacks: the open order's checklist, or — with no open order —
// the checklist of the filing it would need next (首次备案 without a 主体备案号, 新增网站 for unfiled sites).
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { materialsOfEntity } from '../db/repositories/materials';
import { ordersOfEntity } from '../db/repositories/orders';
import type { FilingType } from '../domain/enums';
import type { EntityView, MaterialView } from '../domain/views';
import { gateChecklist, matchChecklist, requiredSlots, type ChecklistItem, type PhotoVerdict } from '../filings/checklist';
import { isOpen } from '../filings/stateMachine';
import type { Finding } from '../rules/types';
import { notFound } from '../domain/errors';
import { checkClient, type CheckResult } from './checks';
import { countBySeverity, sortFindings } from '../rules/engine';
import { checkOrderPhotos, orderChecklist } from './orders';
import { photoVerdict } from './photoGate';
import { clientRejectionFindings } from './rejectionViews';

const SOURCE = '材料清单（各接入商上传要求，S0、S3、S4）';

/** The checklist's open items as findings: 缺少 and 照片不通过 block, 未检查 warns, an accepted photo is noted. */
export function checklistFindings(items: readonly ChecklistItem[], orderId: number | null): Finding[] {
  const where = orderId ? `订单 #${orderId}` : '下一次备案';
  return items.flatMap((c): Finding[] => {
    const path = ['materials', c.id];
    if (c.status === 'missing') return [{ ruleId: 'V-MAT-01', severity: 'error', path, message: `${where}缺少材料：${c.label}`, hint: orderId ? '在订单的材料清单中上传' : '在“材料”页上传，或新建订单后按材料清单上传', source: c.source }];
    if (c.status === 'failed') {
      const why = c.photo!.checks.filter((k) => k.status === 'fail').map((k) => k.message).join('；');
      return [{ ruleId: 'V-MAT-02', severity: 'error', path, message: `${where}的${c.label}照片检查不通过：${why}`, hint: '重新拍摄上传；确认无误时可在订单中填写理由接受', source: SOURCE }];
    }
    if (c.status === 'unchecked') return [{ ruleId: 'V-MAT-03', severity: 'warning', path, message: `${c.label}的照片尚未检查`, hint: '打开订单或在“材料”页检查照片', source: SOURCE }];
    if (c.status === 'accepted') return [{ ruleId: 'V-MAT-02', severity: 'info', path, message: `${c.label}照片检查不通过，已由 ${c.override!.actor} 接受：${c.override!.reason}`, hint: '', source: SOURCE }];
    return [];
  });
}

/** The filing a client without an open order would need next, or null when everything is filed. */
function nextFiling(e: EntityView): { type: FilingType; websiteIds: number[] } | null {
  if (!e.icpNumber) return { type: '首次备案', websiteIds: e.websites.map((w) => w.id) };
  const unfiled = e.websites.filter((w) => !w.icpNumber).map((w) => w.id);
  return unfiled.length ? { type: '新增网站', websiteIds: unfiled } : null;
}

/** The next filing's checklist before its photos are judged; empty when everything is filed. */
export function prospectiveItems(e: EntityView, provider: string, materials: MaterialView[]): ChecklistItem[] {
  const next = nextFiling(e);
  return next ? matchChecklist(e, requiredSlots(e, next.type, provider, next.websiteIds), materials, []) : [];
}

/**
 * The checklist of the client's materials without an order: photos judged by their stored results only
 * (duplicates are judged per order, where the photo is used).
 */
export async function prospectiveChecklist(desk: Desk, e: EntityView, provider: string): Promise<ChecklistItem[]> {
  if (!nextFiling(e)) return [];
  const materials = await materialsOfEntity(desk.ctx, e.id);
  const items = prospectiveItems(e, provider, materials);
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
export async function materialFindings(desk: Desk, e: EntityView, duplicates = true): Promise<Finding[]> {
  const orders = await ordersOfEntity(desk.ctx, e.id);
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
