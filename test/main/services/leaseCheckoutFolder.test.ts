// 出借 writes the check-out archive into a folder the operator picked (a USB stick). The lease and the
// archive go together: a folder that cannot take the file refuses the 出借 before anything is recorded,
// and a lease the transaction refuses leaves no file (nor its temp file) behind.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toErrorBody } from '../../../main/api/router';
import { listAudit } from '../../../main/db/repositories/audit';
import { openLeasesOf } from '../../../main/db/repositories/leases';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, deleteClient } from '../../../main/services/clients';
import { checkOutClientsTo } from '../../../main/services/leases';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { PASS } from '../../support/leases';

const LAPTOP = '外勤笔记本';

describe('出借 into a folder', () => {
  it('refuses a folder that cannot be made, in Chinese, and records no lease', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const blocker = join(tempDir(), 'usb-stick-not-a-folder');
    writeFileSync(blocker, 'x'); // a file where the folder's parent should be: ENOTDIR
    const err = await checkOutClientsTo(desk, [c!.id], LAPTOP, PASS, join(blocker, 'out')).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DeskError);
    expect(toErrorBody(err, 'lease.checkout', () => {}, '/data')).toMatchObject({
      code: 'VALIDATION',
      message: '无法把出借文件写入所选文件夹（路径中的“usb-stick-not-a-folder”是文件，不是文件夹）：未做任何更改，请换一个文件夹',
    });
    expect(await openLeasesOf(desk.ctx, [c!.id], 'lent')).toEqual([]);
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 100 })).map((a) => a.action)).not.toContain('lease.checkout');
    // nothing holds the client: it can be deleted
    await expect(deleteClient(desk, c!.id)).resolves.toMatchObject({ deletedId: c!.id });
  });

  it('a lease the transaction refuses leaves neither the archive nor its temp file in the folder', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const dir = tempDir();
    const realTx = desk.sql.tx.bind(desk.sql);
    let staged: string[] = [];
    // the archive was staged before the transaction starts; the transaction then refuses (a save meanwhile)
    desk.sql.tx = (() => {
      staged = readdirSync(dir);
      return Promise.reject(new DeskError('EDIT_CONFLICT', '客户在生成出借文件时被修改了，未出借'));
    }) as typeof desk.sql.tx;
    await expect(checkOutClientsTo(desk, [c!.id], LAPTOP, PASS, dir)).rejects.toThrow('未出借');
    desk.sql.tx = realTx;
    expect(staged).toHaveLength(1);
    expect(staged[0]).toMatch(/^\..*\.part$/);
    expect(readdirSync(dir)).toEqual([]);
    expect(await openLeasesOf(desk.ctx, [c!.id], 'lent')).toEqual([]);
  });

  it('a lease recorded comes with its archive in the folder, and nothing else', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const dir = join(tempDir(), 'U盘', '出借');
    const r = await checkOutClientsTo(desk, [c!.id], LAPTOP, PASS, dir);
    expect(readdirSync(dir)).toEqual([r.file.slice(dir.length + 1)]);
    expect(r.file).toMatch(/备案助手出借-外勤笔记本-1个客户-.*\.bdtransfer$/);
    expect((await openLeasesOf(desk.ctx, [c!.id], 'lent')).map((l) => l.lease_key)).toEqual([r.leaseId]);
  });
});
