// Clients checked out to a field laptop under a lease (issue 14): the lending desk (a team server, or any
// desk) writes a check-out archive — a transfer archive that names the lease and carries each row's
// row_version — and records the lease; the laptop imports it as any transfer (transferImport.ts records
// its side) and later writes the check-in archive here (exportCheckin). Checking in on the lender is
// leaseCheckin.ts. A client is out on one lease at a time.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { closeLease, insertLease, leaseRows, openLeasesOf, type LeaseSide } from '../db/repositories/leases';
import { chinaDateTime, fileStamp } from '../domain/dates';
import { DeskError, notFound } from '../domain/errors';
import { writeTransferArchive, type ArchivedClient } from '../export/transfer';
import { writeFileAtomic } from '../files/atomicWrite';
import { checkinStamps, checkoutStamps, lentVersionsRead, type BorrowedVersions, type LentVersions } from './leaseVersions';
import { archivedClient } from './transferExport';

/** The name a laptop is lent under: typed at check-out, shown in 出借中 and checked at check-in. */
export function leaseDeskName(name: string): string {
  const n = name.trim();
  if (!n) throw new DeskError('VALIDATION', '请填写借用的电脑或拍照点名称', [{ path: ['deskName'], message: '请填写借用的电脑或拍照点名称' }]);
  if (n.length > 50) throw new DeskError('VALIDATION', '借用方名称不能超过 50 个字符', [{ path: ['deskName'], message: '不能超过 50 个字符' }]);
  return n;
}

/** Refuses clients already out (on this desk's side of a lease). */
async function assertNotOut(desk: Desk, entityIds: readonly number[], side: LeaseSide): Promise<void> {
  const [out] = await openLeasesOf(desk.ctx, entityIds, side);
  if (!out) return;
  const name = (await getEntity(desk.ctx, out.entity_id))?.name ?? `编号 ${out.entity_id}`;
  throw new DeskError('CONFLICT', `客户“${name}”已于 ${chinaDateTime(out.taken_at)} 由${out.operator}出借给“${out.desk_name}”，归还或取消那次出借后才能再次出借`);
}

/**
 * Checks these clients out to `deskName`. The archive is written first (in memory) from what was read;
 * then one transaction records the lease, after checking that no row's version moved since the read, so
 * the versions recorded are exactly those in the archive, and a refusal records nothing.
 */
export async function checkOutClients(desk: Desk, entityIds: readonly number[], deskName: string, passphrase: string): Promise<{ leaseId: string; archive: Buffer }> {
  const deskLabel = leaseDeskName(deskName);
  const ids = [...new Set(entityIds)];
  if (!ids.length) throw new DeskError('VALIDATION', '请至少选择一个客户');
  await assertNotOut(desk, ids, 'lent');
  const leaseId = randomUUID();
  const clients: ArchivedClient[] = [];
  const read: LentVersions[] = [];
  for (const id of ids) {
    const e = await getEntity(desk.ctx, id);
    if (!e) throw notFound('客户', id);
    const versions = await lentVersionsRead(desk.ctx, e);
    read.push(versions);
    clients.push({ ...(await archivedClient(desk, id)), versions: checkoutStamps(versions) });
  }
  const archive = await writeTransferArchive(clients, passphrase, (h) => desk.blobs.read(h), { id: leaseId, desk: deskLabel, kind: 'checkout' });
  await desk.sql.tx(async () => {
    await assertNotOut(desk, ids, 'lent');
    for (const [i, id] of ids.entries()) {
      const e = await getEntity(desk.ctx, id);
      if (!e) throw notFound('客户', id);
      const versions = read[i]!;
      if (JSON.stringify(await lentVersionsRead(desk.ctx, e)) !== JSON.stringify(versions)) throw new DeskError('EDIT_CONFLICT', `客户“${e.name}”在生成出借文件时被修改了，未出借：请再出借一次`);
      await insertLease(desk.ctx, { leaseKey: leaseId, side: 'lent', entityId: id, deskName: deskLabel, rowVersions: versions });
      await appendAudit(desk.ctx, { action: 'lease.checkout', targetType: 'entity', targetId: id, entityId: id, detail: { lease: leaseId, desk: deskLabel, people: versions.people.length, websites: versions.websites.length, materials: clients[i]!.materials.length } });
    }
  });
  return { leaseId, archive };
}

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
}

/** The check-out archive written into a folder (the 出借 dialog). */
export async function checkOutClientsTo(desk: Desk, entityIds: readonly number[], deskName: string, passphrase: string, dir: string): Promise<{ leaseId: string; file: string; bytes: number }> {
  const { leaseId, archive } = await checkOutClients(desk, entityIds, deskName, passphrase);
  mkdirSync(resolve(dir), { recursive: true });
  const file = join(resolve(dir), `备案助手出借-${safeName(leaseDeskName(deskName))}-${entityIds.length}个客户-${fileStamp(desk.ctx.now())}.bdtransfer`);
  writeFileAtomic(file, archive);
  return { leaseId, file, bytes: archive.byteLength };
}

/**
 * On the laptop: the clients of a lease, as they are here, with the lender's versions they started from
 * and which rows were changed here — the 归还 archive. The lease is closed on this side; writing the
 * archive again (a lost file, a wrong passphrase typed) is still possible.
 */
export async function exportCheckin(desk: Desk, leaseId: string, passphrase: string): Promise<Buffer> {
  const rows = await leaseRows(desk.ctx, leaseId, 'borrowed');
  if (!rows.length) throw new DeskError('NOT_FOUND', '本机没有这次出借的客户：归还文件只能在导入了出借文件的电脑上生成');
  const clients: ArchivedClient[] = [];
  for (const r of rows) {
    const c = await archivedClient(desk, r.entity_id);
    const e = (await getEntity(desk.ctx, r.entity_id))!;
    clients.push({ ...c, versions: await checkinStamps(desk.ctx, e, JSON.parse(r.row_versions) as BorrowedVersions) });
  }
  const archive = await writeTransferArchive(clients, passphrase, (h) => desk.blobs.read(h), { id: leaseId, desk: rows[0]!.desk_name, kind: 'checkin' });
  await desk.sql.tx(async () => {
    for (const r of rows) {
      await closeLease(desk.ctx, r.id, 'returned');
      await appendAudit(desk.ctx, { action: 'lease.checkinExport', targetType: 'entity', targetId: r.entity_id, entityId: r.entity_id, detail: { lease: leaseId, desk: r.desk_name } });
    }
  });
  return archive;
}

export async function exportCheckinTo(desk: Desk, leaseId: string, passphrase: string, dir: string): Promise<{ file: string; bytes: number }> {
  const archive = await exportCheckin(desk, leaseId, passphrase);
  mkdirSync(resolve(dir), { recursive: true });
  const file = join(resolve(dir), `备案助手归还-${leaseId.slice(0, 8)}-${fileStamp(desk.ctx.now())}.bdtransfer`);
  writeFileAtomic(file, archive);
  return { file, bytes: archive.byteLength };
}
