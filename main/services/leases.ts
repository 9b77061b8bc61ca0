// Clients checked out to a field laptop under a lease (issue 14): the lending desk (a team server, or any
// desk) writes a check-out archive — a transfer archive that names the lease and carries each row's
// row_version — and records the lease; the laptop imports it as any transfer (transferImport.ts records
// its side) and later writes the check-in archive here (exportCheckin). Checking in on the lender is
// leaseCheckin.ts. A client is out on one lease at a time.
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { closeLease, insertLease, leaseRows, openLeasesOf, type LeaseSide } from '../db/repositories/leases';
import { chinaDateTime, fileStamp } from '../domain/dates';
import { DeskError, notFound } from '../domain/errors';
import { writeTransferArchive, type ArchivedClient } from '../export/transfer';
import { stageFileAtomic, type StagedFile } from '../files/atomicWrite';
import { ensureOutputFolder, folderReason, FolderRefused } from '../files/outputFolder';
import { cancelLease } from './leaseList';
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
 * Places an archive in a folder in two steps around the transaction that records what it carries: the
 * folder is made and the archive written and flushed under a temp name before the transaction (a folder
 * that cannot be written refuses the operation before anything is recorded), renamed into place after it
 * commits, removed if it rolls back.
 */
type ArchivePlacer = (archive: Buffer) => StagedFile;

/** Runs `record` (the transaction) with the archive staged by `place`: the file appears only if the transaction commits. */
async function recordWithArchive<T>(archive: Buffer, place: ArchivePlacer | undefined, record: () => Promise<T>): Promise<{ value: T; staged: StagedFile | undefined }> {
  const staged = place?.(archive);
  try {
    return { value: await record(), staged };
  } catch (err) {
    staged?.discard();
    throw err;
  }
}

/**
 * Checks these clients out to `deskName`. The archive is written first (in memory) from what was read;
 * then one transaction records the lease, after checking that no row's version moved since the read, so
 * the versions recorded are exactly those in the archive, and a refusal records nothing. `place`: the
 * archive's file, staged before the transaction and put in place after it (checkOutClientsTo).
 */
export async function checkOutClients(desk: Desk, entityIds: readonly number[], deskName: string, passphrase: string, place?: ArchivePlacer): Promise<{ leaseId: string; archive: Buffer }> {
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
  const { staged } = await recordWithArchive(archive, place, () => desk.sql.tx(async () => {
    await assertNotOut(desk, ids, 'lent');
    for (const [i, id] of ids.entries()) {
      const e = await getEntity(desk.ctx, id);
      if (!e) throw notFound('客户', id);
      const versions = read[i]!;
      if (JSON.stringify(await lentVersionsRead(desk.ctx, e)) !== JSON.stringify(versions)) throw new DeskError('EDIT_CONFLICT', `客户“${e.name}”在生成出借文件时被修改了，未出借：请再出借一次`);
      await insertLease(desk.ctx, { leaseKey: leaseId, side: 'lent', entityId: id, deskName: deskLabel, rowVersions: versions });
      await appendAudit(desk.ctx, { action: 'lease.checkout', targetType: 'entity', targetId: id, entityId: id, detail: { lease: leaseId, desk: deskLabel, people: versions.people.length, websites: versions.websites.length, materials: clients[i]!.materials.length } });
    }
  }));
  if (staged) {
    try {
      staged.commit();
    } catch (err) {
      // the rename of a file just written into the same folder failed (the folder was removed meanwhile):
      // the lease is taken back, so that no client stays out without an archive to take it out with
      const cancelled = await cancelLease(desk, leaseId).then(() => true, () => false);
      throw new DeskError(
        'VALIDATION',
        cancelled
          ? `出借文件未能放入所选文件夹（${folderReason(err)}），这次出借已取消：请换一个文件夹再出借`
          : `出借文件未能放入所选文件夹（${folderReason(err)}），但出借已记录：请在“出借与归还”中取消这次出借后再出借`,
        [{ path: ['dir'], message: folderReason(err) }],
      );
    }
  }
  return { leaseId, archive };
}

