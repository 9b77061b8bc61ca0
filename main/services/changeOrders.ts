// Orders against what was filed: a 变更 takes the filed snapshot as `before` and the current record as
// after (no hand-made JSON); the rules pick the change type from that diff and refuse the wrong one with
// the seed's reason; the checklist asks again only for what the change makes stale and says what is reused.
// Which filing types a client can start at all (新建订单) is decided here too, each refusal with its reason.
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { latestFiled } from '../db/repositories/filed';
import { notFound } from '../domain/errors';
import { countOpenOrders } from '../db/repositories/orders';
import { CANCEL_FILING_TYPES, CHANGE_FILING_TYPES, FILING_TYPES, FILING_TYPES_THAT_FILE, FILING_TYPES_UNDER_FILED_NUMBERS, type FilingType, type OrderState } from '../domain/enums';
import { sameIcpNumber } from '../domain/identifiers';
import { ICP_NUMBER_LABELS } from '../domain/labels';
import type { FiledDifference, FiledState } from '../domain/filed';
import type { EntityView } from '../domain/views';
import { cancelledWebsiteIds, currentAsFiled, filedIcpNumbers } from '../filings/filedTransitions';
import { requiredSlots, type ChangeFacts } from '../filings/checklist';
import { CLOSED_STATES } from '../filings/stateMachine';
import { diffRecords } from '../rules/changeRules';
import { toDraft } from '../rules/draft';
import { changeRecord, filedSiteIds } from '../rules/orderRecord';
import { NEEDS_FILING_PASSWORD } from '../filings/cancellation';
import { needsWebsites } from '../filings/orderWebsites';
import { checkDraft } from './checks';
import { filingPasswordStored } from './filingPassword';
import { filedDifferences } from './filedState';

const isChange = (type: FilingType) => CHANGE_FILING_TYPES.includes(type);

/** What the change makes stale, read from the diff (the facts the checklist needs). */
export function changeFactsFromFiled(e: EntityView, filed: FiledState, type: string, provider: string): ChangeFacts {
  const { draft } = toDraft(changeRecord(e, filed, type, provider));
  const d = diffRecords(draft.filing.before!, draft);
  const b = draft.filing.before!.entity;
  const unit = e.nature !== '个人';
  return {
    principalReplaced: d.principalReplaced,
    websitePrincipalReplaced: d.websitePrincipalReplaced,
    // a new 法定代表人, name or address is printed on a re-issued licence
    licenceChanged: d.licenceAddressChanged || b.name !== draft.entity.name || (unit && b.investor !== draft.entity.investor),
    legalRepChanged: d.legalRepChanged,
  };
}

export interface ChangeSummary {
  differences: FiledDifference[];
  /** Checklist labels to upload again. */
  uploadAgain: string[];
  /** Materials of the filing that stay valid (reused from what was filed). */
  reused: string[];
  note: string;
}

/** The diff and what it means for the materials, for the order page; null for orders that change nothing filed. */
export async function changeSummary(desk: Desk, o: { type: FilingType; provider: string; websiteIds: number[]; entityId: number }, e: EntityView): Promise<ChangeSummary | null> {
  if (!isChange(o.type)) return null;
  const filed = await latestFiled(desk.ctx, e.id);
  if (!filed) return null;
  const current = currentAsFiled(e, filedSiteIds(filed), (id) => filed.record.websites.find((w) => w.websiteId === id)!.provider);
  const facts = changeFactsFromFiled(e, filed, o.type, o.provider);
  const again = requiredSlots(e, o.type, o.provider, o.websiteIds, facts);
  const full = requiredSlots(e, '首次备案', o.provider, o.websiteIds);
  const reused = full.filter((s) => !again.some((a) => a.id === s.id)).map((s) => s.label);
  const uploadAgain = again.map((s) => s.label);
  const note = uploadAgain.length
    ? `须重新上传 ${uploadAgain.length} 项材料；其余沿用已备案材料`
    : '无需重新上传材料：负责人与证件未变，证件、幕布照片沿用已备案材料（腾讯云《变更备案》）；提交包附新生成的核验单';
  return { differences: filedDifferences(filed.record, current, e.nature), uploadAgain, reused, note };
}

const CHANGE_RULES = /^V-CHG-0[1-68]$/;

/** Why no order can be started while one is open (V-CHG-07): the type options and createOrder's refusals say it alike. */
export const OPEN_ORDER_REASON = '已有进行中的订单：同一主体同时只能有一个订单（V-CHG-07）';

/**
 * 公安备案 is filed with the 公安 after an approval, per website, as the approved order's follow-up
 * (services/gongan.ts, which stops its deadline): an order of its own went through the provider's and the
 * 管局's review it never has, settled none of it, and held the client's one open order slot (V-CHG-07).
 * The type stays in the enum for the records that have one (an open one is withdrawn or abandoned as any).
 */
export const GONGAN_NOT_AN_ORDER = '公安备案在已通过订单的“公安备案”中登记办理，不另建订单';

