// The log read by operator (team mode): who it names, one operator's entries, entries of given actions.
import type { AuditEntry } from '../../domain/views';
import { qb } from '../sql';
import type { RepoContext } from './context';

type Ctx = Pick<RepoContext, 'sql'>;
type Row = { id: number; at: string; actor: string; action: string; target_type: string; target_id: number | null; entity_id: number | null; detail: string };

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  entityId: r.entity_id,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export function auditActors(ctx: Ctx): string[] {
  return ctx.sql.all(qb.selectFrom('audit_log').select('actor').distinct().orderBy('actor')).map((r) => r.actor);
}

export function auditOfActor(ctx: Ctx, actor: string, limit: number): AuditEntry[] {
  return ctx.sql.all(qb.selectFrom('audit_log').selectAll().where('actor', '=', actor).orderBy('id', 'desc').limit(limit)).map(toEntry);
}

/** Entries of the given actions with from ≤ at < to (ISO text compares as time), newest first. */
export function auditOfActions(ctx: Ctx, actions: readonly string[], from: string | null, to: string | null): AuditEntry[] {
  let q = qb.selectFrom('audit_log').selectAll().where('action', 'in', [...actions]);
  if (from) q = q.where('at', '>=', from);
  if (to) q = q.where('at', '<', to);
  return ctx.sql.all(q.orderBy('id', 'desc').limit(10_000)).map(toEntry);
}
