// "Log what a person did, once": looking at a client's materials reads each file (thumbnails, previews),
// and re-opening the tab reads them again. One entry per operator, material and quarter hour says the
// same as one entry per file read, without burying the rest of the log.
import { appendAudit, type AuditEvent } from './audit';
import { operatorOf } from './operator';
import type { RepoContext } from './context';

const WINDOW_MS = 15 * 60_000;

export async function appendAuditOnce(ctx: RepoContext, e: AuditEvent): Promise<void> {
  const since = new Date(Date.parse(ctx.now()) - WINDOW_MS).toISOString();
  let q = ctx.db.selectFrom('audit_log').select('id').where('action', '=', e.action).where('target_type', '=', e.targetType).where('actor', '=', await operatorOf(ctx)).where('at', '>=', since);
  if (e.entityId !== null) q = q.where('entity_id', '=', e.entityId); // the log's index is by client
  q = e.targetId === null ? q.where('target_id', 'is', null) : q.where('target_id', '=', e.targetId);
  if (await q.limit(1).executeTakeFirst()) return;
  await appendAudit(ctx, e);
}
