// Clients checked out to a field laptop under a lease (issue 14, "offline inside team mode is explicit"):
// what the API shows of a lease, of a checked-in archive and of a row both sides changed. zod schemas,
// because they cross the API (main/api/contract.ts).
import { z } from 'zod';

export const LEASE_SIDES = ['lent', 'borrowed'] as const;
export const LEASE_STATES = ['out', 'returned', 'cancelled'] as const;
export const LEASE_STATE_LABELS: Record<(typeof LEASE_STATES)[number], string> = { out: '出借中', returned: '已归还', cancelled: '已取消' };
export const SETTLE_CHOICES = ['server', 'laptop'] as const;
export type SettleChoice = (typeof SETTLE_CHOICES)[number];

export const CONFLICT_KINDS = ['edit', 'laptopDeleted', 'serverDeleted'] as const;
/** What a conflict of each kind is, and what its two choices do (server / laptop). */
export const CONFLICT_KIND_TEXT: Record<(typeof CONFLICT_KINDS)[number], { label: string; server: string; laptop: string }> = {
  edit: { label: '两边都修改了', server: '保留服务器版本', laptop: '采用笔记本版本' },
  laptopDeleted: { label: '笔记本已删除，服务器已修改', server: '保留服务器的这一行', laptop: '按笔记本删除' },
  serverDeleted: { label: '服务器已删除，笔记本已修改', server: '确认删除', laptop: '恢复笔记本的版本' },
};

/** The target id of a listed row the laptop added: nothing of it is on the lender (services/leaseOrphans.ts). */
export const NOT_ON_SERVER = 0;
/** A material or order the laptop added under a row the lender deleted: it can only be dropped (its file or websites are gone). */
export const isHeldAddition = (c: { targetId: number; target: string }): boolean => c.targetId === NOT_ON_SERVER && (c.target === 'material' || c.target === 'order');

export const leaseIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, '出借编号无效');

/** One lease as the 出借 list shows it: on the lending desk (lent) or on the laptop (borrowed). */
export const leaseSummarySchema = z.object({
  leaseId: z.string(),
  side: z.enum(LEASE_SIDES),
  desk: z.string(),
  operator: z.string(),
  takenAt: z.string(),
  state: z.enum(LEASE_STATES),
  checkedInAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnedBy: z.string().nullable(),
  clients: z.array(z.object({ id: z.number(), name: z.string() })),
  openConflicts: z.number(),
});
export type LeaseSummary = z.infer<typeof leaseSummarySchema>;

/** A client out on a lease: what the client list and the client page say about it (出借中). */
export const clientLeaseSchema = z.object({ entityId: z.number(), leaseId: z.string(), side: z.enum(LEASE_SIDES), desk: z.string(), operator: z.string(), takenAt: z.string() });
export type ClientLease = z.infer<typeof clientLeaseSchema>;

export const checkinResultSchema = z.object({
  clients: z.number(),
  /** rows the laptop changed and the lender had not: the laptop's version taken */
  applied: z.number(),
  /** rows only the lender changed (or nobody): the lender's kept */
  kept: z.number(),
  /** rows both changed: nothing applied, listed for a person to settle */
  conflicts: z.number(),
  people: z.number(),
  websites: z.number(),
  materials: z.number(),
  orders: z.number(),
  filed: z.number(),
  /** orders the laptop changed that are no longer on the lender's client: not brought back */
  gone: z.number(),
  /** rows the laptop deleted that the lender had not changed: deleted here too */
  deleted: z.number().default(0),
  closed: z.boolean(),
});
export type CheckinResult = z.infer<typeof checkinResultSchema>;

/** A row both sides changed: the differing fields with both values (personal numbers masked unless revealed). */
export const leaseConflictSchema = z.object({
  id: z.number(),
  leaseId: z.string(),
  entityId: z.number(),
  clientName: z.string(),
  target: z.enum(['entity', 'person', 'website', 'order', 'material']),
  /** edit: both changed; laptopDeleted: the laptop deleted it, the lender changed it; serverDeleted: the reverse */
  kind: z.enum(CONFLICT_KINDS),
  /** why the laptop's version was not applied, besides both having changed (an illegal state move) */
  reason: z.string().nullable(),
  targetId: z.number(),
  /** 主体信息 / 负责人“张三” / 网站“…” */
  targetLabel: z.string(),
  baseVersion: z.number(),
  serverVersion: z.number().nullable(),
  fields: z.array(z.object({ field: z.string(), label: z.string(), server: z.string(), laptop: z.string() })),
  masked: z.boolean(),
});
export type LeaseConflictView = z.infer<typeof leaseConflictSchema>;
