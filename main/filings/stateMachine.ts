// The life of a filing order (domain.md §1.0): provider review, photo, second review, the 管局's SMS
// check in pilot provinces, the 管局's decision. Withdrawal is possible until the order reaches the
// 管局 (S4); abandoning until it is submitted to the provider's review.
import type { FilingType, OrderState } from '../domain/enums';

/** States after which the order needs nothing more (the 管局's rejection still calls for a new attempt). */
export const CLOSED_STATES: readonly OrderState[] = ['已通过', '已放弃', '已撤回'];

/** Types that have no photo or 核验单 step: the provider reviews, then the 管局 (S4 注销/取消接入). */
const NO_PHOTO: readonly FilingType[] = ['注销主体', '注销网站', '取消接入', '公安备案'];

export interface TransitionContext {
  type: FilingType;
  /** The entity's province runs MIIT SMS verification (provinces.json smsVerification). */
  smsProvince: boolean;
}

interface Edge {
  to: OrderState;
  /** Why this step is not possible here, or null when it is. */
  refuse?: (c: TransitionContext) => string | null;
}

const photoStep = (c: TransitionContext) => (NO_PHOTO.includes(c.type) ? `“${c.type}”没有拍照/核验环节` : null);
const noPhotoOnly = (c: TransitionContext) => (NO_PHOTO.includes(c.type) ? null : '须先完成拍照/核验与复审');
const smsOnly = (c: TransitionContext) => (c.smsProvince ? null : '该省份不需要工信部短信核验，复审通过后直接进入管局审核');
const noSms = (c: TransitionContext) => (c.smsProvince ? '该省份须先完成工信部短信核验（24 小时内）' : null);

export const TRANSITIONS: Record<OrderState, Edge[]> = {
  草稿: [{ to: '待提交' }, { to: '已放弃' }],
  待提交: [{ to: '初审中' }, { to: '草稿' }, { to: '已放弃' }],
  初审中: [{ to: '待拍照核验', refuse: photoStep }, { to: '管局审核中', refuse: noPhotoOnly }, { to: '初审驳回' }, { to: '已撤回' }],
  初审驳回: [{ to: '待提交' }, { to: '已放弃' }],
  待拍照核验: [{ to: '复审中' }, { to: '已撤回' }],
  // 复审中 → 待拍照核验 is the 复审's 驳回→重拍 (REVIEW_REJECTION): with the provider's text it records a round
  复审中: [{ to: '待短信核验', refuse: smsOnly }, { to: '管局审核中', refuse: noSms }, { to: '待拍照核验' }, { to: '已撤回' }],
  待短信核验: [{ to: '管局审核中' }, { to: '管局驳回' }],
  管局审核中: [{ to: '已通过' }, { to: '管局驳回' }],
  管局驳回: [{ to: '待提交' }, { to: '已放弃' }],
  已通过: [],
  已放弃: [],
  已撤回: [],
};

const WHY_NOT: Partial<Record<OrderState, string>> = {
  已通过: '订单已通过，不能再变更状态',
  已放弃: '订单已放弃，如需继续请新建订单',
  已撤回: '订单已撤回，如需继续请新建订单',
  待短信核验: '已提交管局的订单不能撤回或放弃（S4）',
  管局审核中: '已提交管局的订单不能撤回或放弃（S4）',
};

/** null when `from → to` is allowed, else the reason in Chinese. */
export function transitionProblem(from: OrderState, to: OrderState, c: TransitionContext): string | null {
  const edge = TRANSITIONS[from].find((e) => e.to === to);
  if (!edge) {
    if ((to === '已撤回' || to === '已放弃') && WHY_NOT[from]) return WHY_NOT[from]!;
    if (WHY_NOT[from] && TRANSITIONS[from].length === 0) return WHY_NOT[from]!;
    const options = TRANSITIONS[from].filter((e) => !e.refuse?.(c)).map((e) => e.to);
    return `订单处于“${from}”，不能直接改为“${to}”${options.length ? `；可改为：${options.join('、')}` : ''}`;
  }
  return edge.refuse?.(c) ?? null;
}

export function nextStates(from: OrderState, c: TransitionContext): OrderState[] {
  return TRANSITIONS[from].filter((e) => !e.refuse?.(c)).map((e) => e.to);
}

export const isOpen = (s: OrderState) => !CLOSED_STATES.includes(s);

/**
 * States in which the order is with the provider or the 管局 as submitted (待提交 → 初审中 kept that record,
 * filedState.recordSubmitted): what it covers is what they are reviewing. A 驳回 gives it back to the operator
 * to correct and submit again; before 初审中 nothing has left the desk.
 */
export const UNDER_REVIEW_STATES: readonly OrderState[] = ['初审中', '待拍照核验', '复审中', '待短信核验', '管局审核中'];

export const isUnderReview = (s: OrderState) => UNDER_REVIEW_STATES.includes(s);

const READ_ONLY: Partial<Record<OrderState, string>> = {
  已通过: '订单已通过，已结束',
  已放弃: '订单已放弃',
  已撤回: '订单已撤回',
};

/**
 * Why an order can no longer be changed (no upload, no export, no accepted photo), or null while it can.
 * A 管局驳回 order stays open: it is corrected and submitted again (S1、S4).
 */
export function readOnlyReason(s: OrderState): string | null {
  const why = READ_ONLY[s];
  // an approved filing still has its follow-ups (公安备案, seed 004), done on the same page
  return why ? `${why}，只能查看：不能再上传材料、导出提交包或修改${s === '已通过' ? '；公安备案在本页办理' : '；如需继续请新建订单'}` : null;
}
