// 转移导出 as a job (transfer.export): what the screen must show with every reason (a short passphrase, clients not
// there, a folder that cannot be made) is refused before any job starts; a running export reports the clients read,
// their material files and the archive written last; a cancelled one leaves no archive (nor a temp file) and logs no
// export, as each client's log entry says its data, 备案密码 included, left the desk; a 取消 that lands once the
// archive is in place is too late: the job ends done, with its file, and says so. The archive still imports.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { DeskError } from '../../../main/domain/errors';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { exportTransferTo, startTransferExport } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { tempDir } from '../../helpers';
import { cancelAtProgress, cancelOnceWritten, cancelOnFirstRead, jobEnded } from '../../support/cancelJobAt';
import { describeEachStore } from '../../support/eachStore';

const PASS = 'transfer-pass-1';

describeEachStore('转移导出 as a job', (openDesk) => {
  /** Two clients, three material files between them. */
  async function twoClients(desk: Desk): Promise<number[]> {
    const [a, b] = await createClients(desk, [clientRecordSchema.parse(companyRecord(61)), clientRecordSchema.parse(companyRecord(62))]);
    await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('执照 61') });
    await addMaterial(desk, { entityId: a!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布 61') });
    await addMaterial(desk, { entityId: b!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('执照 62') });
    return [a!.id, b!.id];
  }
  const exported = async (desk: Desk, ids: number[]) =>
    (await Promise.all(ids.map(async (entityId) => (await listAudit(desk.ctx, { entityId, limit: 50 })).filter((a) => a.action === 'transfer.export')))).flat();
  const ended = jobEnded;

  it('reports its progress over the clients, their files and the archive, ends with the file it wrote, logged per client; the archive imports', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const out = tempDir();
    const { jobId } = await startTransferExport(desk, ids, PASS, out);
    const status = await ended(desk, jobId);
    // 2 clients, 3 material files, the archive
    expect(status).toMatchObject({ kind: 'transfer.export', state: 'done', done: 6, total: 6, error: null });
    expect(status).not.toHaveProperty('cancelTooLate');
    const [file] = readdirSync(out);
    expect(file).toMatch(/^备案助手转移-2个客户-.*\.bdtransfer$/);
    expect(status.kind === 'transfer.export' && status.result).toEqual({ file: join(out, file!), bytes: statSync(join(out, file!)).size, clients: 2, files: 3 });
    expect((await exported(desk, ids)).map((a) => a.entityId)).toEqual(ids);

    // each step as it is done: the clients (the files counted once they are read), each file, the archive
    const seen: [number, number][] = [];
    await exportTransferTo(desk, ids, PASS, tempDir(), { progress: (done, total) => seen.push([done, total]), cancelled: false });
    expect(seen).toEqual([[0, 3], [1, 3], [2, 3], [2, 6], [3, 6], [4, 6], [5, 6], [6, 6]]);

    // round trip: the archive the job wrote arrives whole on another desk
    const other = await openDesk();
    expect(await importTransfer(other, join(out, file!), PASS)).toMatchObject({ created: 2, merged: 0, materials: 3 });
  }, 120_000);

  it('two exports of as many clients in the same second into one folder: the second is written beside the first, not over it', async () => {
    const desk = await openDesk();
    const [a, b] = await twoClients(desk);
    vi.spyOn(desk.ctx, 'now').mockReturnValue('2026-12-07T12:00:00.000Z');
    const out = tempDir();
    const first = await exportTransferTo(desk, [a!], PASS, out);
    const second = await exportTransferTo(desk, [b!], PASS, out);
    expect(second.file).toBe(first.file.replace(/\.bdtransfer$/, '-2.bdtransfer'));
    expect(readdirSync(out).sort()).toEqual([first.file, second.file].map((f) => f.slice(out.length + 1)).sort());
    // each file holds its own client: the first was not replaced by the second
    const other = await openDesk();
    expect(await importTransfer(other, first.file, PASS)).toMatchObject({ created: 1, materials: 2 });
    expect(await importTransfer(other, second.file, PASS)).toMatchObject({ created: 1, materials: 1 });
  }, 120_000);

  it('a client named twice (an API caller’s list) goes into the archive once, is counted once and logged once, as the CLI does', async () => {
    const desk = await openDesk();
    const [a, b] = await twoClients(desk);
    const out = tempDir();
    const { jobId } = await startTransferExport(desk, [a!, b!, a!], PASS, out);
    const status = await ended(desk, jobId);
    const [file] = readdirSync(out);
    expect(file).toMatch(/^备案助手转移-2个客户-.*\.bdtransfer$/);
    expect(status).toMatchObject({ state: 'done', done: 6, total: 6, result: { file: join(out, file!), clients: 2, files: 3 } });
    expect((await exported(desk, [a!, b!])).map((x) => x.entityId)).toEqual([a, b]);
  }, 120_000);

  it('cancelled while its material files are read: no archive in the folder, no temp file, no export logged', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const out = tempDir();
    const started = startTransferExport(desk, ids, PASS, out);
    // 取消 lands as the first file is read
    const { reads, restore } = cancelOnFirstRead(desk, started);
    const status = await ended(desk, (await started).jobId);
    restore();
    expect(status).toMatchObject({ state: 'cancelled', result: null, error: null });
    // it stopped before the next file
    expect(reads()).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, ids)).toEqual([]);
  });

  it('cancelled once every file is in, before the archive is written: nothing written, nothing logged', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const out = tempDir();
    // every file in: all counted but the archive (the total once the files are known: 2 clients + 3 files + 1)
    const control = cancelAtProgress((done, total) => total === 6 && done === total - 1);
    await expect(exportTransferTo(desk, ids, PASS, out, control)).rejects.toThrow();
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, ids)).toEqual([]);
  });

  it('a 取消 that lands once the archive is in place is too late: the job ends done with its file, says so, and the export is logged', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const out = tempDir();
    const started = startTransferExport(desk, ids, PASS, out);
    // 取消 lands as the export is logged: the archive is already renamed into the folder
    const restore = cancelOnceWritten(desk, started, out);
    const status = await ended(desk, (await started).jobId);
    restore();
    const [file] = readdirSync(out);
    expect(status).toMatchObject({ state: 'done', cancelTooLate: true, error: null, result: { file: join(out, file!), clients: 2, files: 3 } });
    expect(await exported(desk, ids)).toHaveLength(2);
  });

  it('refused before any job starts, with every reason: a short passphrase, each client not there, a folder that cannot be made', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const start = vi.spyOn(desk.jobs, 'start');
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    const dir = join(blocker, 'out');
    const refusal = await startTransferExport(desk, [ids[0]!, 9998, 9999], 'short', dir).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('转移文件没有导出，有 4 个问题') });
    expect((refusal as { details: { path: unknown[]; message: string }[] }).details).toEqual([
      { path: ['passphrase'], message: '密码至少 8 个字符' },
      { path: ['entityIds', 1], message: '客户（编号 9998）不存在或已被删除' },
      { path: ['entityIds', 2], message: '客户（编号 9999）不存在或已被删除' },
      { path: ['dir'], message: `无法写入文件夹“${dir}”：路径中的“not-a-folder”是文件，不是文件夹。请换一个文件夹` },
    ]);
    // one reason alone is told as itself
    await expect(startTransferExport(desk, [ids[0]!, 9998], PASS, tempDir())).rejects.toMatchObject({ code: 'NOT_FOUND', message: '客户（编号 9998）不存在或已被删除' });
    expect(start).not.toHaveBeenCalled();
    expect(await exported(desk, ids)).toEqual([]);
  });

  it('a refusal leaves the file system as it was: the output folder it names (and its missing parents) not made', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const base = tempDir();
    const dir = join(base, 'U盘', '转移导出');
    // a short passphrase; a client not there
    await expect(startTransferExport(desk, ids, 'short', dir)).rejects.toMatchObject({ code: 'VALIDATION', message: '密码至少 8 个字符' });
    await expect(startTransferExport(desk, [ids[0]!, 9998], PASS, dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(base)).toEqual([]);
    // a folder already there is left there, as it was
    const there = tempDir();
    await expect(startTransferExport(desk, ids, 'short', there)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(existsSync(there)).toBe(true);
    expect(readdirSync(there)).toEqual([]);
  });

  it('a job that ends without its archive — cancelled, or failed half-way — takes back the output folder it made (and its parents), only while empty', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    // cancelled as it reads its first file: the folder the check made before the job is taken back with it
    const base = tempDir();
    const dir = join(base, 'U盘', '转移导出');
    const started = startTransferExport(desk, ids, PASS, dir);
    const { restore } = cancelOnFirstRead(desk, started);
    expect(await ended(desk, (await started).jobId)).toMatchObject({ state: 'cancelled', result: null });
    restore();
    expect(readdirSync(base)).toEqual([]);

    // a material that cannot be read half-way: the job fails with its reason, and the folder goes as well
    const read = desk.blobs.read.bind(desk.blobs);
    desk.blobs.read = () => Promise.reject(new DeskError('NOT_FOUND', '材料文件已损坏或丢失'));
    const failed = await startTransferExport(desk, ids, PASS, dir);
    expect(await ended(desk, failed.jobId)).toMatchObject({ state: 'failed', error: '材料文件已损坏或丢失' });
    expect(readdirSync(base)).toEqual([]);

    // a folder the operator had stays; one someone put a file in meanwhile stays with its file
    const there = tempDir();
    const kept = await startTransferExport(desk, ids, PASS, there);
    expect(await ended(desk, kept.jobId)).toMatchObject({ state: 'failed' });
    expect(readdirSync(there)).toEqual([]);
    desk.blobs.read = async () => {
      writeFileSync(join(dir, '别人的文件.txt'), 'x');
      throw new DeskError('NOT_FOUND', '材料文件已损坏或丢失');
    };
    const holding = await startTransferExport(desk, ids, PASS, dir);
    expect(await ended(desk, holding.jobId)).toMatchObject({ state: 'failed' });
    desk.blobs.read = read;
    expect(readdirSync(dir)).toEqual(['别人的文件.txt']);
    expect(await exported(desk, ids)).toEqual([]);
  });

  it('exported directly (the CLI), a client found gone half-way: the folder it made is taken back', async () => {
    const desk = await openDesk();
    const ids = await twoClients(desk);
    const base = tempDir();
    const dir = join(base, 'U盘', '转移导出');
    await expect(exportTransferTo(desk, [ids[0]!, 9999], PASS, dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(base)).toEqual([]);
    expect(await exported(desk, ids)).toEqual([]);
  });
});
