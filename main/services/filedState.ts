// 已备案信息 of a client: written in the approving transaction of an order, recorded on purpose for a
// client whose filings were made before this desk, shown beside the current information with the
// differences marked (personal numbers masked), and read by change orders as their `before`.
import { chinaDay } from '../domain/dates';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity, setEntityIcpNumber } from '../db/repositories/entities';
import { filedVersions, insertFiled, latestFiled, saveSubmittedRecord, submittedRecordOf } from '../db/repositories/filed';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { setWebsiteIcpNumber } from '../db/repositories/websites';
import type { FilingType } from '../domain/enums';
import { DeskError, notFound } from '../domain/errors';
import type { FiledDifference, FiledRecord, FiledState } from '../domain/filed';
import { personKey } from '../domain/filed';
import type { ClientRecord } from '../domain/schemas';
import { icpNumberProblem, maskNumber, normalizeIcpNumber, sameIcpNumber } from '../domain/identifiers';
import { FIELD_LABELS, ICP_NUMBER_LABELS } from '../domain/labels';
import type { EntityView } from '../domain/views';
import { cancelledWebsiteIds, currentAsFiled, filedAfter, submittedRecord } from '../filings/filedTransitions';
import { maskEmail, maskOfficePhone, maskPerson } from './privacy';

async function entityOrThrow(desk: Desk, id: number): Promise<EntityView> {
  const e = await getEntity(desk.ctx, id);
  if (!e) throw notFound('客户', id);
  return e;
}

export const currentFiled = (desk: Desk, entityId: number): Promise<FiledState | null> => latestFiled(desk.ctx, entityId);

type OrderOnRecord = { id: number; entityId: number; type: FilingType; provider: string; websiteIds: number[] };

/**
 * Called inside the transaction that moves an order to 初审中 (the submission gate passed): keeps what the
 * order submits, so that its approval files that and not the client as it is by then. A resubmission
 * after 驳回 replaces it.
 */
export async function recordSubmitted(desk: Desk, order: OrderOnRecord): Promise<void> {
  const e = await entityOrThrow(desk, order.entityId);
  const prev = await latestFiled(desk.ctx, e.id);
  await saveSubmittedRecord(desk.ctx, order.id, submittedRecord(e, { id: order.id, type: order.type, provider: order.provider, websiteIds: order.websiteIds }, prev));
}

/**
 * Called inside the transaction that moves an order to 已通过: the next version of the filed state, built
 * from what the order submitted (recordSubmitted) with the 备案号s just written back. An order submitted
 * before the desk kept that (migration 0027) is filed from the client's current record, as before.
 * A 注销 clears the 备案号s it cancelled from the current record too (they no longer exist at the 管局).
 */
export async function recordFiledOnApproval(desk: Desk, order: OrderOnRecord, day: string): Promise<void> {
  const e = await entityOrThrow(desk, order.entityId);
  const prev = await latestFiled(desk.ctx, e.id);
  const submitted = await submittedRecordOf(desk.ctx, order.id);
  const next = filedAfter(prev, e, { id: order.id, type: order.type, provider: order.provider, websiteIds: order.websiteIds }, submitted?.record ?? null);
  if (next) {
    const version = await insertFiled(desk.ctx, { ...next, entityId: e.id, filedAt: day, origin: '订单通过', orderId: order.id });
    await appendAudit(desk.ctx, { action: 'filed.record', targetType: 'entity', targetId: e.id, entityId: e.id, detail: { version, type: order.type, websites: next.record.websites.length, providers: next.providers.length, asSubmitted: submitted !== null } });
  }
  await clearCancelledNumbers(desk, e, order, prev);
}

/**
 * Only what the order cancelled loses its 备案号 (cancelledWebsiteIds): a site the order did not name keeps
 * its number whatever the filed state lists. Only the icp_number column is written, so an edit of the
 * client's other fields saved meanwhile stays.
 */
