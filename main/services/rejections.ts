// The 驳回 loop of filing orders: a rejection (初审驳回 / 管局驳回, or the 复审's 驳回→重拍) is recorded as the
// provider wrote it plus structured reasons, each pointing at a field of the client or a material slot of
// the order. A reason stays open until what it points at changes (compared by a keyed hash of the value, or
// the material the slot uses); the order cannot be submitted again (待提交, or back to 复审中 after a 重拍)
// while one is untouched, and every round stays in the order's history with what changed, who and when.
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { appendOrderEvent, getOrderRow, type OrderRow } from '../db/repositories/orders';
import { insertRejection, ordersWithRejections, rejectionsOf, resolveReason, type RejectionRow } from '../db/repositories/rejections';
import { allOrders } from '../db/repositories/orders';
import type { SensitiveKind } from '../db/sensitive';
import type { EntityView } from '../domain/views';
import type { ChecklistItem } from '../filings/checklist';
import { fieldLabel, kindProblem, parseTarget, rejectionKind, type RejectionTarget } from '../filings/rejectionReasons';
import { REVIEW_REJECTION, type OrderState } from '../domain/enums';
import type { Finding } from '../rules/types';

export const REJECTED_STATES: readonly OrderState[] = ['初审驳回', '管局驳回'];

/** The stage a move records a 驳回 round under, or null when it records none. */
export function rejectionStage(from: OrderState, to: OrderState, input: { reason?: string; reasons?: readonly unknown[] }): string | null {
  if (REJECTED_STATES.includes(to)) return to;
  const given = !!(input.reason ?? '').trim() || !!input.reasons?.length;
  return from === REVIEW_REJECTION.from && to === REVIEW_REJECTION.to && given ? REVIEW_REJECTION.stage : null;
}

/** A move that submits again after a 驳回: the round's reasons must have been dealt with. */
const resubmits = (from: OrderState, to: OrderState) => (REJECTED_STATES.includes(from) && to === '待提交') || (from === REVIEW_REJECTION.to && to === REVIEW_REJECTION.from);

export interface RejectionReasonInput {
  /** entity.name, person.3.certNumber, website.7.name, slot.website:7:curtain */
  target: string;
  kind: string;
  text?: string;
}

export interface ReasonState {
  id: number;
  round: number;
  target: string;
  /** Who or what it is about and the field: 网站“王小明的摄影博客”的网站名称 */
  targetLabel: string;
  /** Path in the record (entity.name → ['entity','name'], people/websites by index, ['materials', slot]). */
  path: (string | number)[];
  kind: string;
  kindLabel: string;
  hint: string;
  source: string;
  text: string;
  /** untouched since the rejection: shown in red, blocks resubmission */
  open: boolean;
  /** changed but not yet resubmitted */
  changed: boolean;
  resolvedAt: string | null;
  resolvedBy: string | null;
  change: string | null;
}

export interface RejectionRound {
  round: number;
  stage: string;
  providerText: string;
  actor: string;
  at: string;
  reasons: ReasonState[];
}

const SENSITIVE: Record<string, SensitiveKind> = { certNumber: 'cert', mobile: 'mobile', email: 'email' };

interface Located {
  label: string;
  path: (string | number)[];
  value: unknown;
  slotKind: string | null;
}

/** What a target points at in the client and the order's checklist now; null when it does not exist. */
function locate(e: EntityView, o: OrderRow, t: RejectionTarget, checklist: readonly ChecklistItem[]): Located | null {
  if (t.scope === 'entity') return { label: `主体的${fieldLabel(t)}`, path: ['entity', t.field], value: e[t.field], slotKind: null };
  if (t.scope === 'person') {
    const i = e.people.findIndex((p) => p.id === t.id);
    if (i < 0) return null;
    const p = e.people[i]!;
    return { label: `负责人“${p.name || i + 1}”的${fieldLabel(t)}`, path: ['people', i, t.field], value: p[t.field], slotKind: null };
  }
  if (t.scope === 'website') {
    const i = e.websites.findIndex((w) => w.id === t.id);
    if (i < 0) return null;
    const w = e.websites[i]!;
    return { label: `网站“${w.name || i + 1}”的${fieldLabel(t)}`, path: ['websites', i, t.field], value: w[t.field], slotKind: null };
  }
  const item = checklist.find((c) => c.id === t.slot);
  if (!item) return null;
  return { label: `材料：${item.label}`, path: ['materials', item.id], value: item.materialId, slotKind: item.kind };
}

/**
 * A keyed hash of what the target holds (the vault's lookup key, so no personal value is stored or
 * guessable from the database); a slot is fingerprinted by the material it uses.
 */
function fingerprint(desk: Desk, t: RejectionTarget, found: Located | null): string {
  if (!found) return 'gone';
  if (t.scope === 'slot') return `material:${found.value ?? 'none'}`;
  const kind = SENSITIVE[t.field] ?? 'cert';
  const v = found.value;
  const text = typeof v === 'string' && SENSITIVE[t.field] ? v : JSON.stringify(v ?? null);
  return desk.ctx.codec.index(kind, text);
}

