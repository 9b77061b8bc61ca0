// What an order must carry (材料清单): computed from filing type × 主办者性质 × province × provider, then
// matched against the client's materials — present, missing, or stale (older than the person it shows) —
// and gated by the photo checks of the material each slot uses (gateChecklist).
// Sources: domain.md §4 (cross-province materials), §6 (photos and materials), §1 (types). Which province asks
// which material is a province fact, read from resources/data/provinces.json (domain/provinces), never listed here.
import type { FilingType, MaterialKind, PhotoCheckStatus } from '../domain/enums';
import { CHANGE_FILING_TYPES, FILING_TYPES_THAT_FILE, MATERIAL_KINDS } from '../domain/enums';
import { provinceByName } from '../domain/provinces';
import type { EntityView, MaterialView, PersonView } from '../domain/views';
import { idProvinceCode, looksLikePersonName } from '../domain/personFacts';
import { isKnownProvider, providerProfile } from '../providers/profiles';

export interface ChangeFacts {
  /** 主体负责人 / 法定代表人 replaced */
  principalReplaced?: boolean;
  websitePrincipalReplaced?: boolean;
  /** the licence (主体证件) was re-issued, e.g. a new address */
  licenceChanged?: boolean;
  /** 法定代表人 changed (in 湖南/贵州 a new 网站负责人授权书 is needed) */
  legalRepChanged?: boolean;
  /**
   * 新增网站: 原备案不在本接入商 (true) or 在本接入商 (false), as the operator chose it. Elsewhere the 主体 is
   * entered anew and must equal what was filed (seed 004 《原备案不在腾讯云新增网站》); here the filed
   * 主体 is only confirmed (《原备案在腾讯云新增网站》). The uploads are the same either way (both list them).
   */
  originElsewhere?: boolean;
}

export interface Slot {
  id: string;
  kind: MaterialKind;
  label: string;
  personId: number | null;
  websiteId: number | null;
  why: string;
  source: string;
}

/**
 * present (已有), missing (缺少), stale (需确认: the person changed after the upload), failed (照片不通过),
 * accepted (不通过, accepted by the operator with a written reason), unchecked (照片尚未检查).
 */
export type SlotStatus = 'present' | 'missing' | 'stale' | 'failed' | 'accepted' | 'unchecked';

/** The photo checks of the material a slot uses (main/services/photoGate.ts). */
export interface PhotoVerdict {
  status: PhotoCheckStatus | 'unchecked';
  checks: { id: string; status: PhotoCheckStatus; value: string | number | null; threshold: string | number | null; message: string }[];
}

/** An operator's written acceptance of a failing photo, for one slot and one material. */
export interface PhotoOverride {
  slot: string;
  materialId: number;
  reason: string;
  actor: string;
  at: string;
}

export interface ChecklistItem extends Slot {
  status: SlotStatus;
  materialIds: number[];
  /** The material the slot uses (the newest valid one), or null. */
  materialId: number | null;
  photo: PhotoVerdict | null;
  override: Omit<PhotoOverride, 'slot' | 'materialId'> | null;
  note: string;
}

const PHOTO_TYPES = FILING_TYPES_THAT_FILE;
const CHANGE_TYPES = CHANGE_FILING_TYPES;

function hasSlot(slots: readonly Slot[], id: string): boolean {
  for (let i = 0; i < slots.length; i++) if (slots[i]!.id === id) return true;
  return false;
}

