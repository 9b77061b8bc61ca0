// Filing orders: create (one open order per 主体), move through the state machine with its reasons,
// deadlines, the materials checklist gated by the photo checks (with the operator's written acceptance of
// a failing photo), read-only once closed, and the 备案号 written back on approval.
import { addDays, chinaDateTime, chinaDay, chinaDayEnd } from '../domain/dates';
import { endServiceIfFinished } from './retention';
import { chosenWebsitesProblem, defaultWebsiteIds } from '../filings/orderWebsites';
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity, setEntityIcpNumber, setRetentionFields } from '../db/repositories/entities';
import { materialsOfEntity, outdatedSheetScans, printedForOf } from '../db/repositories/materials';
import { insertPhotoOverride, photoOverridesOf } from '../db/repositories/photoGate';
import { allOrders, appendOrderEvent, countOpenOrders, getOrderRow, insertOrder, isSecondOpenOrder, linkMaterial, materialLinks, orderEvents, updateOrderState, type OrderRow } from '../db/repositories/orders';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { getWebsite, setWebsiteIcpNumber } from '../db/repositories/websites';
import { CANCEL_FILING_TYPES, CHANGE_FILING_TYPES, FILING_TYPES_THAT_FILE, MATERIAL_KINDS, type FilingType, type OrderState } from '../domain/enums';
import { latestFiled, websitesOffRecordOf } from '../db/repositories/filed';
import { icpNumberProblem, normalizeIcpNumber } from '../domain/identifiers';
import { provinceByName } from '../domain/provinces';
import type { EntityView, MaterialView } from '../domain/views';
import type { JobControl } from '../jobs/jobs';
import { checklistProblems, gateChecklist, type PhotoVerdict, matchChecklist, requiredSlots, type ChangeFacts, type ChecklistItem } from '../filings/checklist';
import { CLOSED_STATES, isOpen, nextStates, readOnlyReason, transitionProblem } from '../filings/stateMachine';
import { checkDraft, recordAsOrder, type CheckResult } from './checks';
import { isKnownProvider } from '../providers/profiles';
import { addMaterial } from './materials';
import { measurePhotos, photoVerdict } from './photoGate';
import { recordFiledOnApproval, recordSubmitted } from './filedState';
import { changeFactsFromFiled, changeSummary, filingTypeProblem, newSiteOriginElsewhere, OPEN_ORDER_REASON, orderPrerequisites, type ChangeSummary } from './changeOrders';
import { rejectionRounds, type RejectionReasonInput } from './rejections';
import { followupProblems, onOrderAdvance } from './orderFollowups';
import { consequenceOf } from '../filings/cancellation';
import { cancelledWebsiteIds } from '../filings/filedTransitions';
import { closeGonganOfClient } from './gongan';

const HOUR = 3_600_000;

async function entityOrThrow(desk: Desk, id: number): Promise<EntityView> {
  const e = await getEntity(desk.ctx, id);
  if (!e) throw notFound('客户', id);
  return e;
}

async function orderOrThrow(desk: Desk, id: number): Promise<OrderRow> {
  const o = await getOrderRow(desk.ctx, id);
  if (!o) throw notFound('订单', id);
  return o;
}

/**
 * The order as it is judged for a package laid out for `provider` (an export 按接入商 other than the order's
 * own): that provider's rules, checklist, photo limits and 授权码 — a package for Tencent is held to
 * Tencent's rules, whichever provider the order was opened with. Without one, the order as it is.
 */
async function orderAsFor(desk: Desk, id: number, provider?: string): Promise<OrderRow> {
  const o = await orderOrThrow(desk, id);
  if (provider === undefined || provider === o.provider) return o;
  if (!isKnownProvider(provider)) throw new DeskError('VALIDATION', `没有这个接入商：${provider}`, [{ path: ['provider'], message: '请从接入商列表中选择' }]);
  const asOther = { ...o, provider };
  judgedForAnotherProvider.add(asOther);
  return asOther;
}

