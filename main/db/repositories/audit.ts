// The append-only audit log (the table refuses UPDATE and DELETE). Details carry field names and counts,
// never personal values.
import type { Selectable } from 'kysely';
import type { AuditEntry } from '../../domain/views';
import type { AuditLogTable } from '../schema';
import { json, type RepoContext } from './context';
import { operatorOf } from './operator';
import { bumpRevision, changesFindings } from './revision';

export interface AuditEvent {
  action: string;
  targetType: 'entity' | 'person' | 'website' | 'material' | 'desk' | 'order';
  targetId: number | null;
  entityId: number | null;
  detail?: Record<string, unknown>;
}

export async function appendAudit(ctx: RepoContext, e: AuditEvent): Promise<void> {
  await ctx.db.insertInto('audit_log').values({
      at: ctx.now(),
      actor: await operatorOf(ctx),
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      entity_id: e.entityId,
      detail: json(e.detail ?? {}),
    }).execute();
  // the entry names the client whose data the write changed: its check revision moves with it (revision.ts)
  if (e.entityId !== null && changesFindings(e.action)) await bumpRevision(ctx, e.entityId);
}

/**
 * The id of the log's newest entry (0 when empty). The log only grows, and every write that changes a client's
 * data appends its entry in the same transaction (revision.ts), so on SQLite — one writer at a time, entries
 * numbered in commit order — an unchanged id says no client's data changed in between (check-all's keys held twice).
 */
export async function lastAuditId(ctx: RepoContext): Promise<number> {
  const r = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(r?.id ?? 0);
}

export async function listAudit(ctx: RepoContext, filter: { entityId?: number; limit: number }): Promise<AuditEntry[]> {
  let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  return (await q.execute()).map(toAuditEntry);
}

/** A log row as views show it. */
export const toAuditEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  entityId: r.entity_id,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

/** Names of the fields whose values differ: what an update entry records instead of the values. */
export function changedFields<T extends object>(before: T, after: Partial<T>): string[] {
  return (Object.keys(after) as (keyof T)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(String);
}

/** A log entry carried in from another desk (transfer import): its own time and operator, on this desk's client. */
export async function insertCarriedAudit(ctx: RepoContext, entityId: number, e: { at: string; actor: string; action: string; targetType: string; detail: Record<string, unknown> }): Promise<void> {
  await ctx.db.insertInto('audit_log').values({ at: e.at, actor: e.actor, action: e.action, target_type: e.targetType, target_id: null, entity_id: entityId, detail: json(e.detail) }).execute();
  await bumpRevision(ctx, entityId);
}
