// 导出提交包 as a job (order.export): the gate refuses before any job starts, with every reason; a running export
// reports the package's files as it gathers them and the zip written last; a cancelled one leaves no file (nor a
// temp file) in the folder and logs no export, as the export's log entry says the client's materials left the desk;
// a 取消 that lands once the file is in place is too late: the job ends done, with its file, and says so.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import type { Desk } from '../../../main/desk';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { exportPackageTo, startPackageExport } from '../../../main/services/packages';
import { individual } from '../../fixtures/drafts';
import { fillOrder, groupPhoto } from '../../fixtures/materials';
import { tempDir } from '../../helpers';
import { cancelAtProgress, cancelOnceWritten, cancelOnFirstRead, jobEnded } from '../../support/cancelJobAt';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('导出提交包 as a job', (openDesk) => {
  async function clientWithOrder(desk: Desk) {
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const order = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    return { entityId: c!.id, order };
  }
  const exported = async (desk: Desk, entityId: number) => (await listAudit(desk.ctx, { entityId, limit: 50 })).filter((a) => a.action === 'order.export');
  const ended = (desk: Desk, jobId: string) => jobEnded(desk, jobId, 60_000); // the sheet workers may still be starting

  it('reports its progress over the package’s files and the zip, and ends with the file it wrote, logged once', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const out = tempDir();
    const { jobId } = await startPackageExport(desk, order.id, undefined, out);
    const status = await ended(desk, jobId);
    // 4 materials (ID both sides, curtain photo, signed sheet scan), the fresh 核验单, the zip; the package's 5 files
    expect(status).toMatchObject({ kind: 'order.export', state: 'done', done: 6, total: 6, error: null });
    const [zip] = readdirSync(out);
    expect(status.kind === 'order.export' && status.result).toEqual({ file: join(out, zip!), bytes: expect.any(Number), files: 5 });
    expect(readdirSync(out)).toEqual([zip]);
    expect(await exported(desk, entityId)).toHaveLength(1);

    // each step as it is done, from nothing to all
    const seen: [number, number][] = [];
    const again = await exportPackageTo(desk, order.id, undefined, out, { progress: (done, total) => seen.push([done, total]), cancelled: false });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => [d, 6]));
    // exported again into the same folder: written beside the first package (which may have been handed on), not over it
    const second = zip!.replace(/\.zip$/, '-2.zip');
    expect(again.file).toBe(join(out, second));
    expect(readdirSync(out).sort()).toEqual([zip, second].sort());
    expect(statSync(join(out, zip!)).size).toBe(status.kind === 'order.export' ? status.result?.bytes : -1);
  }, 120_000);

  it('cancelled while its materials are read: no file in the folder, no temp file, no export logged', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const out = tempDir();
    const started = startPackageExport(desk, order.id, undefined, out);
    // 取消 lands as the first material is read
    const { reads, restore } = cancelOnFirstRead(desk, started);
    const status = await ended(desk, (await started).jobId);
    restore();
    expect(status).toMatchObject({ state: 'cancelled', result: null, error: null });
    // it stopped before the next material
    expect(reads()).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);

  it('cancelled once every file is gathered, before the zip is written: nothing written, nothing logged', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const out = tempDir();
    // gathered: every file but the zip counted
    const control = cancelAtProgress((done, total) => done === total - 1);
    await expect(exportPackageTo(desk, order.id, undefined, out, control)).rejects.toThrow();
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);

  it('a 取消 that lands once the package is in place is too late: the job ends done with its file, and says the 取消 came too late', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const out = tempDir();
    const started = startPackageExport(desk, order.id, undefined, out);
    // 取消 lands as the export is logged: the zip is already renamed into the folder
    const restore = cancelOnceWritten(desk, started, out);
    const status = await ended(desk, (await started).jobId);
    restore();
    const [zip] = readdirSync(out);
    expect(status).toMatchObject({ state: 'done', cancelTooLate: true, error: null, result: { file: join(out, zip!), files: 5 } });
    expect(await exported(desk, entityId)).toHaveLength(1);
  }, 120_000);

  it('an order the gate refuses is refused before any job starts, with every reason', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    const start = vi.spyOn(desk.jobs, 'start');
    const out = tempDir();
    // nothing uploaded: four materials missing, each its own reason
    const refusal = await startPackageExport(desk, order.id, undefined, out).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('订单还有 4 个阻断问题，不能导出提交包') });
    const details = (refusal as { details: { message: string }[] }).details.map((d) => d.message);
    expect(details).toHaveLength(4);
    expect(details.filter((m) => m.includes('缺少'))).toHaveLength(4);
    // a read-only order: refused with why
    await advanceOrder(desk, order.id, { to: '已放弃', reason: '客户不做了' });
    await expect(startPackageExport(desk, order.id, undefined, out)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('订单已放弃，只能查看') });
    // a folder to be made for the package is not made for a refused one
    const base = tempDir();
    await expect(startPackageExport(desk, order.id, undefined, join(base, 'U盘', '提交包'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readdirSync(base)).toEqual([]);
    expect(start).not.toHaveBeenCalled();
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);

  it('a folder the write would refuse is refused before any job starts, as the write says it, and nothing is left on disk', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const start = vi.spyOn(desk.jobs, 'start');
    // a file where a folder of the path should be
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    const dir = join(blocker, 'out');
    await expect(startPackageExport(desk, order.id, undefined, dir)).rejects.toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${dir}”：路径中的“not-a-folder”是文件，不是文件夹。请换一个文件夹` });
    // a path through a file further up: refused as well, no level of it made
    const base = tempDir();
    writeFileSync(join(base, 'U盘'), 'x');
    const deep = join(base, 'U盘', '提交包', '本次');
    await expect(startPackageExport(desk, order.id, undefined, deep)).rejects.toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${deep}”：路径中的“U盘”是文件，不是文件夹。请换一个文件夹` });
    expect(readdirSync(base)).toEqual(['U盘']);
    // the CLI's export (no job) is refused by the folder before it reads a single material
    const read = vi.spyOn(desk.blobs, 'read');
    await expect(exportPackageTo(desk, order.id, undefined, dir)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(`无法写入文件夹“${dir}”`) });
    expect(read).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);

  it('a job that ends without its package takes back the output folder it made (and its parents), only while empty', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id);
    const base = tempDir();
    const dir = join(base, 'U盘', '提交包');
    // the package is in place when its log entry cannot be written: the file is taken back, and the folder with it
    const tx = desk.sql.tx.bind(desk.sql);
    desk.sql.tx = async (work) => {
      if (existsSync(dir)) throw new DeskError('INTERNAL', '日志写入失败');
      return tx(work);
    };
    const failed = await startPackageExport(desk, order.id, undefined, dir);
    expect(await ended(desk, failed.jobId)).toMatchObject({ state: 'failed', error: '日志写入失败', result: null });
    expect(readdirSync(base)).toEqual([]);
    // a folder the operator had stays where it was
    const there = tempDir();
    desk.sql.tx = async (work) => {
      if (readdirSync(there).length) throw new DeskError('INTERNAL', '日志写入失败');
      return tx(work);
    };
    const kept = await startPackageExport(desk, order.id, undefined, there);
    expect(await ended(desk, kept.jobId)).toMatchObject({ state: 'failed' });
    desk.sql.tx = tx;
    expect(existsSync(there)).toBe(true);
    expect(readdirSync(there)).toEqual([]);
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);

  it('photos not measured yet are measured in the job, each a step the operator sees, 取消 heard between them; starting it measures none', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id, { measure: false });
    const measured = async () => (await desk.ctx.db.selectFrom('material_photo_check').select('material_id').execute()).length;
    expect(await measured()).toBe(0);
    // the start answers at once, its job (held here) left to measure them
    const start = vi.spyOn(desk.jobs, 'start').mockReturnValueOnce('held');
    expect(await startPackageExport(desk, order.id, undefined, tempDir())).toEqual({ jobId: 'held' });
    expect(await measured()).toBe(0);
    start.mockRestore();
    // 取消 once the first photo is measured: heard before the second, nothing written
    const out = tempDir();
    await expect(exportPackageTo(desk, order.id, undefined, out, cancelAtProgress((done) => done === 1))).rejects.toThrow('任务已取消');
    expect(await measured()).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    // the 3 photos left, each a step, then the package's 6, all counted in the total from the first step: the
    // operator's bar never moves back
    const seen: [number, number][] = [];
    await exportPackageTo(desk, order.id, undefined, out, { progress: (done, total) => seen.push([done, total]), cancelled: false });
    expect(seen).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9].map((d) => [d, 9]));
    expect(await measured()).toBe(4);
    expect(await exported(desk, entityId)).toHaveLength(1);
  }, 120_000);

  it('a photo that fails its checks still refuses the package: before the job when measured, in the job with the same findings when not', async () => {
    const desk = await openDesk();
    const { entityId, order } = await clientWithOrder(desk);
    await fillOrder(desk, order.id, { files: { curtain: await groupPhoto() }, measure: false });
    const out = tempDir();
    const { jobId } = await startPackageExport(desk, order.id, undefined, out);
    const status = await ended(desk, jobId);
    expect(status).toMatchObject({ state: 'failed', result: null, error: expect.stringMatching(/^订单还有 1 个阻断问题，不能导出提交包：照片检查不通过：.*幕布/) });
    expect(readdirSync(out)).toEqual([]);
    // measured now: refused before any job, with the same finding
    const refusal = await startPackageExport(desk, order.id, undefined, out).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: status.error });
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);
});