/**
 * Order rows judged for another provider than their own (orderAsFor). A photo acceptance was given against the
 * order's own provider's checks, and another provider's limits may fail the photo for another reason: under
 * them no acceptance holds, and a failing photo blocks.
 */
const judgedForAnotherProvider = new WeakSet<OrderRow>();

/**
 * Websites an order of this type covers when none are named. A 新增网站 whose only sites without 备案号 are ones an
 * approved 注销 took off the record covers none: refused with those sites named and the way to file them again (the
 * general "choose at least one site not filed yet" would name sites the operator sees without a 备案号).
 */
async function defaultWebsites(desk: Desk, e: EntityView, type: FilingType): Promise<number[]> {
  const offRecord = type === '新增网站' ? ((await websitesOffRecordOf(desk.ctx, [e.id])).get(e.id) ?? []) : [];
  const ids = defaultWebsiteIds(e.websites, type, offRecord);
  const cancelled = e.websites.filter((w) => !w.icpNumber && offRecord.includes(w.id));
  if (type === '新增网站' && !ids.length && cancelled.length) {
    const why = `该客户尚未备案的网站${cancelled.map((w) => `“${w.name}”`).join('、')}已注销，不选网站时不会重新备案：如要重新备案，请在“涉及网站”中选择${cancelled.length > 1 ? '要备案的网站' : '它'}`;
    throw new DeskError('VALIDATION', `不能新建“${type}”订单：${why}`, [{ path: ['websiteIds'], message: why }]);
  }
  return ids;
}

export interface NewOrder {
  entityId: number;
  type: FilingType;
  provider: string;
  websiteIds?: number[];
  effectiveDate?: string | null;
  change?: ChangeFacts;
}

/** The facts stored with a new order: a 新增网站 always records whether the 原备案 is at this provider. */
async function orderFacts(desk: Desk, entityId: number, input: NewOrder): Promise<Record<string, boolean>> {
  const facts: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(input.change ?? {})) if (typeof v === 'boolean') facts[k] = v;
  if (input.type === '新增网站') facts.originElsewhere = newSiteOriginElsewhere(await latestFiled(desk.ctx, entityId), input.provider, input.change?.originElsewhere);
  return facts;
}

const secondOpenOrder = (name: string) => new DeskError('CONFLICT', `客户“${name}”${OPEN_ORDER_REASON}，请先完成、放弃或撤回它`);

export async function createOrder(desk: Desk, input: NewOrder): Promise<OrderRow> {
  const id = await desk.sql.tx(async () => {
    const e = await entityOrThrow(desk, input.entityId);
    const open = await countOpenOrders(desk.ctx, e.id, CLOSED_STATES, null);
    if (open > 0) throw secondOpenOrder(e.name);
    if (input.effectiveDate && !CHANGE_FILING_TYPES.includes(input.type)) {
      const why = `只有${CHANGE_FILING_TYPES.join('、')}订单填写变更生效日期，“${input.type}”订单请留空`;
      throw new DeskError('VALIDATION', why, [{ path: ['effectiveDate'], message: why }]);
    }
    const refused = await filingTypeProblem(desk, e, input.type, input.provider, input.change);
    if (refused) throw new DeskError('CONFLICT', `不能新建“${input.type}”订单：${refused}`, [{ path: ['type'], message: refused }]);
    // a site named twice is one site (the order_website key would refuse it with an unrelated conflict)
    const websiteIds = [...new Set(input.websiteIds ?? (await defaultWebsites(desk, e, input.type)))];
    for (const w of websiteIds) if (!e.websites.some((x) => x.id === w)) throw new DeskError('VALIDATION', `网站（编号 ${w}）不属于该客户`, [{ path: ['websiteIds'], message: '请从该客户的网站中选择' }]);
    const unsuited = chosenWebsitesProblem(e.websites, input.type, websiteIds);
    if (unsuited) throw new DeskError('VALIDATION', `不能新建“${input.type}”订单：${unsuited}`, [{ path: ['websiteIds'], message: unsuited }]);
    const facts = await orderFacts(desk, e.id, input);
    // the count above cannot see another operator's order not yet committed (team server): the store's index can
    const oid = await insertOrder(desk.ctx, { entityId: e.id, type: input.type, provider: input.provider, state: '草稿', effectiveDate: input.effectiveDate ?? null, change: facts, websiteIds }).catch((err: unknown) => {
      throw isSecondOpenOrder(err) ? secondOpenOrder(e.name) : err;
    });
    await appendOrderEvent(desk.ctx, oid, null, '草稿', '新建订单');
    // A new order means the agency serves the client again: the retention clock stops.
    if (e.serviceEndedAt) await setRetentionFields(desk.ctx, e.id, null, e.retentionMonths);
    await appendAudit(desk.ctx, { action: 'order.create', targetType: 'order', targetId: oid, entityId: e.id, detail: { type: input.type, provider: input.provider, websites: websiteIds.length } });
    return oid;
  });
  return await orderOrThrow(desk, id);
}