export function requiredSlots(entity: EntityView, type: FilingType, provider: string, websiteIds: number[], change: ChangeFacts = {}): Slot[] {
  const province = provinceByName(entity.province);
  const unit = entity.nature !== '个人';
  const sites = entity.websites.filter((w) => websiteIds.includes(w.id));
  const person = (id: number | null) => entity.people.find((p) => p.id === id);
  const principal = person(entity.principalPersonId);
  const slots: Slot[] = [];
  const isChange = CHANGE_TYPES.includes(type);
  const needsPeople = PHOTO_TYPES.includes(type) || (isChange && (change.principalReplaced || change.websitePrincipalReplaced));
  // written out key by key, in the order `{ label: MATERIAL_KINDS[s.kind], ...s }` gave (a spread costs a hidden class a slot)
  const add = (s: Omit<Slot, 'label'> & { label?: string }) => {
    if (!hasSlot(slots, s.id)) slots.push({ label: s.label ?? MATERIAL_KINDS[s.kind], id: s.id, kind: s.kind, personId: s.personId, websiteId: s.websiteId, why: s.why, source: s.source });
  };

  if (unit && (PHOTO_TYPES.includes(type) || (isChange && change.licenceChanged))) {
    add({ id: 'entity:licence', kind: 'licence', personId: null, websiteId: null, why: isChange ? '主体证件信息已变更，须上传新证件的彩色扫描件' : '单位主体证件（营业执照等）彩色扫描件或原件照片', source: 'S4；S2（执照地址变更须重传）' });
  }
  const idPeople = new Map<number, PersonView>();
  if (needsPeople) {
    if (principal && (PHOTO_TYPES.includes(type) || change.principalReplaced)) idPeople.set(principal.id, principal);
    for (const w of sites) {
      const p = person(w.principalPersonId);
      if (p && (PHOTO_TYPES.includes(type) || change.websitePrincipalReplaced || change.principalReplaced)) idPeople.set(p.id, p);
    }
  }
  for (const p of idPeople.values()) {
    add({ id: `person:${p.id}:id-front`, kind: 'id-front', label: `${p.name}的证件正面`, personId: p.id, websiteId: null, why: '负责人证件，清晰完整、在有效期内', source: 'S4（证件上传要求）' });
    add({ id: `person:${p.id}:id-back`, kind: 'id-back', label: `${p.name}的证件背面`, personId: p.id, websiteId: null, why: '正反面均须上传（可合成一张）', source: 'S4' });
  }
  // Shanghai at Tencent verifies faces in the app instead of a curtain photo (S0, S3, S4).
  const appVerification = provider === 'tencent' && entity.province === '上海市';
  const dc = province?.rules.domainCertificate;
  // 陕西 counts the 主体's domains, the filed sites' too: a 新增网站 with one domain may be the fifth
  const entityDomains = dc?.countedOver === 'entity' ? new Set(entity.websites.flatMap((w) => w.domains.map((d) => d.toLowerCase()))).size : 0;
  for (const w of sites) {
    const p = person(w.principalPersonId);
    if (needsPeople && p && !appVerification) {
      add({ id: `website:${w.id}:curtain`, kind: 'curtain', label: `${w.name}：网站负责人${p.name}的幕布照片`, personId: p.id, websiteId: w.id, why: '拍照人须为网站负责人本人，站在幕布中间，上半身', source: 'S0、S3、S4' });
    }
    if (needsPeople) add({ id: `website:${w.id}:sheet`, kind: 'sheet', label: `${w.name}：已签字的核验单扫描件`, personId: null, websiteId: w.id, why: unit ? '网站负责人签字并加盖公章，日期留空' : '网站负责人签字', source: 'S0、S3、S4' });
    if (w.preApprovals.length && (PHOTO_TYPES.includes(type) || isChange)) add({ id: `website:${w.id}:pre-approval`, kind: 'pre-approval', label: `${w.name}：前置审批文件（${w.preApprovals.join('、')}）`, personId: null, websiteId: w.id, why: '勾选了前置或专项审批', source: 'S3' });
    const perEntity = dc?.countedOver === 'entity';
    if (dc && (!dc.personalOnly || !unit) && w.domains.length > 0 && (perEntity ? entityDomains : w.domains.length) >= dc.minDomains && PHOTO_TYPES.includes(type)) {
      const when = dc.minDomains > 1 ? `${perEntity ? '主体共 ' : ''}${dc.minDomains} 个及以上域名时` : '';
      add({ id: `website:${w.id}:domain-cert`, kind: 'domain-cert', label: `${w.name}：域名证书（${w.domains.length} 个域名）`, personId: null, websiteId: w.id, why: `${province!.short}管局要求${when}提供域名证书${perEntity ? `（本主体共 ${entityDomains} 个）` : ''}`, source: 'domain.md §4（各省来源与年份不一，取较严）' });
    }
  }
  // 广东 asks a 主体 with many websites for the 网站建设方案书 (§4 cross-province materials: units >30, individuals
  // >10). Counted as the 管局 sees the 主体 after this filing: its sites on record (a 网站备案号) and those the filing
  // brings; a site neither filed nor in the order is a draft for a later order, unseen by the 管局. Nothing is taken
  // off for a 注销: only a filing that files asks this, and a 主体 has one open order at a time (V-CHG-07). A site an
  // approved 注销 took off the record lost its 网站备案号 then (services/filedState.ts), so it counts only when the
  // filing brings it again; the next filing without an order does not (rules/materialFindings.ts nextFiling).
  const plan = province?.rules.sitePlan;
  if (plan && PHOTO_TYPES.includes(type)) {
    let count = 0;
    for (const w of entity.websites) if (w.icpNumber || websiteIds.includes(w.id)) count++;
    const over = unit ? plan.unitMoreThan : plan.personalMoreThan;
    if (count > over) {
      add({ id: 'entity:site-plan', kind: 'site-plan', label: `网站建设方案书（本主体共 ${count} 个网站）`, personId: null, websiteId: null, why: `${province!.short}：${unit ? '单位' : '个人'}主体的网站超过 ${over} 个（已备案的加本次备案的）须提供网站建设方案书`, source: `qcloud ${unit ? '单位' : '个人'}备案.md（domain.md §4 跨省材料）` });
    }
  }
  if (unit && principal && looksLikePersonName(entity.investor) && principal.name !== entity.investor && province?.rules.principalAuthorisation && needsPeople) {
    add({ id: 'entity:principal-authorisation', kind: 'authorisation', label: '主体负责人法人授权书', personId: principal.id, websiteId: null, why: `${province?.short}：主体负责人不是法定代表人（${entity.investor}）时须授权`, source: 'qcloud 单位备案.md' });
  }
  if (unit && province?.rules.sitePrincipalAuthorisation && looksLikePersonName(entity.investor)) {
    for (const w of sites) {
      const p = person(w.principalPersonId);
      const legalRepChange = isChange && (change.legalRepChanged ?? change.principalReplaced) && !!province?.rules.legalRepChangeNeedsFullChange;
      if ((p && p.name !== entity.investor && needsPeople) || legalRepChange) {
        add({ id: `website:${w.id}:authorisation`, kind: 'authorisation', label: `${w.name}：网站负责人授权书`, personId: p?.id ?? null, websiteId: w.id, why: legalRepChange ? `${province?.short}：法定代表人变更须提供新的网站负责人授权书` : '网站负责人不是法定代表人时须法人授权', source: legalRepChange ? 'S2' : 'qcloud 单位备案.md' });
      }
    }
  }
  if (!unit && province?.rules.localIdPersonal === 'proof' && principal) {
    const code = idProvinceCode(principal);
    if (code && code !== province.gbCode && needsPeople) add({ id: `person:${principal.id}:residence`, kind: 'residence', personId: principal.id, websiteId: null, why: `${province.short}：外省户籍须提供暂住证或居住证`, source: 'qcloud 各省管局要求20170605' });
  }
  // 江西 asks it of any 网站负责人 whose ID is another province's, a unit's too (V-PROV-02 tells the operator to upload it)
  if (province?.rules.sitePrincipalLocalProof) {
    for (const w of sites) {
      const p = person(w.principalPersonId);
      const code = idProvinceCode(p);
      if (p && idPeople.has(p.id) && code && code !== province.gbCode) add({ id: `person:${p.id}:residence`, kind: 'residence', personId: p.id, websiteId: null, why: `${province.short}：外省户籍的网站负责人须提供暂住证或居住证`, source: 'qcloud 各省管局要求20170605' });
    }
  }
  return slots;
}

