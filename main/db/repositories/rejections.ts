// Rejection rounds of filing orders and their structured reasons.
import type { RepoContext } from './context';
import { bumpRevisionOfRejectionReason } from './revision';

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

export async function insertRejection(ctx: RepoContext, r: { orderId: number; stage: string; providerText: string; reasons: { target: string; kind: string; text: string; baseline: string }[] }): Promise<number> {
  const last = await ctx.db.selectFrom('order_rejection').select((eb) => eb.fn.max<number>('round').as('n')).where('order_id', '=', r.orderId).executeTakeFirst();
  const round = Number(last?.n ?? 0) + 1;
  const id = Number((await ctx.db.insertInto('order_rejection').values({ order_id: r.orderId, round, stage: r.stage, provider_text: r.providerText, actor: ctx.actor, at: ctx.now() }).returning('id').executeTakeFirstOrThrow()).id);
  for (const x of r.reasons) await ctx.db.insertInto('order_rejection_reason').values({ rejection_id: id, target: x.target, kind: x.kind, text: x.text, baseline: x.baseline }).execute();
  return round;
}

/** Every round of an order, oldest first, each with its reasons. */
export async function rejectionsOf(ctx: RepoContext, orderId: number): Promise<RejectionRow[]> {
  const rounds = await ctx.db.selectFrom('order_rejection').selectAll().where('order_id', '=', orderId).orderBy('round').execute();
  if (!rounds.length) return [];
  const reasons = await ctx.db
      .selectFrom('order_rejection_reason')
      .selectAll()
      .where('rejection_id', 'in', rounds.map((r) => r.id))
      .orderBy('id').execute();
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

export async function resolveReason(ctx: RepoContext, id: number, change: string): Promise<void> {
  await ctx.db.updateTable('order_rejection_reason').set({ resolved_at: ctx.now(), resolved_by: ctx.actor, change }).where('id', '=', id).execute();
  await bumpRevisionOfRejectionReason(ctx, id);
}

/** Orders that have a rejection round whose reasons are not all resolved (or that has none), by order id. */
export async function ordersWithRejections(ctx: RepoContext): Promise<number[]> {
  return (await ctx.db.selectFrom('order_rejection').select('order_id').distinct().execute()).map((r) => r.order_id);
}