export interface OrderView extends OrderRow {
  entityName: string;
  province: string;
  next: OrderState[];
  checklist: ChecklistItem[];
  check: CheckResult;
  /** 可提交: rules, materials and photo checks together; `problems` says what is still in the way. */
  ready: boolean;
  problems: string[];
  /** Closed, abandoned and withdrawn orders are read-only: why, or null. */
  readOnly: string | null;
  events: Awaited<ReturnType<typeof orderEvents>>;
  deadlines: Deadline[];
  /** For a 变更: the diff to the filed state and what must be uploaded again / is reused. */
  changeSummary: ChangeSummary | null;
  /** 驳回 rounds with their structured reasons (services/rejections.ts). */
  rejections: Awaited<ReturnType<typeof rejectionRounds>>;
  /** 注销 / 取消接入: what it does, confirmed by the operator before submission (seed 004). */
  consequence: string | null;
}

export interface Deadline {
  kind: '短信核验' | '公安备案' | '变更提前';
  dueAt: string;
  overdue: boolean;
  message: string;
}

/** A change is applied for at least this many days before it takes effect. */
const CHANGE_NOTICE_DAYS = 30;

/** The 公安备案 is filed within this many days of the site's opening (domain.md §1.8). */
export const PSB_DAYS = 30;

/**
 * The 公安备案's deadline for a site opened (approved) at `approvedAt`: the opening day is the 网站开通日期 the
 * form names, and the 30th China day after it is still "30 日内" until it ends — not 30×24 h from the instant
 * of approval, which made an approval at 00:30 overdue on the morning of its last day. Orders approved before
 * this keep the deadline stored with them.
 */
export const psbDueAt = (approvedAt: Date): string => chinaDayEnd(addDays(chinaDay(approvedAt), PSB_DAYS));

export function deadlinesOf(o: OrderRow, now: Date): Deadline[] {
  const out: Deadline[] = [];
  const t = now.getTime();
  if (o.state === '待短信核验' && o.smsDueAt) out.push({ kind: '短信核验', dueAt: o.smsDueAt, overdue: Date.parse(o.smsDueAt) < t, message: '提交管局后须在 24 小时内完成工信部短信核验（S2）' });
  if (o.psbDueAt && o.state === '已通过') out.push({ kind: '公安备案', dueAt: o.psbDueAt, overdue: Date.parse(o.psbDueAt) < t, message: `网站开通后 ${PSB_DAYS} 日内须办理公安备案（S2、S4）` });
  if (o.effectiveDate && CHANGE_FILING_TYPES.includes(o.type) && ['草稿', '待提交'].includes(o.state)) {
    // 提前 30 日: applying on the 30th day before the effective date is still in time, until that China day ends
    const due = chinaDayEnd(addDays(o.effectiveDate, -CHANGE_NOTICE_DAYS));
    out.push({ kind: '变更提前', dueAt: due, overdue: Date.parse(due) < t, message: `变更须提前 ${CHANGE_NOTICE_DAYS} 日申请（《非经营性互联网信息服务备案管理办法》，S2）` });
  }
  return out;
}

