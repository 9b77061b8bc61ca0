// Writing a backup: never over an existing file, recorded in the audit log, its size and material count
// reported, and a verification that leaves nothing behind in the system's temp folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup, verifyBackup } from '../../../main/backup/backup';
import { DB_FILE_NAME } from '../../../main/db/open';
import { listAudit } from '../../../main/db/repositories/audit';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

const savedTmp = process.env.TMPDIR;
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

describe('writing a backup', () => {
  it('refuses to write over a file already there, and leaves it as it was', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    writeFileSync(out, 'an older backup');
    await expect(createBackup(desk, out)).rejects.toMatchObject({ code: 'CONFLICT', message: `备份文件已存在：${out}` });
    expect(readFileSync(out, 'utf8')).toBe('an older backup');
  });

  it('reports its size and material files, and records them in the audit log', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布') });
    await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: '其他.jpg', data: await materialJpeg('其他') });
    const out = join(tempDir(), 'b.bdbackup');
    const r = await createBackup(desk, out);
    expect(r).toEqual({ file: out, bytes: statSync(out).size, materialFiles: 2, verified: true });
    const [entry] = await listAudit(desk.ctx, { limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.create', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: 2 } });
  });

  it('is verified through a private folder in the system temp folder, removed afterwards', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const tmp = mkdtempSync(join(tempDir(), 'tmp-'));
    process.env.TMPDIR = tmp;
    const { manifest } = await verifyBackup(out);
    expect(manifest.entries.map((e) => e.name).sort()).toEqual([DB_FILE_NAME, 'keyring.json'].sort());
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });
});
