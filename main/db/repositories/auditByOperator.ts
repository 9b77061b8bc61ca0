// The log read by operator (team mode): who it names, one operator's entries, entries of given actions.
import type { AuditEntry } from '../../domain/views';
import { toAuditEntry } from './audit';
import type { RepoContext } from './context';

type Ctx = Pick<RepoContext, 'db' | 'sql'>;

export async function auditActors(ctx: Ctx): Promise<string[]> {
  return (await ctx.db.selectFrom('audit_log').select('actor').groupBy('actor').orderBy(ctx.sql.dialect.textOrder('actor')).execute()).map((r) => r.actor);
}

export async function auditOfActor(ctx: Ctx, actor: string, limit: number): Promise<AuditEntry[]> {
  return (await ctx.db.selectFrom('audit_log').selectAll().where('actor', '=', actor).orderBy('id', 'desc').limit(limit).execute()).map(toAuditEntry);
}

/** Entries of the given actions with from ≤ at < to (ISO text compares as time), newest first. */
export async function auditOfActions(ctx: Ctx, actions: readonly string[], from: string | null, to: string | null): Promise<AuditEntry[]> {
  let q = ctx.db.selectFrom('audit_log').selectAll().where('action', 'in', [...actions]);
  if (from) q = q.where('at', '>=', from);
  if (to) q = q.where('at', '<', to);
  return (await q.orderBy('id', 'desc').limit(10_000).execute()).map(toAuditEntry);
}
