import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../main/files/store';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

const KEY = randomBytes(32);

describe('content-addressed file store', () => {
  it('refuses a sound encrypted file stored under another file’s name (swapped on disk), as tampered', () => {
    const key = randomBytes(32);
    const store = new FileStore(join(tempDir(), 'files'), () => key);
    const a = store.put(Buffer.from('证件正面 A'));
    const b = store.put(Buffer.from('证件正面 B'));
    // each decrypts (its chunks authenticate), but B's bytes under A's name are not A
    copyFileSync(store.pathOf(b.sha256), store.pathOf(a.sha256));
    expect(() => store.read(a.sha256)).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED', message: '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传' }));
    expect(store.read(b.sha256).toString()).toBe('证件正面 B');
  });

  it('names files by SHA-256 and stores each content once', () => {
    const store = new FileStore(tempDir(), () => KEY);
    const a = store.put(Buffer.from('abc'));
    expect(a.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(store.put(Buffer.from('abc'))).toEqual(a);
    expect(store.list()).toEqual([a.sha256]);
    expect(store.read(a.sha256).toString()).toBe('abc');
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);
  });

  it('refuses hash names that could escape the store', () => {
    const store = new FileStore(tempDir(), () => KEY);
    expect(() => store.pathOf('../../etc/passwd')).toThrow('文件编号无效');
  });

  it('on open, removes half-written temp files and sets aside files no material refers to', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const kept = await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: 'keep.jpg', data: await materialJpeg('keep') });
    const orphan = desk.files.put(Buffer.from('written, but the row never committed'));
    writeFileSync(join(desk.files.root, 'tmp', 'x.part'), 'half');
    await desk.close();
    const reopened = await openTestDesk(dataDir);
    expect(reopened.files.list()).toEqual([kept.sha256]);
    expect(existsSync(reopened.files.pathOf(orphan.sha256))).toBe(false);
    expect(reopened.files.quarantined()).toEqual([orphan.sha256]);
    expect(readdirSync(join(reopened.files.root, 'tmp'))).toEqual([]);
  });
});
