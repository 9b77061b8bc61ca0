// client_lease and lease_conflict rows (migration 0013): clients checked out to a field laptop, and the
// rows both sides changed while they were out.
import type { Selectable } from 'kysely';
import type { ClientLeaseTable, LeaseConflictTable } from '../schema';
import type { SensitiveKind } from '../sensitive';
import type { RepoContext } from './context';

export type LeaseSide = ClientLeaseTable['side'];
export type LeaseRow = Selectable<ClientLeaseTable> & { id: number; entity_id: number };
export type LeaseConflictRow = Selectable<LeaseConflictTable> & { id: number; lease_id: number; target_id: number; base_version: number; server_version: number | null };
export type ConflictKind = Selectable<LeaseConflictTable>['kind'];
export type ConflictTarget = LeaseConflictTable['target_type'];

const asLease = (r: Selectable<ClientLeaseTable>): LeaseRow => ({ ...r, id: Number(r.id), entity_id: Number(r.entity_id) });
const asConflict = (r: Selectable<LeaseConflictTable>): LeaseConflictRow => ({ ...r, id: Number(r.id), lease_id: Number(r.lease_id), target_id: Number(r.target_id), base_version: Number(r.base_version), server_version: r.server_version === null ? null : Number(r.server_version) });

export async function insertLease(ctx: RepoContext, row: { leaseKey: string; side: LeaseSide; entityId: number; deskName: string; rowVersions: unknown }): Promise<number> {
  const r = await ctx.db
    .insertInto('client_lease')
    .values({ lease_key: row.leaseKey, side: row.side, entity_id: row.entityId, desk_name: row.deskName, operator: ctx.actor, taken_at: ctx.now(), row_versions: JSON.stringify(row.rowVersions), state: 'out' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Every client row of one lease on one side, in the order they were lent. */
export async function leaseRows(ctx: RepoContext, leaseKey: string, side: LeaseSide): Promise<LeaseRow[]> {
  return (await ctx.db.selectFrom('client_lease').selectAll().where('lease_key', '=', leaseKey).where('side', '=', side).orderBy('id').execute()).map(asLease);
}

export async function leaseRow(ctx: RepoContext, id: number): Promise<LeaseRow | undefined> {
  const r = await ctx.db.selectFrom('client_lease').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? asLease(r) : undefined;
}

/** The open lease of each of these clients on this side (at most one each). */
export async function openLeasesOf(ctx: RepoContext, entityIds: readonly number[], side: LeaseSide): Promise<LeaseRow[]> {
  if (!entityIds.length) return [];
  return (await ctx.db.selectFrom('client_lease').selectAll().where('entity_id', 'in', [...entityIds]).where('side', '=', side).where('state', '=', 'out').execute()).map(asLease);
}

/** Every lease row still out, or returned/cancelled within the last `limit` rows, newest first. */
export async function recentLeaseRows(ctx: RepoContext, limit: number): Promise<LeaseRow[]> {
  const open = await ctx.db.selectFrom('client_lease').selectAll().where('state', '=', 'out').orderBy('id', 'desc').execute();
  const closed = await ctx.db.selectFrom('client_lease').selectAll().where('state', '!=', 'out').orderBy('id', 'desc').limit(limit).execute();
  return [...open, ...closed].map(asLease);
}

/**
 * Claims a lease row for its check-in: false when it is no longer out or was checked in already. As a
 * transaction's first write it holds the row, so a second check-in (or a cancel) of the same lease waits
 * for it and then finds the row taken, instead of acting on what it read before.
 */
export async function markCheckedIn(ctx: RepoContext, id: number): Promise<boolean> {
  const r = await ctx.db.updateTable('client_lease').set({ checked_in_at: ctx.now() }).where('id', '=', id).where('state', '=', 'out').where('checked_in_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Closes a lease row still out; false when it was not. A cancel closes only a row not checked in: one a
 * check-in claimed (markCheckedIn) is closed by that check-in or the settling of its conflicts.
 */
export async function closeLease(ctx: RepoContext, id: number, state: 'returned' | 'cancelled'): Promise<boolean> {
  let q = ctx.db.updateTable('client_lease').set({ state, returned_at: ctx.now(), returned_by: ctx.actor }).where('id', '=', id).where('state', '=', 'out');
  if (state === 'cancelled') q = q.where('checked_in_at', 'is', null);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

/** The personal numbers among a conflicting row's fields: sealed in laptop_fields (services/leaseCheckin.ts sealFields). */
export const CONFLICT_SEALED: Record<string, SensitiveKind> = { certNumber: 'cert', mobile: 'mobile', emergencyPhone: 'phone', email: 'email', filingPassword: 'password' };
/** Kept beside a person's fields in laptop_fields, never one of them (services/leaseCheckin.ts). */
export const IDENTITY_KEY = 'identityChangedAt';

/** A 主体's, person's or website's fields as a conflict keeps them (laptop_fields), opened. */
export function openConflictFields(ctx: RepoContext, stored: string): Record<string, unknown> {
  const { [IDENTITY_KEY]: _carried, ...out } = JSON.parse(stored) as Record<string, unknown>;
  for (const [k, kind] of Object.entries(CONFLICT_SEALED)) if (typeof out[k] === 'string') out[k] = ctx.codec.open(kind, out[k]);
  return out;
}

/** What a settled conflict keeps of the laptop's values: nothing (the column is NOT NULL). */
const SETTLED_FIELDS = '{}';

export async function insertConflict(ctx: RepoContext, c: { leaseId: number; target: ConflictTarget; targetId: number; baseVersion: number; serverVersion: number | null; laptopFields: string; kind?: ConflictKind; reason?: string }): Promise<void> {
  await ctx.db
    .insertInto('lease_conflict')
    .values({ lease_id: c.leaseId, target_type: c.target, target_id: c.targetId, base_version: c.baseVersion, server_version: c.serverVersion, laptop_fields: c.laptopFields, found_at: ctx.now(), kind: c.kind ?? 'edit', reason: c.reason ?? null })
    .execute();
}

export async function conflictsOfLeases(ctx: RepoContext, leaseIds: readonly number[], onlyOpen: boolean): Promise<LeaseConflictRow[]> {
  if (!leaseIds.length) return [];
  let q = ctx.db.selectFrom('lease_conflict').selectAll().where('lease_id', 'in', [...leaseIds]);
  if (onlyOpen) q = q.where('settled', 'is', null);
  return (await q.orderBy('id').execute()).map(asConflict);
}

/** The conflicts still open on the lending desk about a client's rows, with the name of the laptop each came from. */
export async function openConflictsOfEntity(ctx: RepoContext, entityId: number): Promise<(LeaseConflictRow & { desk_name: string })[]> {
  const rows = await ctx.db
    .selectFrom('lease_conflict')
    .innerJoin('client_lease', 'client_lease.id', 'lease_conflict.lease_id')
    .selectAll('lease_conflict')
    .select('client_lease.desk_name')
    .where('client_lease.entity_id', '=', entityId)
    .where('client_lease.side', '=', 'lent')
    .where('lease_conflict.settled', 'is', null)
    .orderBy('lease_conflict.id')
    .execute();
  return rows.map((r) => ({ ...asConflict(r), desk_name: r.desk_name }));
}

/** The open conflicts about one row of this desk (a check-in's edit or deletion of it; not one about a row deleted before). */
export async function openConflictsOfRow(ctx: RepoContext, target: ConflictTarget, targetId: number): Promise<LeaseConflictRow[]> {
  const rows = await ctx.db.selectFrom('lease_conflict').selectAll().where('target_type', '=', target).where('target_id', '=', targetId).where('kind', '!=', 'serverDeleted').where('settled', 'is', null).orderBy('id').execute();
  return rows.map(asConflict);
}

export async function getConflict(ctx: RepoContext, id: number): Promise<LeaseConflictRow | undefined> {
  const r = await ctx.db.selectFrom('lease_conflict').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? asConflict(r) : undefined;
}

/**
 * Marks a conflict settled; false when someone settled it first. The laptop's values go with it (personal
 * data: a person's name, 证件号码, mobile …): a settled conflict is never shown or undone, and what a second
 * settle's refusal names — who settled it, when, which way, what kind of row — stays in the row, the rest in
 * the log entry (lease.settle).
 */
export async function settleConflictRow(ctx: RepoContext, id: number, keep: 'server' | 'laptop'): Promise<boolean> {
  const r = await ctx.db.updateTable('lease_conflict').set({ settled: keep, settled_at: ctx.now(), settled_by: ctx.actor, laptop_fields: SETTLED_FIELDS }).where('id', '=', id).where('settled', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