/** Why a change or a 注销网站 / 取消接入 cannot start without a filed state; each type adds what it reads there. */
const NO_FILED_STATE = '还没有已备案信息：请先在客户页“已备案信息”中登记原备案';

/** Why `type` cannot be started for this client at this provider, or null when it can. */
export async function filingTypeProblem(desk: Desk, e: EntityView, type: FilingType, provider: string, facts: ChangeFacts = {}): Promise<string | null> {
  if ((await countOpenOrders(desk.ctx, e.id, CLOSED_STATES, null)) > 0) return OPEN_ORDER_REASON;
  if (type === '公安备案') return GONGAN_NOT_AN_ORDER;
  const filed = await latestFiled(desk.ctx, e.id);
  const cancelled = filed?.status === '已注销';
  const unfiledSites = e.websites.filter((w) => !w.icpNumber);
  if (type === '首次备案') return e.icpNumber ? `主体已有备案号“${e.icpNumber}”：新网站用新增网站，换接入商用接入备案` : null;
  if (!e.icpNumber || cancelled) {
    return type === '接入备案'
      ? '接入备案须填写已有的主体备案号（在其他接入商处已备案）；没有备案号的主体请做首次备案'
      : `主体还没有备案号${cancelled ? '（已注销）' : ''}：“${type}”只适用于已备案的主体，请先做首次备案`;
  }
  if (type === '接入备案') {
    if (filed?.providers.includes(provider)) return `主体已在该接入商接入（${provider}）：改动信息用变更，新网站用新增网站`;
    return filed ? identityDiffersFromFiled(e, filed) : null;
  }
  if (type === '新增网站') {
    if (!unfiledSites.length) return '没有未备案的网站：请先在“网站”中添加要备案的网站';
    return newSiteOriginProblem(e, filed, provider, facts.originElsewhere);
  }
  if (type === '注销网站') {
    if (!filed) return `${NO_FILED_STATE}，注销网站以它核对要注销的网站`;
    return notAccessedHere(filed, provider, type) ?? (e.websites.some((w) => w.icpNumber) ? null : '没有带网站备案号的网站，无可注销');
  }
  if (type === '取消接入') {
    if (!filed) return `${NO_FILED_STATE}，取消接入以它确定在该接入商接入的网站`;
    return filed.providers.includes(provider) ? null : `主体未在该接入商接入（已接入：${filed.providers.join('、') || '无'}）`;
  }
  if (type === '注销主体') return filed ? notAccessedHere(filed, provider, type) : null;
  if (isChange(type)) {
    if (!filed) return `${NO_FILED_STATE}，变更以它为变更前的信息`;
    const elsewhere = notAccessedHere(filed, provider, type);
    if (elsewhere) return elsewhere;
    const check = await checkDraft(desk, changeRecord(e, filed, type, provider), e.id);
    const refused = check.findings.filter((f) => f.severity === 'error' && CHANGE_RULES.test(f.ruleId));
    if (refused.length) return refused.map((f) => `${f.message}（${f.ruleId}）`).join('；');
    const nothing = check.findings.find((f) => f.ruleId === 'V-CHG-08' && f.message.includes('没有改动'));
    return nothing ? nothing.message : null;
  }
  return null;
}

/**
 * A 变更, 注销网站 or 注销主体 is made through a provider the 主体 is 接入 at: its 备案控制台 lists the 主体 and
 * sites filed through it and offers 变更备案 / 注销 there (seed 000, seed 001 “已经在阿里云取得备案号”, seed 004
 * “若主体在腾讯云已经有备案信息”). Elsewhere there is nothing to change or cancel, and the package would follow
 * the wrong provider's rules.
 */
function notAccessedHere(filed: FiledState, provider: string, type: FilingType): string | null {
  if (filed.providers.includes(provider)) return null;
  return `主体未在该接入商接入（已接入：${filed.providers.join('、') || '无'}）：“${type}”须在主体已接入的接入商处办理（接入商的备案控制台只列出在其处备案的主体和网站）`;
}

/** Whether 新增网站 at this provider is 原备案在本接入商 when the operator did not say: what the filed state says. */
export const newSiteOriginElsewhere = (filed: FiledState | null, provider: string, chosen: boolean | undefined): boolean => chosen ?? (filed ? !filed.providers.includes(provider) : false);

/**
 * 新增网站 follows the operator's choice (seed 004): 原备案在本接入商 — the 主体 is already 接入 here and only
 * confirmed; 原备案不在本接入商 — the 主体 is entered anew and 主办者性质, 证件类型, 证件号码 must equal the filing
 * made elsewhere. A choice the filed state contradicts is refused with what the filed state says.
 */
function newSiteOriginProblem(e: EntityView, filed: FiledState | null, provider: string, chosen: boolean | undefined): string | null {
  const elsewhere = newSiteOriginElsewhere(filed, provider, chosen);
  if (!filed) return null;
  const here = filed.providers.includes(provider);
  if (elsewhere && here) return `已备案信息显示主体已在该接入商接入（${provider}）：应选“原备案在本接入商”`;
  if (!elsewhere && !here) return `已备案信息显示主体接入在 ${filed.providers.join('、') || '其他接入商'}，不在该接入商（${provider}）：应选“原备案不在本接入商”，主体信息须与原备案一致`;
  return elsewhere ? identityDiffersFromFiled(e, filed) : null;
}

