// The material findings of a client's filing that are worked out from its data alone: the next filing a
// client without an open order would need, its checklist before and after its photos are judged, and
// the checklist's open items as findings. Pure (no store), so check-all's workers run it on the slices
// the store's thread reads (rules/checkRecords.ts) and services/readiness.ts on one client.
import type { FilingType } from '../domain/enums';
import type { EntityView, MaterialView } from '../domain/views';
import { matchChecklist, OUTDATED_SHEET_NOTE, requiredSlots, staleNote, type ChecklistItem, type PhotoVerdict } from '../filings/checklist';
import type { Finding } from './types';

const SOURCE = '材料清单（各接入商上传要求，S0、S3、S4）';

// Each finding a slot can give, in one place for checklistFindings and nextFilingFindings: `where` is the order or
// the next filing, `slot` the slot's id and label.
type SlotOf = { id: string; kind: string; label: string };
// A material few orders ask for (the 网站建设方案书, 广东 with many sites) is one the operator rarely files: its hint
// says what to upload and, on the 材料 page, under which 材料类型 and 所属; the others' labels say enough.
const missingHint = (slot: SlotOf, inOrder: boolean) => {
  if (slot.kind === 'site-plan') return inOrder ? '在订单的材料清单中上传网站建设方案书（图片或 PDF）' : '在“材料”页按类型“网站建设方案书”、所属“主体”上传（图片或 PDF），或新建订单后按材料清单上传';
  return inOrder ? '在订单的材料清单中上传' : '在“材料”页上传，或新建订单后按材料清单上传';
};
const missingFinding = (where: string, slot: SlotOf, source: string, inOrder: boolean): Finding => ({ ruleId: 'V-MAT-01', severity: 'error', path: ['materials', slot.id], message: `${where}缺少材料：${slot.label}`, hint: missingHint(slot, inOrder), source });
const failedFinding = (where: string, slot: SlotOf, photo: PhotoVerdict): Finding => ({ ruleId: 'V-MAT-02', severity: 'error', path: ['materials', slot.id], message: `${where}的${slot.label}照片检查不通过：${photo.checks.filter((k) => k.status === 'fail').map((k) => k.message).join('；')}`, hint: '重新拍摄上传；确认无误时可在订单中填写理由接受', source: SOURCE });
const uncheckedFinding = (slot: SlotOf): Finding => ({ ruleId: 'V-MAT-03', severity: 'warning', path: ['materials', slot.id], message: `${slot.label}的照片尚未检查`, hint: '打开订单或在“材料”页检查照片', source: SOURCE });
// a signed 核验单 scan goes stale when what its sheet prints changes: uploading it again is no use until the sheet
// is printed anew and signed
const staleHint = (slot: SlotOf, inOrder: boolean) => {
  const where = inOrder ? '在订单的材料清单中重新上传' : '在“材料”页重新上传';
  return slot.kind === 'sheet' ? `重新生成核验单，签字后${where}` : inOrder ? where : `${where}该负责人的材料`;
};
const staleFinding = (where: string, slot: SlotOf, note: string, inOrder: boolean): Finding => ({ ruleId: 'V-MAT-04', severity: 'error', path: ['materials', slot.id], message: `${where}的${slot.label}：${note}`, hint: staleHint(slot, inOrder), source: SOURCE });
const NEXT_FILING = '下一次备案';

/** The checklist's open items as findings: 缺少, 照片不通过 and 需重新上传 block, 未检查 warns, an accepted photo is noted. */
export function checklistFindings(items: readonly ChecklistItem[], orderId: number | null): Finding[] {
  const where = orderId ? `订单 #${orderId}` : NEXT_FILING;
  // a plain loop: check-all makes these for every client's 6–7 slots, most of them present
  const out: Finding[] = [];
  for (const c of items) {
    if (c.status === 'missing') out.push(missingFinding(where, c, c.source, Boolean(orderId)));
    else if (c.status === 'failed') out.push(failedFinding(where, c, c.photo!));
    else if (c.status === 'unchecked') out.push(uncheckedFinding(c));
    else if (c.status === 'stale') out.push(staleFinding(where, c, c.note, Boolean(orderId)));
    else if (c.status === 'accepted') {
      out.push({ ruleId: 'V-MAT-02', severity: 'info', path: ['materials', c.id], message: `${c.label}照片检查不通过，已由 ${c.override!.actor} 接受：${c.override!.reason}`, hint: '', source: SOURCE });
    }
  }
  return out;
}