async function clearCancelledNumbers(desk: Desk, e: EntityView, order: OrderOnRecord, prev: FiledState | null): Promise<void> {
  const sites = cancelledWebsiteIds(order, prev, e.websites.filter((w) => w.icpNumber).map((w) => w.id));
  const entity = order.type === '注销主体' && e.icpNumber !== null;
  if (!sites.length && !entity) return;
  for (const id of sites) await setWebsiteIcpNumber(desk.ctx, id, null);
  if (entity) await setEntityIcpNumber(desk.ctx, e.id, null);
  await refreshSearchIndex(desk.ctx, e.id);
}

export interface ExistingFiling {
  /** The provider the sites are 接入 at, unless websiteProviders names another for a site. */
  provider: string;
  /** 接入商 per website id, for a 主体 whose sites are 接入 at different providers; unnamed sites are at `provider`. */
  websiteProviders?: Record<number, string> | undefined;
  /** YYYY-MM-DD: when the 管局 approved, as far as known. */
  filedAt: string;
  /** Typed when the client has none yet; checked by icpNumberProblem. */
  entityIcpNumber?: string | undefined;
  /** 网站备案号 per website id, for sites that have none yet. Sites left without one are not on record. */
  websiteIcpNumbers?: Record<number, string> | undefined;
}

/**
 * "当前信息即已备案信息": a client whose filings were made before this desk. The 备案号s are written back
 * and validated (format, province prefix, 主体 vs 网站 form); the current record becomes the filed state.
 * Each site is filed at its own 接入商 and the 主体's providers are theirs together: it can be registered
 * only once, so a 取消接入 or 接入备案 at a second provider reads which sites are 接入 there from this.
 */
export async function recordExistingFiling(desk: Desk, entityId: number, input: ExistingFiling): Promise<FiledState> {
  await desk.sql.tx(async () => {
    const e = await entityOrThrow(desk, entityId);
    if (await latestFiled(desk.ctx, e.id)) throw new DeskError('CONFLICT', `客户“${e.name}”已有已备案信息：之后的备案由订单通过时记录`, [{ path: ['entityId'], message: '已备案信息已存在' }]);
    const entityIcp = e.icpNumber ?? (input.entityIcpNumber ? normalizeIcpNumber(input.entityIcpNumber) : null);
    if (!entityIcp) throw new DeskError('VALIDATION', '请填写主体备案号', [{ path: ['entityIcpNumber'], message: '如 粤ICP备12345678号' }]);
    const strange = Object.keys(input.websiteProviders ?? {}).find((id) => !e.websites.some((w) => w.id === Number(id)));
    if (strange !== undefined) throw new DeskError('VALIDATION', `网站 #${strange} 不是客户“${e.name}”的网站：请按该客户的网站指定接入商`, [{ path: ['websiteProviders', Number(strange)], message: '不是该客户的网站' }]);
    const ep = icpNumberProblem(entityIcp, { kind: 'entity', province: e.province });
    if (ep) throw new DeskError('VALIDATION', ep.message, [{ path: ['entityIcpNumber'], message: ep.hint }]);
    const filedSites: number[] = [];
    for (const w of e.websites) {
      const typed = input.websiteIcpNumbers?.[w.id];
      const n = w.icpNumber ?? (typed ? normalizeIcpNumber(typed) : null);
      if (!n) continue;
      const sp = icpNumberProblem(n, { kind: 'website', province: e.province, entityIcp });
      if (sp) throw new DeskError('VALIDATION', `网站“${w.name}”：${sp.message}`, [{ path: ['websiteIcpNumbers', w.id], message: sp.hint }]);
      if (!w.icpNumber) await setWebsiteIcpNumber(desk.ctx, w.id, n);
      filedSites.push(w.id);
    }
    // the numbers alone, the 主体's after its websites' (as an approval writes them back: orders.ts), so an edit
    // of the client's other fields saved meanwhile stays
    if (!e.icpNumber) await setEntityIcpNumber(desk.ctx, e.id, entityIcp);
    await refreshSearchIndex(desk.ctx, e.id);
    const after = await entityOrThrow(desk, e.id);
    const record = currentAsFiled(after, filedSites, (id) => input.websiteProviders?.[id] ?? input.provider);
    // a 主体 with no site on record is still 接入 at the provider named for it
    const providers = record.websites.length ? [...new Set(record.websites.map((w) => w.provider))] : [input.provider];
    const version = await insertFiled(desk.ctx, { entityId: e.id, filedAt: input.filedAt, origin: '登记已备案', orderId: null, status: '已备案', entityIcpNumber: entityIcp, providers, record });
    await appendAudit(desk.ctx, { action: 'filed.record', targetType: 'entity', targetId: e.id, entityId: e.id, detail: { version, websites: filedSites.length, provider: input.provider, providers } });
  });
  return (await latestFiled(desk.ctx, entityId))!;
}