function validated(desk: Desk, e: EntityView, o: OrderRow, checklist: readonly ChecklistItem[], input: RejectionReasonInput, n: number) {
  const at = ['reasons', n];
  const target = parseTarget(input.target);
  if (!target) throw new DeskError('VALIDATION', `驳回原因 ${n + 1}：“${input.target}”不是可以指向的字段或材料项`, [{ path: [...at, 'target'], message: '如 entity.mailingAddress、website.7.name、person.3.certNumber、slot.website:7:curtain' }]);
  const found = locate(e, o, target, checklist);
  if (!found) throw new DeskError('VALIDATION', `驳回原因 ${n + 1}：该客户或订单没有“${input.target}”`, [{ path: [...at, 'target'], message: '负责人、网站须属于该客户，材料项须在订单的材料清单中' }]);
  const kind = rejectionKind(input.kind);
  if (!kind) throw new DeskError('VALIDATION', `驳回原因 ${n + 1}：没有“${input.kind}”这类驳回原因`, [{ path: [...at, 'kind'], message: '请从常见驳回原因中选择（其他：other）' }]);
  const problem = kindProblem(kind, target, found.slotKind, found.label);
  if (problem) throw new DeskError('VALIDATION', `驳回原因 ${n + 1}：${problem}`, [{ path: [...at, 'kind'], message: `可用于：${kind.appliesTo.join('、')}` }]);
  return { target: input.target.trim(), kind: kind.id, text: (input.text ?? '').trim(), baseline: fingerprint(desk, target, found), label: found.label, kindLabel: kind.label };
}

function stateOf(desk: Desk, e: EntityView, o: OrderRow, checklist: readonly ChecklistItem[], round: RejectionRow): RejectionRound {
  return {
    round: round.round,
    stage: round.stage,
    providerText: round.providerText,
    actor: round.actor,
    at: round.at,
    reasons: round.reasons.map((r) => {
      const target = parseTarget(r.target);
      const found = target ? locate(e, o, target, checklist) : null;
      const kind = rejectionKind(r.kind);
      const untouched = !!target && !r.resolvedAt && fingerprint(desk, target, found) === r.baseline;
      return {
        id: r.id,
        round: round.round,
        target: r.target,
        targetLabel: found?.label ?? `${r.target}（已删除）`,
        path: found?.path ?? [],
        kind: r.kind,
        kindLabel: kind?.label ?? r.kind,
        hint: kind?.hint ?? '',
        source: kind?.source ?? '',
        text: r.text,
        open: untouched,
        changed: !r.resolvedAt && !untouched,
        resolvedAt: r.resolvedAt,
        resolvedBy: r.resolvedBy,
        change: r.change,
      };
    }),
  };
}

/**
 * A reason's baseline as this desk would take it now for its target: an order arriving from another desk
 * (transfer) gets it for the reasons that were untouched there, so they stay untouched here.
 */
export function baselineNow(desk: Desk, e: EntityView, o: OrderRow, checklist: readonly ChecklistItem[], target: string): string {
  const t = parseTarget(target);
  return t ? fingerprint(desk, t, locate(e, o, t, checklist)) : 'gone';
}

/** Every rejection round of the order, with each reason's state now. */
export async function rejectionRounds(desk: Desk, e: EntityView, o: OrderRow, checklist: readonly ChecklistItem[]): Promise<RejectionRound[]> {
  return (await rejectionsOf(desk.ctx, o.id)).map((r) => stateOf(desk, e, o, checklist, r));
}

/** The reasons that still block: untouched and not resolved, of every round. */
export async function openReasons(desk: Desk, e: EntityView, o: OrderRow, checklist: readonly ChecklistItem[]): Promise<ReasonState[]> {
  return (await rejectionRounds(desk, e, o, checklist)).flatMap((r) => r.reasons.filter((x) => x.open));
}

/**
 * The 驳回 loop's part of a state change, inside the change's transaction: a rejection records its round
 * (the provider's text is required; a 复审中 → 待拍照核验 with no text and no reason is a plain move);
 * submitting again (待提交 after a rejection, 复审中 after a 重拍) is refused while a reason is untouched, and
 * otherwise resolves the round's reasons with what changed.
 */