/**
 * 接入备案 / 新增网站 (原备案不在本接入商): 主办者性质, 证件类型 and 证件号码 must be what was filed at the
 * other provider (腾讯云《网站备案 备案类型》); a client whose identity changed needs a 变更 there first.
 */
function identityDiffersFromFiled(e: EntityView, filed: FiledState): string | null {
  const was = filed.record.entity;
  const differs = [
    e.nature !== was.nature ? `主办者性质（已备案：${was.nature}）` : null,
    e.certType !== was.certType ? `证件类型（已备案：${was.certType}）` : null,
    e.certNumber !== was.certNumber ? '证件号码' : null,
  ].filter((x): x is string => x !== null);
  return differs.length ? `${differs.join('、')}与已备案信息不一致：在新接入商处接入或新增网站须与原备案一致，请先在原接入商处变更，或改回已备案的信息` : null;
}

/** 新建订单: every filing type with whether it can start now and, if not, why. */
export async function filingTypeOptions(desk: Desk, entityId: number, provider: string, facts: ChangeFacts = {}): Promise<{ type: FilingType; allowed: boolean; reason: string | null }[]> {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  const out: { type: FilingType; allowed: boolean; reason: string | null }[] = [];
  for (const type of FILING_TYPES) {
    const reason = await filingTypeProblem(desk, e, type, provider, facts);
    out.push({ type, allowed: reason === null, reason });
  }
  return out;
}

export { FILING_TYPES_THAT_FILE, CANCEL_FILING_TYPES };

type OrderOfClient = { type: FilingType; entityId: number; provider: string; websiteIds: number[]; state: OrderState };

/**
 * What keeps an order from submission besides materials and rules: no website left in an order about websites,
 * the 备案密码 where the type needs it, and for an order made under the filed 备案号s a client form that says
 * other numbers (filedNumberProblems).
 */
export async function orderPrerequisites(desk: Desk, o: OrderOfClient): Promise<string[]> {
  const out: string[] = [];
  if (!o.websiteIds.length && needsWebsites(o.type) && !CLOSED_STATES.includes(o.state)) {
    out.push(`订单没有涉及任何网站：“${o.type}”须至少涉及一个网站（订单的网站可能已从客户资料中删除）。请放弃此订单，按现有网站新建订单`);
  }
  if (NEEDS_FILING_PASSWORD.includes(o.type) && !await filingPasswordStored(desk, o.entityId)) out.push(`缺少备案密码：“${o.type}”须提供主体的备案密码（在客户页“已备案信息”中填写）`);
  if (FILING_TYPES_UNDER_FILED_NUMBERS.includes(o.type) && !CLOSED_STATES.includes(o.state)) {
    const e = await getEntity(desk.ctx, o.entityId);
    if (!e) throw notFound('客户', o.entityId);
    const filed = await latestFiled(desk.ctx, e.id);
    if (filed) out.push(...filedNumberProblems(e, filed, o));
  }
  return out;
}

/**
 * A 注销, 取消接入 or 变更 is made under the 备案号s the 管局 holds, and its package names those of the filed
 * state: a client form that says another number (a typo, a stale copy) is resolved first rather than sent
 * or ignored unseen. The messages name the fields, not the numbers (they reach the logs).
 */
function filedNumberProblems(e: EntityView, filed: FiledState, o: OrderOfClient): string[] {
  const out: string[] = [];
  const numbers = filedIcpNumbers(filed);
  const fix = '请在客户页“已备案信息”中对照差异，把客户资料改成已备案的备案号（提交包按已备案信息填写）';
  if (!sameIcpNumber(e.icpNumber, numbers.entity)) out.push(`客户资料的${ICP_NUMBER_LABELS.entity}与已备案信息的${ICP_NUMBER_LABELS.entity}不一致：${fix}`);
  // the sites the order is made under: a change submits every filed site, a cancellation those it cancels
  const ids = isChange(o.type) ? filedSiteIds(filed) : cancelledWebsiteIds(o, filed, e.websites.map((w) => w.id));
  for (const id of ids) {
    const w = e.websites.find((x) => x.id === id);
    if (!w) continue;
    const was = numbers.website(id);
    if (was === null) {
      if (o.type === '注销网站') out.push(`网站“${w.name}”不在已备案信息中：注销网站只能注销已备案的网站，请从涉及网站中去掉它，或先在客户页核对已备案信息`);
      continue;
    }
    if (!sameIcpNumber(w.icpNumber, was)) out.push(`网站“${w.name}”：客户资料的${ICP_NUMBER_LABELS.website}与已备案信息的${ICP_NUMBER_LABELS.website}不一致：${fix}`);
  }
  return out;
}
