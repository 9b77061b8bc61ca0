// Rejection rounds of filing orders and their structured reasons.
import { qb } from '../sql';
import type { RepoContext } from './context';

export interface RejectionReasonRow {
  id: number;
  rejectionId: number;
  target: string;
  kind: string;
  text: string;
  baseline: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  change: string | null;
}

export interface RejectionRow {
  id: number;
  orderId: number;
  round: number;
  stage: string;
  providerText: string;
  actor: string;
  at: string;
  reasons: RejectionReasonRow[];
}

export function insertRejection(ctx: RepoContext, r: { orderId: number; stage: string; providerText: string; reasons: { target: string; kind: string; text: string; baseline: string }[] }): number {
  const last = ctx.sql.first(qb.selectFrom('order_rejection').select((eb) => eb.fn.max<number>('round').as('n')).where('order_id', '=', r.orderId));
  const round = Number(last?.n ?? 0) + 1;
  const id = ctx.sql.run(qb.insertInto('order_rejection').values({ order_id: r.orderId, round, stage: r.stage, provider_text: r.providerText, actor: ctx.actor, at: ctx.now() })).id;
  for (const x of r.reasons) ctx.sql.run(qb.insertInto('order_rejection_reason').values({ rejection_id: id, target: x.target, kind: x.kind, text: x.text, baseline: x.baseline }));
  return round;
}

/** Every round of an order, oldest first, each with its reasons. */
export function rejectionsOf(ctx: RepoContext, orderId: number): RejectionRow[] {
  const rounds = ctx.sql.all(qb.selectFrom('order_rejection').selectAll().where('order_id', '=', orderId).orderBy('round'));
  if (!rounds.length) return [];
  const reasons = ctx.sql.all(
    qb
      .selectFrom('order_rejection_reason')
      .selectAll()
      .where('rejection_id', 'in', rounds.map((r) => r.id))
      .orderBy('id'),
  );
  return rounds.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    round: r.round,
    stage: r.stage,
    providerText: r.provider_text,
    actor: r.actor,
    at: r.at,
    reasons: reasons
      .filter((x) => x.rejection_id === r.id)
      .map((x) => ({ id: x.id, rejectionId: x.rejection_id, target: x.target, kind: x.kind, text: x.text, baseline: x.baseline, resolvedAt: x.resolved_at, resolvedBy: x.resolved_by, change: x.change })),
  }));
}

export function resolveReason(ctx: RepoContext, id: number, change: string): void {
  ctx.sql.run(qb.updateTable('order_rejection_reason').set({ resolved_at: ctx.now(), resolved_by: ctx.actor, change }).where('id', '=', id));
}

/** Orders that have a rejection round whose reasons are not all resolved (or that has none), by order id. */
export function ordersWithRejections(ctx: RepoContext): number[] {
  return ctx.sql.all(qb.selectFrom('order_rejection').select('order_id').distinct()).map((r) => r.order_id);
}