/** A placer for `file`: its folder made (refused in Chinese when it cannot be) and the archive staged beside it. */
function placeIn(file: string, what: string): ArchivePlacer {
  return (archive) => {
    try {
      ensureOutputFolder(dirname(file));
      return stageFileAtomic(file, archive);
    } catch (err) {
      // the path itself is in the dialog already: the reason alone, the folder refusal's own if it was one
      const reason = err instanceof FolderRefused ? err.reason : folderReason(err);
      throw new DeskError('VALIDATION', `无法把${what}写入所选文件夹（${reason}）：未做任何更改，请换一个文件夹`, [{ path: ['dir'], message: reason }]);
    }
  };
}

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
}

/** The check-out archive written into a folder (the 出借 dialog). */
export async function checkOutClientsTo(desk: Desk, entityIds: readonly number[], deskName: string, passphrase: string, dir: string): Promise<{ leaseId: string; file: string; bytes: number }> {
  const file = join(resolve(dir), `备案助手出借-${safeName(leaseDeskName(deskName))}-${entityIds.length}个客户-${fileStamp(desk.ctx.now())}.bdtransfer`);
  const { leaseId, archive } = await checkOutClients(desk, entityIds, deskName, passphrase, placeIn(file, '出借文件'));
  return { leaseId, file, bytes: archive.byteLength };
}

/**
 * On the laptop: the clients of a lease, as they are here, with the lender's versions they started from
 * and which rows were changed here — the 归还 archive. The lease is closed on this side; writing the
 * archive again (a lost file, a wrong passphrase typed) is still possible.
 */
export async function exportCheckin(desk: Desk, leaseId: string, passphrase: string, place?: ArchivePlacer): Promise<Buffer> {
  const rows = await leaseRows(desk.ctx, leaseId, 'borrowed');
  if (!rows.length) throw new DeskError('NOT_FOUND', '本机没有这次出借的客户：归还文件只能在导入了出借文件的电脑上生成');
  const clients: ArchivedClient[] = [];
  for (const r of rows) {
    const c = await archivedClient(desk, r.entity_id);
    const e = (await getEntity(desk.ctx, r.entity_id))!;
    clients.push({ ...c, versions: await checkinStamps(desk.ctx, e, JSON.parse(r.row_versions) as BorrowedVersions) });
  }
  const archive = await writeTransferArchive(clients, passphrase, (h) => desk.blobs.read(h), { id: leaseId, desk: rows[0]!.desk_name, kind: 'checkin' });
  const { staged } = await recordWithArchive(archive, place, () => desk.sql.tx(async () => {
    for (const r of rows) {
      await closeLease(desk.ctx, r.id, 'returned');
      await appendAudit(desk.ctx, { action: 'lease.checkinExport', targetType: 'entity', targetId: r.entity_id, entityId: r.entity_id, detail: { lease: leaseId, desk: r.desk_name } });
    }
  }));
  try {
    staged?.commit();
  } catch (err) {
    // the lease is closed here; the archive can be written again (above)
    throw new DeskError('VALIDATION', `归还文件未能放入所选文件夹（${folderReason(err)}）：请换一个文件夹再生成一次`, [{ path: ['dir'], message: folderReason(err) }]);
  }
  return archive;
}

export async function exportCheckinTo(desk: Desk, leaseId: string, passphrase: string, dir: string): Promise<{ file: string; bytes: number }> {
  const file = join(resolve(dir), `备案助手归还-${leaseId.slice(0, 8)}-${fileStamp(desk.ctx.now())}.bdtransfer`);
  const archive = await exportCheckin(desk, leaseId, passphrase, placeIn(file, '归还文件'));
  return { file, bytes: archive.byteLength };
}
