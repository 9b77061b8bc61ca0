// The log entries about one row (newest first): what EDIT_CONFLICT reads to say who changed the row, when
// and which fields, since a given version.
import type { AuditEntry } from '../../domain/views';
import { toAuditEntry } from './audit';
import type { RepoContext } from './context';

export async function auditOfTarget(ctx: RepoContext, targetType: string, targetId: number, action: string, limit: number): Promise<AuditEntry[]> {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}