/**
 * A checklist item written out key by key, in the order `{ ...slot, materialId, photo, override, status,
 * materialIds, note }` gives. Not a spread: on Node 20's V8 a spread followed by more keys costs about
 * 1.5 µs a key (a fresh hidden class per object), which made this the costliest step of check-all's cold
 * run (≈ 0.13 ms a client for 6–7 slots); written out, the same object costs well under a microsecond.
 */
function itemOf(slot: Slot, status: SlotStatus, materialIds: number[], materialId: number | null, note: string): ChecklistItem {
  return { label: slot.label, id: slot.id, kind: slot.kind, personId: slot.personId, websiteId: slot.websiteId, why: slot.why, source: slot.source, materialId, photo: null, override: null, status, materialIds, note };
}

/** The item with its photo's verdict and, when that changes them, its status, override and note (same keys, same order). */
function gated(item: ChecklistItem, photo: PhotoVerdict, status: SlotStatus, override: ChecklistItem['override'], note: string): ChecklistItem {
  return { label: item.label, id: item.id, kind: item.kind, personId: item.personId, websiteId: item.websiteId, why: item.why, source: item.source, materialId: item.materialId, photo, override, status, materialIds: item.materialIds, note };
}

/**
 * Where signed 核验单 scans are used, and for whom: `provider`, that of the filing or package the checklist is judged for
 * (services/orders.ts orderAsFor); `printedFor`, the provider each scan's sheet named, by material id (none: not known).
 */
