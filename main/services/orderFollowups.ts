// The hooks of the work after submission into the order's life (services/orders.ts): what a state change
// also does, and what else keeps an order from being submitted.
import type { Desk } from '../desk';
import type { OrderRow } from '../db/repositories/orders';
import { DeskError } from '../domain/errors';
import type { EntityView } from '../domain/views';
import type { ChecklistItem } from '../filings/checklist';
import type { OrderState } from '../domain/enums';
import { authCodeProblems } from './authCodes';
import { onOrderAdvance as rejectionStep, type RejectionReasonInput, type RejectionRound } from './rejections';

/** Inside the state change's transaction: the 驳回 loop, and no submission on an expired 授权码. */
export async function onOrderAdvance(desk: Desk, o: OrderRow, e: EntityView, from: OrderState, to: OrderState, input: { reason?: string; reasons?: RejectionReasonInput[] }, checklistOf: () => Promise<ChecklistItem[]>): Promise<void> {
  if (to === '初审中') {
    const expired = await authCodeProblems(desk, o);
    if (expired.length) throw new DeskError('CONFLICT', `还不能提交初审：${expired[0]}`, expired.map((message) => ({ path: ['authCodes'], message })));
  }
  await rejectionStep(desk, o, e, from, to, input, checklistOf);
}

/** Problems beyond the checklist and the rules: untouched 驳回 reasons, expired 授权码. */
export async function followupProblems(desk: Desk, o: OrderRow, rejections: readonly RejectionRound[]): Promise<string[]> {
  return [...rejections.flatMap((r) => r.reasons.filter((x) => x.open).map((x) => `驳回原因未处理：${x.targetLabel}——${x.kindLabel}`)), ...await authCodeProblems(desk, o)];
}