const SEALED_KINDS: Record<string, (v: string) => string> = { certNumber: maskNumber, mobile: maskNumber, emergencyPhone: (v) => (v ? maskNumber(v) : ''), email: maskEmail, officePhone: maskOfficePhone };
const shown = (field: string, v: unknown, personal: boolean): string | null => {
  if (v === undefined) return null;
  const text = Array.isArray(v) ? v.join('、') : v === null ? '' : String(v);
  const mask = SEALED_KINDS[field];
  return mask && personal ? mask(text) : text;
};

/** Field by field: what was filed and what the client's record says now, personal numbers masked. */
export function filedDifferences(filed: FiledRecord, current: FiledRecord, nature: string): FiledDifference[] {
  const out: FiledDifference[] = [];
  const compare = (area: string, a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined, keys: string[], personal: boolean, labels: Record<string, string> = {}) => {
    for (const k of keys) {
      const x = a?.[k];
      const y = b?.[k];
      // 备案号s compared normalised; '' (a filed site without one) and null both mean none
      const same = k === 'icpNumber' ? sameIcpNumber(x as string | null, y as string | null) : JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
      if (same) continue;
      out.push({ area, field: k, label: labels[k] ?? FIELD_LABELS[k] ?? k, filed: a ? shown(k, x ?? null, personal) : null, current: b ? shown(k, y ?? null, personal) : null });
    }
  };
  // the 备案号s too: a 注销, 取消接入 or 变更 is made under the filed ones, and a form saying others is refused (changeOrders.ts filedNumberProblems)
  compare('主体', filed.entity, current.entity, ['name', 'nature', 'certType', 'certNumber', 'province', 'city', 'district', 'certAddress', 'investor', 'mailingAddress', 'remark', 'certValidTo', 'icpNumber'], nature === '个人', { icpNumber: ICP_NUMBER_LABELS.entity });
  const personName = (k: string) => filed.people.find((p) => p.id === k)?.name ?? current.people.find((p) => p.id === k)?.name ?? '';
  if (filed.entity.principal !== current.entity.principal) out.push({ area: '主体', field: 'principal', label: '主体负责人', filed: personName(filed.entity.principal), current: personName(current.entity.principal) });
  const personKeys = ['name', 'certType', 'certNumber', 'certValidFrom', 'certValidTo', 'officePhone', 'mobile', 'emergencyPhone', 'email'];
  for (const p of filed.people) {
    const now = current.people.find((c) => c.id === p.id);
    if (now) compare(`负责人“${p.name}”`, p, now, personKeys, true);
  }
  const siteKeys = ['name', 'domains', 'homepages', 'serviceContent', 'preApprovals', 'languages', 'ips', 'remark', 'icpNumber'];
  for (const w of filed.websites) {
    const now = current.websites.find((c) => c.websiteId === w.websiteId);
    if (!now) {
      out.push({ area: `网站“${w.name}”`, field: 'website', label: '网站', filed: `${w.name}（${w.icpNumber}）`, current: null });
      continue;
    }
    compare(`网站“${w.name}”`, w, now, siteKeys, false, { icpNumber: ICP_NUMBER_LABELS.website });
    if (w.principal !== now.principal) out.push({ area: `网站“${w.name}”`, field: 'principal', label: '网站负责人', filed: personName(w.principal), current: personName(now.principal) });
  }
  return out;
}