export interface SheetsPrintedFor {
  provider: string;
  printedFor: ReadonlyMap<number, string>;
  /** The order is at another provider: `provider` is only the layout of a package asked for it (orders.ts orderAsFor). */
  packageLayoutOnly?: boolean;
}

/**
 * Matches each slot with the client's materials: linked to this order's slot, or the same kind for the same person/website.
 * `outdated`: signed 核验单 scans whose sheet printed other values than the record holds now (domain/sheetRecord.ts
 * outdatedScans) — stale like an ID scan older than its person; so is a scan whose sheet named another provider than
 * `sheets.provider` (sheetForAnotherProvider).
 */
export function matchChecklist(entity: EntityView, slots: Slot[], materials: MaterialView[], links: { slot: string; materialId: number }[], outdated: ReadonlySet<number> = NONE, sheets?: SheetsPrintedFor): ChecklistItem[] {
  // plain loops: check-all matches every client's slots (6–7) against its materials, with no links
  const out: ChecklistItem[] = [];
  const elsewhere = (id: number) => (sheets ? sheetForAnotherProvider(sheets.printedFor.get(id), sheets.provider, sheets.packageLayoutOnly) : null);
  for (const slot of slots) {
    // Stryker disable next-line ArrayDeclaration: a list holding a string instead holds no material's id either
    const linked: number[] = [];
    for (const l of links) if (l.slot === slot.id) linked.push(l.materialId);
    const candidates: MaterialView[] = [];
    for (const m of materials) {
      if (linked.includes(m.id) || (m.kind === slot.kind && (slot.personId === null || m.personId === slot.personId) && (slot.websiteId === null || m.websiteId === slot.websiteId))) candidates.push(m);
    }
    if (!candidates.length) {
      out.push(itemOf(slot, 'missing', [], null, '尚未上传'));
      continue;
    }
    const owner = slot.personId ? entity.people.find((p) => p.id === slot.personId) : undefined;
    const ids: number[] = [];
    for (const m of candidates) if ((!owner || m.createdAt >= owner.identityChangedAt) && !outdated.has(m.id) && !elsewhere(m.id)) ids.push(m.id);
    if (!ids.length) {
      for (const m of candidates) ids.push(m.id);
      const newest = largest(ids);
      // the newest scan says what to do: sign the sheet again as the record is now, or as drawn for this provider
      const note = owner ? staleNote(owner.name) : outdated.has(newest) ? OUTDATED_SHEET_NOTE : (elsewhere(newest) ?? OUTDATED_SHEET_NOTE);
      out.push(itemOf(slot, 'stale', ids, newest, note));
      continue;
    }
    out.push(itemOf(slot, 'present', ids, largest(ids), ''));
  }
  return out;
}

/** Why a stale slot blocks, and what to do: the one text for the order's checklist and check-all (V-MAT-04). */
export const staleNote = (person: string) => `${person}的姓名或证件在材料上传后改过，材料上已不是记录中的信息：请核对后重新上传（同一文件可再次上传）`;

