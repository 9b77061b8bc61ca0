// 转移导出 into a folder (main/services/transferExport.ts): a folder that cannot take the file is refused before
// anything is logged — every client's log saying 已导出 for an archive never written would tell a later audit
// that the client's data, 备案密码 included, left the desk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { auditTrail, createClients } from '../../../main/services/clients';
import { exportTransferTo } from '../../../main/services/transferExport';
import { companyRecord } from '../../fixtures/records';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

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
});
