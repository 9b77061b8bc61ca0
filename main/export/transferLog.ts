// A client's 日志 travels with it in a transfer archive: the receiving desk shows what was done to the
// client before (carried entries, marked as coming from the transfer) and records the import itself on
// the client. Log entries hold field names, counts and labels, never personal values; the operator's
// free text (a reason, a purpose) is left behind all the same, since nobody reviewed it for that.
import { z } from 'zod';
import { appendAudit, insertCarriedAudit, listAudit } from '../db/repositories/audit';
import type { RepoContext } from '../db/repositories/context';

const FREE_TEXT = new Set(['reason', 'purpose']);
const TARGETS = ['entity', 'person', 'website', 'material', 'desk', 'order'] as const;

export const transferLogSchema = z
  .array(
    z.object({
      at: z.iso.datetime(),
      actor: z.string().max(80),
      action: z.string().regex(/^[a-zA-Z.]{3,40}$/),
      targetType: z.enum(TARGETS),
      detail: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.union([z.number(), z.boolean(), z.null(), z.string().max(100), z.array(z.union([z.string().max(100), z.number()])).max(50)])),
    }),
  )
  .max(10_000);
export type TransferLog = z.infer<typeof transferLogSchema>;

/** The client's log as it goes into the archive (oldest first), without free text. */
export async function logForTransfer(ctx: RepoContext, entityId: number): Promise<TransferLog> {
  return (await listAudit(ctx, { entityId, limit: 10_000 }))
    .reverse()
    .map((a) => ({
      at: a.at,
      actor: a.actor.slice(0, 80),
      action: a.action,
      targetType: a.targetType as TransferLog[number]['targetType'],
      detail: Object.fromEntries(Object.entries(a.detail).filter(([k]) => !FREE_TEXT.has(k))) as TransferLog[number]['detail'],
    }));
}

/**
 * Inside the import's transaction: the carried entries the client does not have yet (a second import
 * of the same archive adds none), then one entry for the import itself.
 */
export async function recordTransferImport(ctx: RepoContext, entityId: number, carried: TransferLog, created: boolean): Promise<void> {
  const have = new Set((await listAudit(ctx, { entityId, limit: 100_000 })).map((a) => `${a.at}|${a.action}|${a.actor}`));
  let added = 0;
  for (const e of carried) {
    if (have.has(`${e.at}|${e.action}|${e.actor}`)) continue;
    // its own time and operator, on this desk's client; ids of the other desk mean nothing here
    await insertCarriedAudit(ctx, entityId, { at: e.at, actor: e.actor, action: e.action, targetType: e.targetType, detail: { ...e.detail, fromDesk: '传输文件' } });
    added++;
  }
  await appendAudit(ctx, { action: 'transfer.import', targetType: 'entity', targetId: entityId, entityId, detail: { by: created ? '新建客户' : '合并到已有客户', entries: added } });
}
