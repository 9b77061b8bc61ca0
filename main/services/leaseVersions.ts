// What a lease remembers of a client's rows (client_lease.row_versions, migration 0013). The lending desk
// keeps each row's row_version at check-out (LentVersions); the laptop keeps, for each row it imported,
// the lender's id and version and its own row_version right after the import (BorrowedVersions), so its
// check-in archive can say which rows it changed since: a row whose version here moved was edited here.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { closeLease, insertLease, leaseRows, openLeasesOf } from '../db/repositories/leases';
import { materialsOfEntity } from '../db/repositories/materials';
import { ordersOfEntity } from '../db/repositories/orders';
import type { RepoContext } from '../db/repositories/context';
import type { EntityView } from '../domain/views';
import type { ArchiveLease, ArchivedClient, RowStamp, RowStamps } from '../export/transfer';
import { followUpDigest } from './leaseFollowUps';
import { lentOrder, orderDigest, type LentOrder } from './leaseOrders';

export interface LentVersions {
  entity: { id: number; version: number };
  people: { id: number; version: number }[];
  websites: { id: number; version: number }[];
  /** by id, as the archive carries them; absent in leases recorded before orders and deletions were carried back */
  orders?: LentOrder[];
  materials?: { id: number; sha256: string }[];
}

interface BorrowedRow {
  /** the row's id on the laptop */
  local: number;
  /** its id and version on the lending desk */
  server: number;
  version: number;
  /** its version on the laptop right after the import */
  localVersion: number;
}
export interface BorrowedVersions {
  entity: BorrowedRow;
  people: BorrowedRow[];
  websites: BorrowedRow[];
  /** the lender's orders here, with their digest here right after the import (leaseOrders.ts) */
  orders?: { local: number; server: number; version: number; digest: string; followUps?: string }[];
  materials?: { local: number; server: number }[];
}

/** The versions of a client's rows now, as lent. */
export function lentVersionsOf(e: EntityView): LentVersions {
  return { entity: { id: e.id, version: e.rowVersion }, people: e.people.map((p) => ({ id: p.id, version: p.rowVersion })), websites: e.websites.map((w) => ({ id: w.id, version: w.rowVersion })) };
}

/** lentVersionsOf with the client's orders and materials, in the order the archive carries them (by id). */
export async function lentVersionsRead(ctx: RepoContext, e: EntityView): Promise<LentVersions> {
  const orders: LentOrder[] = [];
  for (const o of (await ordersOfEntity(ctx, e.id)).sort((a, b) => a.id - b.id)) orders.push(await lentOrder(ctx, o.id));
  const materials = (await materialsOfEntity(ctx, e.id)).map((m) => ({ id: m.id, sha256: m.sha256 }));
  return { ...lentVersionsOf(e), orders, materials };
}

/** The stamps a check-out archive carries for a client: its rows by record position. */
export function checkoutStamps(v: LentVersions): RowStamps {
  const stamp = (r: { id: number; version: number }): RowStamp => ({ id: r.id, version: r.version, changed: false });
  return { entity: stamp(v.entity), people: v.people.map(stamp), websites: v.websites.map(stamp), orders: v.orders?.map(stamp), materials: v.materials?.map((m) => stamp({ id: m.id, version: 1 })) };
}

/**
 * On the laptop, after a check-out archive's client was merged: which local row stands for which of the
 * lender's (people by record key, websites by position). Importing the same archive again records nothing
 * new; a client still out here under an older lease is taken over by the new one.
 */
export async function recordBorrowed(desk: Desk, lease: ArchiveLease, c: ArchivedClient, ids: { entityId: number; people: Map<string, number>; websites: (number | undefined)[]; materials: (number | undefined)[]; orders?: (number | undefined)[] }): Promise<void> {
  const ctx = desk.ctx;
  if ((await leaseRows(ctx, lease.id, 'borrowed')).some((r) => r.entity_id === ids.entityId)) return;
  for (const old of await openLeasesOf(ctx, [ids.entityId], 'borrowed')) await closeLease(ctx, old.id, 'cancelled');
  const e = (await getEntity(ctx, ids.entityId))!;
  const versionHere = new Map<number, number>([...e.people, ...e.websites.map((w) => ({ ...w, id: -w.id }))].map((r) => [r.id, r.rowVersion]));
  const stamps = c.versions!;
  const people: BorrowedRow[] = [];
  c.record.people.forEach((p, i) => {
    const stamp = stamps.people[i];
    const local = ids.people.get(p.id);
    if (stamp && local !== undefined) people.push({ local, server: stamp.id, version: stamp.version, localVersion: versionHere.get(local) ?? 1 });
  });
  const websites: BorrowedRow[] = [];
  stamps.websites.forEach((stamp, i) => {
    const local = ids.websites[i];
    if (stamp && local !== undefined) websites.push({ local, server: stamp.id, version: stamp.version, localVersion: versionHere.get(-local) ?? 1 });
  });
  const versions: BorrowedVersions = { entity: { local: e.id, server: stamps.entity.id, version: stamps.entity.version, localVersion: e.rowVersion }, people, websites };
  if (stamps.orders) {
    versions.orders = [];
    for (const [i, stamp] of stamps.orders.entries()) {
      const local = ids.orders?.[i];
      if (stamp && local !== undefined) versions.orders.push({ local, server: stamp.id, version: stamp.version, digest: await orderDigest(ctx, local), followUps: await followUpDigest(ctx, local) });
    }
  }
  if (stamps.materials) {
    versions.materials = stamps.materials.flatMap((stamp, i) => (stamp && ids.materials[i] !== undefined ? [{ local: ids.materials[i]!, server: stamp.id }] : []));
  }
  await insertLease(ctx, { leaseKey: lease.id, side: 'borrowed', entityId: ids.entityId, deskName: lease.desk, rowVersions: versions });
  await appendAudit(ctx, { action: 'lease.borrow', targetType: 'entity', targetId: ids.entityId, entityId: ids.entityId, detail: { lease: lease.id, desk: lease.desk } });
}

/**
 * On the laptop, at check-in: the lender's id and version of each row now here, and whether it was changed
 * here; orders and materials in the order the archive carries them (by id). A lender's row with no stamp
 * was deleted here.
 */
export async function checkinStamps(ctx: RepoContext, e: EntityView, v: BorrowedVersions): Promise<RowStamps> {
  const stamp = (b: BorrowedRow | undefined, versionNow: number): RowStamp | null => (b ? { id: b.server, version: b.version, changed: versionNow !== b.localVersion } : null);
  const stamps: RowStamps = {
    entity: stamp(v.entity, e.rowVersion)!,
    people: e.people.map((p) => stamp(v.people.find((b) => b.local === p.id), p.rowVersion)),
    websites: e.websites.map((w) => stamp(v.websites.find((b) => b.local === w.id), w.rowVersion)),
  };
  if (v.orders) {
    stamps.orders = [];
    for (const o of (await ordersOfEntity(ctx, e.id)).sort((a, b) => a.id - b.id)) {
      const b = v.orders.find((x) => x.local === o.id);
      stamps.orders.push(b ? { id: b.server, version: b.version, changed: (await orderDigest(ctx, o.id)) !== b.digest, ...(b.followUps === undefined ? {} : { followUpsChanged: (await followUpDigest(ctx, o.id)) !== b.followUps }) } : null);
    }
  }
  if (v.materials) {
    const lent = v.materials;
    stamps.materials = (await materialsOfEntity(ctx, e.id)).map((m) => {
      const b = lent.find((x) => x.local === m.id);
      return b ? { id: b.server, version: 1, changed: false } : null;
    });
  }
  return stamps;
}
