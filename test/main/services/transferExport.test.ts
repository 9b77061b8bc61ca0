// 转移导出 into a folder (main/services/transferExport.ts): a folder that cannot take the file is refused before
// anything is logged, and so is a full disk — every client's log saying 已导出 for an archive never written would
// tell a later audit that the client's data, 备案密码 included, left the desk; a file whose log entry failed is removed.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { auditTrail, createClients } from '../../../main/services/clients';
import { exportTransferTo } from '../../../main/services/transferExport';
import { companyRecord } from '../../fixtures/records';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';
import { fillSmallDisk, mountSmallDisk, smallDisksAvailable, unmountSmallDisk } from '../../support/smallDisk';

describeEachStore('转移导出 into a folder', (openDesk) => {
  it('refuses a folder that cannot be made and logs no export; a good one logs one per client', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(51))]);
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(exportTransferTo(desk, [c!.id], 'passphrase-123', join(blocker, 'out'))).rejects.toThrow('路径中的“not-a-folder”是文件');
    expect((await auditTrail(desk, { entityId: c!.id, limit: 20 })).filter((a) => a.action === 'transfer.export')).toEqual([]);
    const done = await exportTransferTo(desk, [c!.id], 'passphrase-123', join(tempDir(), 'out'));
    expect(done.bytes).toBeGreaterThan(0);
    expect((await auditTrail(desk, { entityId: c!.id, limit: 20 })).filter((a) => a.action === 'transfer.export')).toHaveLength(1);
  });

  it.runIf(smallDisksAvailable())('a folder on a full disk: refused in Chinese, no file left, no export logged', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(52))]);
    const disk = mountSmallDisk(1);
    try {
      const out = join(disk, 'out');
      fillSmallDisk(disk, 1);
      await expect(exportTransferTo(desk, [c!.id], 'passphrase-123', out)).rejects.toThrow('磁盘');
      // no file, and the output folder the export made taken back with it
      expect(readdirSync(disk).filter((f) => f !== 'filler')).toEqual([]);
    } finally {
      unmountSmallDisk(disk);
    }
    expect((await auditTrail(desk, { entityId: c!.id, limit: 20 })).filter((a) => a.action === 'transfer.export')).toEqual([]);
  });

  it('removes the written file again when the export cannot be logged: no export without its log entry', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(53))]);
    const out = join(tempDir(), 'out');
    const tx = desk.sql.tx.bind(desk.sql);
    desk.sql.tx = () => Promise.reject(new Error('日志写入失败'));
    try {
      await expect(exportTransferTo(desk, [c!.id], 'passphrase-123', out)).rejects.toThrow('日志写入失败');
    } finally {
      desk.sql.tx = tx;
    }
    // the file taken back, and the output folder the export made with it
    expect(readdirSync(dirname(out))).toEqual([]);
    expect((await auditTrail(desk, { entityId: c!.id, limit: 20 })).filter((a) => a.action === 'transfer.export')).toEqual([]);
  });
});