async function ungatedChecklist(desk: Desk, o: OrderRow, e: EntityView, materials: MaterialView[]): Promise<ChecklistItem[]> {
  const filed = CHANGE_FILING_TYPES.includes(o.type) ? await latestFiled(desk.ctx, e.id) : null;
  const slots = requiredSlots(e, o.type, o.provider, o.websiteIds, filed ? changeFactsFromFiled(e, filed, o.type, o.provider) : o.change);
  // judged for the provider the order is read as: its own, or that of a package laid out for another (orderAsFor)
  const sheets = { provider: o.provider, printedFor: await printedForOf(desk.ctx, [e.id]), packageLayoutOnly: judgedForAnotherProvider.has(o) };
  return matchChecklist(e, slots, materials, await materialLinks(desk.ctx, o.id), await outdatedSheetScans(desk.ctx, [e]), sheets);
}

/**
 * The materials checklist, each slot gated by the photo checks of the material it uses; `duplicates`
 * false reads the stored results alone (check-all, where comparing with the whole store per client is too dear).
 */
export async function orderChecklist(desk: Desk, o: OrderRow, duplicates = true): Promise<ChecklistItem[]> {
  const e = await entityOrThrow(desk, o.entityId);
  const materials = await materialsOfEntity(desk.ctx, e.id);
  const byId = new Map(materials.map((m) => [m.id, m]));
  const items = await ungatedChecklist(desk, o, e, materials);
  const verdicts = new Map<number, PhotoVerdict | null>();
  for (const { materialId: id } of items) {
    const m = id === null ? undefined : byId.get(id);
    if (m && !verdicts.has(m.id)) verdicts.set(m.id, await photoVerdict(desk, m, o.provider, duplicates ? { entityId: e.id, orderId: o.id } : null));
  }
  return gateChecklist(items, (id) => verdicts.get(id) ?? null, judgedForAnotherProvider.has(o) ? [] : await photoOverridesOf(desk.ctx, o.id));
}

/** Measures the photos the order's checklist uses that have not been checked yet (before reading the order); under a job, photo by photo (measurePhotos). */
export async function checkOrderPhotos(desk: Desk, id: number, provider?: string, control?: JobControl, stepsAfter?: (slots: number, o: OrderRow) => number): Promise<void> {
  const o = await orderAsFor(desk, id, provider);
  const e = await entityOrThrow(desk, o.entityId);
  const checklist = await ungatedChecklist(desk, o, e, await materialsOfEntity(desk.ctx, e.id));
  const ids = checklist.flatMap((c) => (c.materialId === null ? [] : [c.materialId]));
  // a job going on after the photos (a package) counts its own steps in the total from the first step, so that the
  // operator's bar never moves back when the photos are done
  const after = stepsAfter?.(checklist.length, o) ?? 0;
  const steps: JobControl | undefined = control && {
    progress: (done, total) => control.progress(done, total + after),
    get cancelled() {
      return control.cancelled;
    },
  };
  await measurePhotos(desk, ids, o.provider, steps);
}

/** Everything that keeps the order from being submitted or exported: missing or failing materials, blocking rules. */
export function orderProblems(checklist: readonly ChecklistItem[], check: CheckResult): string[] {
  return [...checklistProblems(checklist), ...check.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.message}`)];
}

function refuseIfReadOnly(o: OrderRow): void {
  const why = readOnlyReason(o.state);
  if (why) throw new DeskError('CONFLICT', `订单 #${o.id}：${why}`, [{ path: ['order', o.id], message: why }]);
}

export async function checkOrder(desk: Desk, o: OrderRow): Promise<CheckResult> {
  const e = await entityOrThrow(desk, o.entityId);
  const closed = CLOSED_STATES.includes(o.state);
  // a change is checked against the filed snapshot (its `before`)
  return checkDraft(desk, await recordAsOrder(desk, e, o), e.id, undefined, closed);
}