/** The client's filed state for screens: masked, with the differences to the current record. */
export async function filedOverview(desk: Desk, entityId: number) {
  const e = await entityOrThrow(desk, entityId);
  const filed = await latestFiled(desk.ctx, e.id);
  const versions = await filedVersions(desk.ctx, e.id);
  if (!filed) return { filed: null, versions, differences: [] };
  const current = currentAsFiled(e, filed.record.websites.flatMap((w) => (w.websiteId === null ? [] : [w.websiteId])), (id) => filed.record.websites.find((w) => w.websiteId === id)!.provider);
  const differences = filedDifferences(filed.record, current, e.nature);
  const personal = e.nature === '个人';
  const r = filed.record;
  const masked: FiledRecord = {
    entity: { ...r.entity, certNumber: personal ? maskNumber(r.entity.certNumber) : r.entity.certNumber },
    people: r.people.map(maskPerson),
    websites: r.websites,
  };
  return { filed: { ...filed, record: masked }, versions, differences };
}

/**
 * A record imported with `filing.before` (entity add --file, the API): `before` is what was filed elsewhere,
 * recorded as the client's filed state in the import's transaction. Its 备案号s pass the one 备案号 check;
 * its people and websites are matched with the created ones by key and by name (else position).
 */
export async function recordFiledFromBefore(desk: Desk, created: { id: number; personIds: Record<string, number>; websiteIds: number[] }, record: ClientRecord): Promise<void> {
  const before = record.filing?.before;
  if (!before) return;
  const e = await entityOrThrow(desk, created.id);
  const entityIcp = before.entity.icpNumber ? normalizeIcpNumber(before.entity.icpNumber) : null;
  if (!entityIcp) throw new DeskError('VALIDATION', 'filing.before 须含主体备案号（已备案的信息）', [{ path: ['filing', 'before', 'entity', 'icpNumber'], message: '如 粤ICP备12345678号' }]);
  const ep = icpNumberProblem(entityIcp, { kind: 'entity', province: before.entity.province });
  if (ep) throw new DeskError('VALIDATION', `filing.before：${ep.message}`, [{ path: ['filing', 'before', 'entity', 'icpNumber'], message: ep.hint }]);
  const key = (k: string) => (created.personIds[k] === undefined ? k : personKey(created.personIds[k]!));
  const provider = record.filing!.provider;
  const websites = before.websites.flatMap((w, i) => {
    if (!w.icpNumber) return [];
    const n = normalizeIcpNumber(w.icpNumber);
    const sp = icpNumberProblem(n, { kind: 'website', province: before.entity.province, entityIcp });
    if (sp) throw new DeskError('VALIDATION', `filing.before 网站“${w.name}”：${sp.message}`, [{ path: ['filing', 'before', 'websites', i, 'icpNumber'], message: sp.hint }]);
    const byName = e.websites.find((x) => x.name === w.name);
    return [{ ...w, principal: key(w.principal), icpNumber: n, websiteId: byName?.id ?? created.websiteIds[i] ?? null, provider }];
  });
  const filed: FiledRecord = {
    entity: { ...before.entity, icpNumber: entityIcp, principal: key(before.entity.principal) },
    people: before.people.map((p) => ({ ...p, id: key(p.id) })),
    websites,
  };
  const version = await insertFiled(desk.ctx, { entityId: e.id, filedAt: chinaDay(desk.ctx.now()), origin: '登记已备案', orderId: null, status: '已备案', entityIcpNumber: entityIcp, providers: [provider], record: filed });
  await appendAudit(desk.ctx, { action: 'filed.record', targetType: 'entity', targetId: e.id, entityId: e.id, detail: { version, websites: websites.length, provider } });
}
