// An export's write failing after its name was claimed — the disk filling up half-way through a package —
// leaves the folder as it was: neither the claimed empty file (it would be taken for the export and handed
// on) nor the temp file stays, and the folder's problem is told in Chinese. Tests run as root on a disk
// with room, so the write's answer is given here by a stand-in (this file is in the `isolated` project).
import type * as Fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { writeExportFile } from '../../../main/files/outputFolder';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { exportPackageTo } from '../../../main/services/packages';
import { exportTransferTo } from '../../../main/services/transferExport';
import { individual } from '../../fixtures/drafts';
import { fillOrder, materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

/** The code the stand-in writeSync throws, or null to write for real. */
let failWith: string | null = null;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const writeSync = ((fd: number, buffer: Uint8Array, ...rest: number[]) => {
    if (failWith) throw Object.assign(new Error(`${failWith}: no space left on device, write`), { code: failWith, syscall: 'write' });
    return fs.writeSync(fd, buffer, ...rest);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const { readdirSync, readFileSync, writeFileSync } = await vi.importActual<typeof Fs>('node:fs');

afterEach(() => {
  failWith = null;
});

describe('writeExportFile when the write fails after the name is claimed', () => {
  it('takes back the claimed name and its temp file, and tells the folder’s problem in Chinese', () => {
    const dir = tempDir();
    failWith = 'ENOSPC';
    let thrown: unknown;
    try {
      writeExportFile(dir, '包.zip', Buffer.from('package'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DeskError);
    expect((thrown as DeskError).message).toContain(dir);
    expect((thrown as DeskError).message).toContain('磁盘已满');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves the earlier export under the name alone, and the next write takes the name the failed one claimed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '包.zip'), 'handed on');
    failWith = 'ENOSPC';
    expect(() => writeExportFile(dir, '包.zip', Buffer.from('package'))).toThrow(DeskError);
    expect(readdirSync(dir)).toEqual(['包.zip']);
    expect(readFileSync(join(dir, '包.zip'), 'utf8')).toBe('handed on');
    failWith = null;
    const { file } = writeExportFile(dir, '包.zip', Buffer.from('package'));
    expect(readdirSync(dir).sort()).toEqual(['包-2.zip', '包.zip'].sort());
    expect(readFileSync(file, 'utf8')).toBe('package');
  });
});

describeEachStore('an export whose disk fills up as its file is written', (openDesk) => {
  /** A control whose progress report of every step but the file's own turns the disk full. */
  const fullAtTheWrite = { progress: (done: number, total: number) => void (failWith = done === total - 1 ? 'ENOSPC' : null), cancelled: false };

  it('转移导出: told as the disk being full, and the output folder it made (and its parents) taken back', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(71))]);
    await addMaterial(desk, { entityId: c!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('执照 71') });
    const base = tempDir();
    const dir = join(base, 'U盘', '转移导出');
    await expect(exportTransferTo(desk, [c!.id], 'transfer-pass-1', dir, fullAtTheWrite)).rejects.toThrow(`无法写入文件夹“${dir}”：磁盘已满`);
    expect(readdirSync(base)).toEqual([]);
  });

  it('导出提交包: told as the disk being full, and the output folder it made (and its parents) taken back', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const order = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await fillOrder(desk, order.id);
    const base = tempDir();
    const dir = join(base, 'U盘', '提交包');
    await expect(exportPackageTo(desk, order.id, undefined, dir, fullAtTheWrite)).rejects.toThrow(`无法写入文件夹“${dir}”：磁盘已满`);
    expect(readdirSync(base)).toEqual([]);
  }, 120_000);
});