export async function getOrder(desk: Desk, id: number, provider?: string): Promise<OrderView> {
  const o = await orderAsFor(desk, id, provider);
  const e = await entityOrThrow(desk, o.entityId);
  const province = provinceByName(e.province);
  const checklist = await orderChecklist(desk, o);
  const check = await checkOrder(desk, o);
  const rejections = await rejectionRounds(desk, e, o, checklist);
  const problems = [...orderProblems(checklist, check), ...await orderPrerequisites(desk, o), ...await followupProblems(desk, o, rejections)];
  return {
    ...o,
    entityName: e.name,
    province: e.province,
    next: nextStates(o.state, { type: o.type, smsProvince: !!province?.smsVerification }),
    checklist,
    check,
    ready: problems.length === 0,
    problems,
    readOnly: readOnlyReason(o.state),
    events: await orderEvents(desk.ctx, id),
    deadlines: deadlinesOf(o, new Date(desk.ctx.now())),
    changeSummary: await changeSummary(desk, o, e),
    rejections,
    consequence: consequenceOf(o.type),
  };
}

export interface AdvanceInput {
  to: OrderState;
  reason?: string;
  providerOrderNo?: string;
  /** On approval: the 主体备案号 (when the client had none) and each new website's 网站备案号. */
  entityIcpNumber?: string;
  websiteIcpNumbers?: Record<number, string>;
  /** On 初审驳回 / 管局驳回: the structured reasons (the provider's text is `reason`). */
  reasons?: RejectionReasonInput[];
  /** 注销 / 取消接入: the operator confirmed the consequence (required to submit). */
  confirmedConsequence?: boolean;
}

export async function advanceOrder(desk: Desk, id: number, input: AdvanceInput): Promise<OrderRow> {
  await desk.sql.tx(async () => {
    const o = await orderOrThrow(desk, id);
    const e = await entityOrThrow(desk, o.entityId);
    const province = provinceByName(e.province);
    const from = o.state;
    const problem = transitionProblem(from, input.to, { type: o.type, smsProvince: !!province?.smsVerification });
    if (problem) throw new DeskError('CONFLICT', problem, [{ path: ['to'], message: problem }]);
    const consequence = consequenceOf(o.type);
    if (input.to === '初审中' && consequence && !input.confirmedConsequence) {
      throw new DeskError('CONFLICT', `提交前请确认：${consequence}`, [{ path: ['confirmedConsequence'], message: '请确认已了解后果' }]);
    }
    if (input.to === '初审中') {
      const reasons = [...orderProblems(await orderChecklist(desk, o), await checkOrder(desk, o)), ...await orderPrerequisites(desk, o)];
      if (reasons.length) {
        throw new DeskError('CONFLICT', `还不能提交初审：${reasons.length} 个问题未解决——${reasons.slice(0, 2).join('；')}${reasons.length > 2 ? '……' : ''}`, reasons.map((r) => ({ path: ['order', id], message: r })));
      }
    }
    const now = new Date(desk.ctx.now());
    const patch: Parameters<typeof updateOrderState>[2] = { state: input.to };
    if (input.providerOrderNo) patch.providerOrderNo = input.providerOrderNo;
    if (input.to === '待短信核验') patch.smsDueAt = new Date(now.getTime() + 24 * HOUR).toISOString();
    if (CLOSED_STATES.includes(input.to)) patch.closedAt = now.toISOString();
    if (input.to === '已通过' && FILING_TYPES_THAT_FILE.includes(o.type)) patch.psbDueAt = psbDueAt(now);
    // The move is claimed first, on the state it was checked against: a second operator's move of the
    // same order waits for this one (row lock) and then finds the state changed, instead of both winning.
    if (!await updateOrderState(desk.ctx, id, patch, from)) throw await stateMovedError(desk, id, from);
    // what passed the gate is what was submitted: kept with the order (a resubmission replaces it), and
    // what its approval files
    if (input.to === '初审中') await recordSubmitted(desk, o);
    if (input.to === '已通过') {
      await writeBackIcpNumbers(desk, o, e, input);
      await onApproval(desk, o, e, chinaDay(now));
    }
    await appendOrderEvent(desk.ctx, id, from, input.to, input.reason ?? '');
    await onOrderAdvance(desk, o, e, from, input.to, input, () => orderChecklist(desk, o));
    await onClosingMove(desk, e.id, input.to);
    await appendAudit(desk.ctx, { action: 'order.advance', targetType: 'order', targetId: id, entityId: e.id, detail: { from, to: input.to } });
  });
  return orderOrThrow(desk, id);
}