/**
 * Why a signed 核验单 scan is stale, and what to do (V-MAT-04): a scan shows the sheet it was printed from — one the
 * desk generated or stamped before the change, uploaded after it, too (domain/sheetRecord.ts DRAWN_SHEET_KINDS).
 */
export const OUTDATED_SHEET_NOTE = '核验单上印的信息在核验单生成后改过（网站名称、域名、首页URL、IP，或主体、负责人的资料），已签字的核验单已不是记录中的信息：请重新生成核验单（盖章版须重新盖章），签字（单位加盖公章）后重新上传';

/**
 * Why a signed 核验单 scan cannot go to `provider`, or null when it can (or whom it named is not known: one stored before
 * migration 0032). Its 接入服务提供者, 接入方式 and 服务器放置地点 are the boxes of the provider it was drawn for
 * (pdf/sheetData.ts): signed for one provider, it is no sheet for another's filing — a package laid out for another
 * provider than the order's (导出 按接入商命名), or an order at a new provider finding the scan of an earlier one.
 */
export function sheetForAnotherProvider(printedFor: string | undefined, provider: string, packageLayoutOnly = false): string | null {
  if (printedFor === undefined || printedFor === provider) return null;
  const name = (id: string) => (isKnownProvider(id) ? providerProfile(id).name : id);
  // a package laid out for another provider than the order's: a sheet drawn from this order names the order's
  // provider again, so what helps is an order at the other provider
  if (packageLayoutOnly) {
    return `已签字的核验单是为“${name(printedFor)}”生成的，不能放进按“${name(provider)}”命名的提交包：核验单按订单的接入商生成，要在${name(provider)}提交，请为该客户新建${name(provider)}的订单（本订单改为“已放弃”），在新订单中生成核验单，签字（单位加盖公章）后上传`;
  }
  return `已签字的核验单是为“${name(printedFor)}”生成的，不能用于“${name(provider)}”的提交包：请为${name(provider)}重新生成核验单并签字（单位加盖公章）后重新上传`;
}

const NONE: ReadonlySet<number> = new Set();

/** Math.max(...ids), without the spread call. */
function largest(ids: readonly number[]): number {
  let max = -Infinity;
  for (const id of ids) max = Math.max(max, id);
  return max;
}

const failing = (v: PhotoVerdict) => v.checks.filter((c) => c.status === 'fail').map((c) => c.message);

/**
 * Photo results gate the checklist: a slot is 已有 only when the photo it uses passes or warns; a failing
 * photo counts only once the operator has accepted it with a reason (for that very material).
 */
export function gateChecklist(items: ChecklistItem[], verdictOf: (materialId: number) => PhotoVerdict | null, overrides: readonly PhotoOverride[]): ChecklistItem[] {
  return items.map((item) => {
    // a stale material is uploaded again whatever its photo checks say (nothing to accept on it either)
    if (item.materialId === null || item.status === 'stale') return item;
    const photo = verdictOf(item.materialId);
    if (!photo) return item;
    if (photo.status === 'unchecked') return gated(item, photo, 'unchecked', item.override, '照片尚未检查：打开订单时会自动检查');
    if (photo.status !== 'fail') return gated(item, photo, item.status, item.override, item.note);
    const o = overrides.find((x) => x.slot === item.id && x.materialId === item.materialId);
    if (o) return gated(item, photo, 'accepted', { reason: o.reason, actor: o.actor, at: o.at }, `照片检查不通过，已由 ${o.actor} 接受：${o.reason}`);
    return gated(item, photo, 'failed', item.override, failing(photo).join('；'));
  });
}

/** What keeps the checklist from being ready, one line per slot, each naming the slot and why. */
export function checklistProblems(items: readonly ChecklistItem[]): string[] {
  return items.flatMap((c) => {
    if (c.status === 'missing') return [`缺少材料：${c.label}`];
    if (c.status === 'failed') return [`照片检查不通过：${c.label}——${failing(c.photo!).join('；')}（重新上传，或确认无误后填写理由接受）`];
    if (c.status === 'unchecked') return [`照片尚未检查：${c.label}`];
    if (c.status === 'stale') return [`材料需重新上传：${c.label}——${c.note}`];
    return [];
  });
}