export async function onOrderAdvance(desk: Desk, o: OrderRow, e: EntityView, from: OrderState, to: OrderState, input: { reason?: string; reasons?: RejectionReasonInput[] }, checklistOf: () => Promise<ChecklistItem[]>): Promise<void> {
  const stage = rejectionStage(from, to, input);
  if (stage) {
    const text = (input.reason ?? '').trim();
    if (!text) throw new DeskError('VALIDATION', '请填写驳回原文（接入商或管局的原话）', [{ path: ['reason'], message: '驳回原文不能为空' }]);
    const checklist = await checklistOf();
    const reasons = (input.reasons ?? []).map((r, n) => validated(desk, e, o, checklist, r, n));
    const seen = new Set<string>();
    for (const r of reasons) {
      if (seen.has(`${r.target}|${r.kind}`)) throw new DeskError('VALIDATION', `驳回原因重复：${r.label}——${r.kindLabel}`, [{ path: ['reasons'], message: '同一字段的同一原因只需填一次' }]);
      seen.add(`${r.target}|${r.kind}`);
    }
    const round = await insertRejection(desk.ctx, { orderId: o.id, stage, providerText: text, reasons });
    const list = reasons.map((r) => `${r.label}——${r.kindLabel}${r.text ? `：${r.text}` : ''}`);
    await appendOrderEvent(desk.ctx, o.id, to, to, `第 ${round} 轮驳回（${stage}）${list.length ? `，${list.length} 个原因：${list.join('；')}` : '，未指明字段'}`);
    return;
  }
  if (resubmits(from, to)) {
    const rounds = await rejectionRounds(desk, e, o, await checklistOf());
    const open = rounds.flatMap((r) => r.reasons.filter((x) => x.open));
    if (open.length) {
      const lines = open.map((r) => `${r.targetLabel}未修改（第 ${r.round} 轮驳回：${r.kindLabel}${r.text ? `——${r.text}` : ''}）`);
      const what = to === '待提交' ? '重新提交' : '重新提交复审';
      throw new DeskError('CONFLICT', `还不能${what}：${open.length} 个驳回原因对应的内容还没有修改——${lines.slice(0, 2).join('；')}${lines.length > 2 ? '……' : ''}`, lines.map((message, i) => ({ path: open[i]!.path.length ? open[i]!.path : ['order', o.id], message })));
    }
    const done: string[] = [];
    for (const round of rounds) {
      for (const r of round.reasons.filter((x) => x.changed)) {
        const change = r.target.startsWith('slot.') ? `${r.targetLabel}已换为新材料` : `${r.targetLabel}已修改`;
        await resolveReason(desk.ctx, r.id, change);
        done.push(change);
      }
    }
    if (done.length) await appendOrderEvent(desk.ctx, o.id, from, from, `驳回原因已处理，重新提交：${done.join('；')}`);
  }
}

/** Open reasons as findings of the client (V-REJ-01, blocking), so the forms and 检查 put them next to the field. */
export function rejectionFindings(reasons: readonly ReasonState[], orderId: number): Finding[] {
  return reasons.map((r) => ({
    ruleId: 'V-REJ-01',
    severity: 'error' as const,
    path: r.path,
    message: `订单 #${orderId} 第 ${r.round} 轮驳回：${r.targetLabel}——${r.kindLabel}${r.text ? `（${r.text}）` : ''}`,
    hint: r.hint ? `${r.hint}；修改后才能重新提交` : '修改后才能重新提交',
    source: r.source,
  }));
}

export interface WaitingOrder {
  orderId: number;
  entityId: number;
  entityName: string;
  type: string;
  state: string;
  rejectedAt: string;
  round: number;
  open: number;
  total: number;
}

/**
 * 工作台: orders rejected and waiting on the agency to correct and resubmit, oldest rejection first: those in a
 * rejected state, and those sent back to 待拍照核验 by the 复审 whose latest round still has an open reason.
 */
export async function ordersAwaitingCorrection(desk: Desk, checklistOf: (o: OrderRow) => Promise<ChecklistItem[]>, entityOf: (id: number) => Promise<EntityView>): Promise<WaitingOrder[]> {
  const out: WaitingOrder[] = [];
  const withRounds = new Set(await ordersWithRejections(desk.ctx));
  for (const row of await allOrders(desk.ctx, { states: [...REJECTED_STATES, REVIEW_REJECTION.to] })) {
    const rejected = REJECTED_STATES.includes(row.state);
    if (!rejected && !withRounds.has(row.id)) continue;
    const o = (await getOrderRow(desk.ctx, row.id))!;
    const e = await entityOf(o.entityId);
    const rounds = await rejectionRounds(desk, e, o, await checklistOf(o));
    const last = rounds[rounds.length - 1];
    if (!rejected && !last?.reasons.some((x) => x.open)) continue;
    out.push({
      orderId: o.id,
      entityId: o.entityId,
      entityName: row.entityName,
      type: o.type,
      state: o.state,
      rejectedAt: last?.at ?? o.stateChangedAt,
      round: last?.round ?? 0,
      open: rounds.reduce((n, r) => n + r.reasons.filter((x) => x.open).length, 0),
      total: last?.reasons.length ?? 0,
    });
  }
  return out.sort((a, b) => a.rejectedAt.localeCompare(b.rejectedAt) || a.orderId - b.orderId);
}