/**
 * The filing a client without an open order would need next, or null when everything is filed. `offRecord`: the
 * sites an approved 注销 took off the record (db/repositories/filed.ts websitesOffRecordOf). Their 备案号 was
 * cleared, but they are not drafts waiting to be filed: the next filing neither brings them nor counts them (the
 * 广东 网站建设方案书 counts the sites it brings), and a 主体 注销 with nothing left to file needs no 首次备案.
 * Re-filing such a site is the operator's choice, made with an order that names it.
 */
export function nextFiling(e: EntityView, offRecord: readonly number[] = []): { type: FilingType; websiteIds: number[] } | null {
  const sites = e.websites.filter((w) => w.icpNumber || !offRecord.includes(w.id));
  if (!e.icpNumber) return sites.length === 0 && e.websites.length > 0 ? null : { type: '首次备案', websiteIds: sites.map((w) => w.id) };
  const unfiled = sites.filter((w) => !w.icpNumber).map((w) => w.id);
  return unfiled.length ? { type: '新增网站', websiteIds: unfiled } : null;
}

/** The next filing's checklist before its photos are judged; empty when everything is filed. */
export function prospectiveItems(e: EntityView, provider: string, materials: MaterialView[], outdated?: ReadonlySet<number>, offRecord: readonly number[] = []): ChecklistItem[] {
  const next = nextFiling(e, offRecord);
  // Stryker disable next-line ArrayDeclaration: no links without an order; a list holding a string instead links no slot either (l.slot is undefined)
  return next ? matchChecklist(e, requiredSlots(e, next.type, provider, next.websiteIds), materials, [], outdated) : [];
}

/**
 * checklistFindings(gateChecklist(prospectiveItems(e, provider, materials), verdictOf, []), null) — the next filing's
 * material findings, its photos judged by `verdictOf` — without the checklist's items in between: check-all makes these
 * for every client without an open order, and most of its slots are present, which give nothing. Each slot is matched
 * as matchChecklist matches it without links (the newest fresh material; with none fresh, the slot is stale) and gated as
 * gateChecklist gates it without acceptances.
 */
export function nextFilingFindings(e: EntityView, provider: string, materials: readonly MaterialView[], verdictOf: (materialId: number) => PhotoVerdict | null, outdated: readonly number[] = [], offRecord: readonly number[] = []): Finding[] {
  const next = nextFiling(e, offRecord);
  const out: Finding[] = [];
  if (!next) return out;
  for (const slot of requiredSlots(e, next.type, provider, next.websiteIds)) {
    // Stryker disable next-line ConditionalExpression: a slot of no person (null) finds none either, no person's id being null
    const owner = slot.personId ? e.people.find((p) => p.id === slot.personId) : undefined;
    let newestFresh = -Infinity;
    let found = false;
    let fresh = false;
    for (const m of materials) {
      if (m.kind !== slot.kind || (slot.personId !== null && m.personId !== slot.personId) || (slot.websiteId !== null && m.websiteId !== slot.websiteId)) continue;
      found = true;
      if ((!owner || m.createdAt >= owner.identityChangedAt) && !outdated.includes(m.id)) {
        fresh = true;
        newestFresh = Math.max(newestFresh, m.id);
      }
    }
    if (!found) {
      out.push(missingFinding(NEXT_FILING, slot, slot.source, false));
      continue;
    }
    if (!fresh) {
      // every material of the slot shows the person as they were: uploading again is the way on, whatever its photo checks say
      out.push(staleFinding(NEXT_FILING, slot, owner ? staleNote(owner.name) : OUTDATED_SHEET_NOTE, false));
      continue;
    }
    const photo = verdictOf(newestFresh);
    if (photo?.status === 'unchecked') out.push(uncheckedFinding(slot));
    else if (photo?.status === 'fail') out.push(failedFinding(NEXT_FILING, slot, photo));
  }
  return out;
}

