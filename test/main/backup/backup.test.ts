import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup, verifyBackup } from '../../../main/backup/backup';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import * as m0001 from '../../../main/db/migrations/0001-clients';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { newKeyring, writeKeyring } from '../../../main/secrets/keyring';
import { createClients, getClientClear, listClients } from '../../../main/services/clients';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';

const PHOTO = await materialJpeg('幕布照片 '.repeat(20_000));

async function deskWithData() {
  const desk = openTestDesk();
  const [c] = createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
  const m = await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: PHOTO });
  return { desk, clientId: c!.id, materialId: m.id };
}

function zipOf(file: string, entries: [string, Buffer][]): Promise<void> {
  return new Promise((ok, fail) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of entries) z.addBuffer(data, name);
    z.outputStream.pipe(createWriteStream(file)).on('close', () => ok()).on('error', fail);
    z.end();
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('backup and restore', () => {
  it('writes one verified file and restores it into an empty folder', async () => {
    const { desk, clientId, materialId } = await deskWithData();
    const out = join(tempDir(), '备份', 'desk.bdbackup');
    const r = await createBackup(desk, out);
    expect(r).toMatchObject({ file: out, materialFiles: 1, verified: true });
    expect(readdirSync(join(out, '..'))).toEqual(['desk.bdbackup']); // no temp files left beside it
    expect(readFileSync(out).includes(Buffer.from('幕布照片'))).toBe(false); // still encrypted

    const target = join(tempDir(), 'restored');
    const restored = await restoreBackup(out, target);
    expect(restored).toMatchObject({ materialFiles: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    const again = openTestDesk(target); // unlocks with the same passphrase
    expect(getClientClear(again, clientId)).toEqual(getClientClear(desk, clientId));
    expect(readMaterial(again, materialId).data.equals(PHOTO)).toBe(true);
    expect(listClients(again, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' }).total).toBe(2);
  });

  it('refuses to restore over a folder that holds anything', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const target = tempDir();
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    await expect(restoreBackup(out, target)).rejects.toThrow('目标数据目录不是空的');
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses a damaged backup and writes nothing', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const bytes = readFileSync(out);
    const at = bytes.indexOf(Buffer.from('BDESKENC1')) + 400; // inside the stored (uncompressed) material file
    bytes[at]! ^= 0xff;
    writeFileSync(out, bytes);
    const target = join(tempDir(), 'x');
    await expect(restoreBackup(out, target)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    expect(existsSync(target)).toBe(false);
    await expect(verifyBackup(join(tempDir(), 'missing.bdbackup'))).rejects.toThrow('找不到备份文件');
    const notZip = join(tempDir(), 'n.bdbackup');
    writeFileSync(notZip, 'plain text');
    await expect(verifyBackup(notZip)).rejects.toThrow('不是有效的归档文件');
  });

  it('refuses an archive with a path-traversal name', async () => {
    const dir = tempDir();
    const file = join(dir, 'evil.bdbackup');
    await zipOf(file, [['AAAAAAAAAAAAAA.txt', Buffer.from('x')]]);
    const bytes = readFileSync(file);
    let at = bytes.indexOf('AAAAAAAAAAAAAA');
    while (at >= 0) {
      bytes.write('../../../../ev', at, 'latin1');
      at = bytes.indexOf('AAAAAAAAAAAAAA', at + 1);
    }
    writeFileSync(file, bytes);
    const target = join(dir, 'target');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, '..', '..', '..', 'ev.txt'))).toBe(false);
  });

  it('migrates a backup from an older schema when restoring it', async () => {
    const src = tempDir();
    const db = openDatabase(join(src, DB_FILE_NAME), { migrations: [m0001] });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    writeKeyring(src, keyring);
    const dbBytes = readFileSync(join(src, DB_FILE_NAME));
    const keyBytes = readFileSync(join(src, 'keyring.json'));
    const manifest = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: 1, entries: [
      { name: DB_FILE_NAME, size: dbBytes.length, sha256: sha(dbBytes) },
      { name: 'keyring.json', size: keyBytes.length, sha256: sha(keyBytes) },
    ] };
    const file = join(tempDir(), 'old.bdbackup');
    await zipOf(file, [[DB_FILE_NAME, dbBytes], ['keyring.json', keyBytes], ['manifest.json', Buffer.from(JSON.stringify(manifest))]]);
    const target = join(tempDir(), 'new');
    mkdirSync(target);
    const r = await restoreBackup(file, target);
    expect(r.schemaVersion).toBe(1);
    const restored = openDatabase(join(target, DB_FILE_NAME));
    expect(restored.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    restored.close();
  });
});