/**
 * What an order's approval does beyond its row, inside the transaction that made it (advanceOrder, and a
 * check-in taking an approval made on the laptop: leaseOrders.ts): the next filed state, dated `day`; a 注销's
 * 公安备案 left to do closed. `o`: the order as approved (its websites), `e`: the client then.
 */
export async function onApproval(desk: Desk, o: OrderRow, e: EntityView, day: string): Promise<void> {
  // what a 注销 takes off the record, read before its approval files the next state
  const cancelled = CANCEL_FILING_TYPES.includes(o.type) ? cancelledWebsiteIds(o, await latestFiled(desk.ctx, e.id), e.websites.map((w) => w.id)) : [];
  await recordFiledOnApproval(desk, o, day);
  // a site 注销 before its 公安备案 was done has nothing left to file with the 公安: earlier approvals stop waiting for it
  if (CANCEL_FILING_TYPES.includes(o.type)) await closeGonganOfClient(desk, e.id, `“${o.type}”订单 #${o.id} 已通过：未办公安备案的网站已注销，无需再办理，公安备案截止不再计算`, cancelled);
}

/** After a move to `to`, as onApproval: the client's last open order closed starts the retention period (PIPL), unless a 公安备案 is still due. */
export async function onClosingMove(desk: Desk, entityId: number, to: OrderState): Promise<void> {
  if (CLOSED_STATES.includes(to) && await countOpenOrders(desk.ctx, entityId, CLOSED_STATES, null) === 0) await endServiceIfFinished(desk, entityId);
}

/** The refusal of a move whose order someone else moved first (between this move's read and its write). */
async function stateMovedError(desk: Desk, id: number, from: OrderState): Promise<DeskError> {
  const now = await getOrderRow(desk.ctx, id);
  if (!now) return notFound('订单', id);
  const last = (await orderEvents(desk.ctx, id)).at(-1);
  const who = last ? `${last.actor}于 ${chinaDateTime(last.at)} ` : '';
  const message = `订单状态已被${who}从“${from}”改为“${now.state}”，本次操作未执行，请刷新后再看`;
  return new DeskError('CONFLICT', message, [{ path: ['to'], message }]);
}

async function writeBackIcpNumbers(desk: Desk, o: OrderRow, e: EntityView, input: AdvanceInput): Promise<void> {
  if (!FILING_TYPES_THAT_FILE.includes(o.type)) return;
  const entityIcp = e.icpNumber ?? (input.entityIcpNumber ? normalizeIcpNumber(input.entityIcpNumber) : null);
  if (!entityIcp) throw new DeskError('VALIDATION', '请填写管局下发的主体备案号', [{ path: ['entityIcpNumber'], message: '如 粤ICP备12345678号' }]);
  const entityProblem = icpNumberProblem(entityIcp, { kind: 'entity', province: e.province });
  if (entityProblem) throw new DeskError('VALIDATION', entityProblem.message, [{ path: ['entityIcpNumber'], message: entityProblem.hint }]);
  for (const wid of o.websiteIds) {
    const w = (await getWebsite(desk.ctx, wid))!;
    if (w.icpNumber) continue;
    const typed = input.websiteIcpNumbers?.[wid];
    const n = typed ? normalizeIcpNumber(typed) : typed;
    if (!n) throw new DeskError('VALIDATION', `请填写网站“${w.name}”的网站备案号`, [{ path: ['websiteIcpNumbers', wid], message: `如 ${entityIcp}-1` }]);
    const siteProblem = icpNumberProblem(n, { kind: 'website', province: e.province, entityIcp });
    if (siteProblem) throw new DeskError('VALIDATION', `网站“${w.name}”：${siteProblem.message}`, [{ path: ['websiteIcpNumbers', wid], message: siteProblem.hint }]);
    await setWebsiteIcpNumber(desk.ctx, wid, n);
  }
  // the 主体 after its websites, the order a website's save locks them in (the site, then its 主体's revision):
  // the other way round an approval and a concurrent website save each waited for the other (team server deadlock)
  if (!e.icpNumber) await setEntityIcpNumber(desk.ctx, e.id, entityIcp);
  await refreshSearchIndex(desk.ctx, e.id);
}

export interface BoardRow extends OrderRow {
  entityName: string;
  province: string;
  deadlines: Deadline[];
  overdue: boolean;
}

/** Every order, overdue first, then by last change. */
export async function listOrders(desk: Desk, filter: { states?: OrderState[]; provider?: string; type?: FilingType; province?: string; openOnly?: boolean }): Promise<BoardRow[]> {
  const now = new Date(desk.ctx.now());
  return (await allOrders(desk.ctx, filter))
    .filter((o) => !filter.openOnly || isOpen(o.state) || o.psbDueAt)
    .map((o) => {
      const deadlines = deadlinesOf(o, now);
      return { ...o, deadlines, overdue: deadlines.some((d) => d.overdue) };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.stateChangedAt.localeCompare(a.stateChangedAt));
}

/** A file for one checklist slot: stored once, linked to the order (and to its person/website). */
export async function attachToOrder(desk: Desk, orderId: number, slotId: string, file: { fileName: string; data: Uint8Array }): Promise<MaterialView> {
  const o = await orderOrThrow(desk, orderId);
  refuseIfReadOnly(o);
  const slot = (await orderChecklist(desk, o)).find((s) => s.id === slotId);
  if (!slot) throw new DeskError('VALIDATION', `订单没有材料项“${slotId}”`, [{ path: ['slot'], message: '请从材料清单中选择' }]);
  // the material and its link to the slot are one write: a crash leaves neither or both
  return addMaterial(desk, { entityId: o.entityId, personId: slot.personId, websiteId: slot.websiteId, kind: slot.kind, fileName: file.fileName, data: file.data }, (id) =>
    linkMaterial(desk.ctx, orderId, slotId, id),
  );
}

/**
 * Why a material cannot serve a slot, or null: it must be of the slot's kind and belong to the slot's person
 * and website — what the checklist itself would match. A material of another kind is measured (or not) as
 * that kind: linked to a curtain slot, a photo stored as 其他材料 would leave the desk with no photo check at all.
 */
export function linkProblem(slot: Pick<ChecklistItem, 'kind' | 'label' | 'personId' | 'websiteId'>, m: Pick<MaterialView, 'kind' | 'personId' | 'websiteId'>): string | null {
  if (m.kind !== slot.kind) return `材料类型不符：该材料是“${MATERIAL_KINDS[m.kind]}”，“${slot.label}”需要“${MATERIAL_KINDS[slot.kind]}”，请上传或选择该类型的材料`;
  if (slot.personId !== null && m.personId !== slot.personId) return `该材料不属于“${slot.label}”对应的负责人，请选择其本人的材料`;
  if (slot.websiteId !== null && m.websiteId !== slot.websiteId) return `该材料不属于“${slot.label}”对应的网站，请选择该网站的材料`;
  return null;
}

/**
 * Reuses an existing material of the client for a slot, without copying the file: only one the slot itself
 * could use (linkProblem), checked as the slot's kind like any other, and recorded in the order's history and
 * the log (which also moves the client's kept verdict on: a check-all after the link checks it again).
 */
export async function linkExisting(desk: Desk, orderId: number, slotId: string, materialId: number): Promise<void> {
  await desk.sql.tx(async () => {
    const o = await orderOrThrow(desk, orderId);
    refuseIfReadOnly(o);
    const m = (await materialsOfEntity(desk.ctx, o.entityId)).find((x) => x.id === materialId);
    if (!m) throw new DeskError('VALIDATION', '材料不属于该客户', [{ path: ['materialId'], message: '请从该客户的材料中选择' }]);
    const e = await entityOrThrow(desk, o.entityId);
    const slot = (await ungatedChecklist(desk, o, e, [])).find((c) => c.id === slotId);
    if (!slot) throw new DeskError('VALIDATION', `订单没有材料项“${slotId}”`, [{ path: ['slot'], message: '请从材料清单中选择' }]);
    const problem = linkProblem(slot, m);
    if (problem) throw new DeskError('VALIDATION', problem, [{ path: ['materialId'], message: problem }]);
    await linkMaterial(desk.ctx, orderId, slotId, materialId);
    await appendOrderEvent(desk.ctx, o.id, o.state, o.state, `使用已有材料“${m.fileName}”作为“${slot.label}”`);
    await appendAudit(desk.ctx, { action: 'order.link', targetType: 'order', targetId: o.id, entityId: o.entityId, detail: { slot: slotId, material: materialId } });
  });
}

/**
 * Reads an order for export, judged for the package's provider (orderAsFor): refused while it is read-only
 * or anything blocks it, with every reason. `photosMeasuredLater`: a photo not measured yet is no reason here, as the
 * export's job measures it and judges the order again (startPackageExport).
 */
export async function orderForExport(desk: Desk, id: number, provider?: string, photosMeasuredLater = false): Promise<OrderView> {
  const order = await getOrder(desk, id, provider);
  refuseIfReadOnly(order);
  const later = new Set(photosMeasuredLater ? checklistProblems(order.checklist.filter((c) => c.status === 'unchecked')) : []);
  const problems = order.problems.filter((p) => !later.has(p));
  if (problems.length) {
    const details = problems.map((message) => ({ path: ['order', id], message }));
    throw new DeskError('CONFLICT', `订单还有 ${details.length} 个阻断问题，不能导出提交包：${problems.slice(0, 3).join('；')}${details.length > 3 ? '……' : ''}`, details);
  }
  return order;
}

/**
 * Accepts a photo the checks failed, because detectors err: the operator's reason is required and is
 * kept with the slot, in the order's history and in the package manifest. It holds for that material
 * only; a new upload is judged afresh.
 */
export async function acceptFailedPhoto(desk: Desk, orderId: number, slotId: string, reason: string): Promise<ChecklistItem> {
  const text = reason.trim();
  if (!text) throw new DeskError('VALIDATION', '请填写接受这张照片的理由（例如“人工核对：确为网站负责人本人”）', [{ path: ['reason'], message: '理由不能为空' }]);
  await desk.sql.tx(async () => {
    const o = await orderOrThrow(desk, orderId);
    refuseIfReadOnly(o);
    const item = (await orderChecklist(desk, o)).find((c) => c.id === slotId);
    if (!item) throw new DeskError('VALIDATION', `订单没有材料项“${slotId}”`, [{ path: ['slot'], message: '请从材料清单中选择' }]);
    if (item.status !== 'failed') throw new DeskError('CONFLICT', `“${item.label}”的照片检查没有不通过，无需接受`, [{ path: ['slot'], message: '只有照片检查不通过的材料需要人工接受' }]);
    await insertPhotoOverride(desk.ctx, o.id, { slot: slotId, materialId: item.materialId!, reason: text });
    await appendOrderEvent(desk.ctx, o.id, o.state, o.state, `接受照片检查不通过的“${item.label}”：${text}`);
    await appendAudit(desk.ctx, { action: 'order.acceptPhoto', targetType: 'order', targetId: o.id, entityId: o.entityId, detail: { slot: slotId, material: item.materialId, failed: item.photo!.checks.filter((c) => c.status === 'fail').map((c) => c.id) } });
  });
  return (await orderChecklist(desk, await orderOrThrow(desk, orderId))).find((c) => c.id === slotId)!;
}
