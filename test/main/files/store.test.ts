import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../main/files/store';
import { CHUNK } from '../../../main/secrets/fileCrypto';
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

  it('writes a stored file again when the same bytes are put and it does not open to them (changed, cut, in clear, another file, emptied, another key)', () => {
    const key = randomBytes(32);
    const store = new FileStore(join(tempDir(), 'files'), () => key);
    const photo = randomBytes(3 * CHUNK + 500);
    const { sha256 } = store.put(photo);
    const path = store.pathOf(sha256);
    const good = readFileSync(path);
    const changed = Buffer.from(good);
    changed[changed.length - 40] = (changed[changed.length - 40] ?? 0) ^ 0xff;
    const other = new FileStore(join(tempDir(), 'files'), () => key);
    const foreign = new FileStore(join(tempDir(), 'files'), () => randomBytes(32));
    const damaged: Record<string, Buffer> = {
      'one byte changed': changed,
      'cut after a chunk': good.subarray(0, good.length - 500),
      'the bytes in clear, one changed': Buffer.concat([photo.subarray(1), Buffer.from([1])]),
      'another file of the same key': readFileSync(other.pathOf(other.put(Buffer.from('证件正面 B')).sha256)),
      'emptied': Buffer.alloc(0),
      'sealed under another key': readFileSync(foreign.pathOf(foreign.put(photo).sha256)),
    };
    for (const [how, bytes] of Object.entries(damaged)) {
      writeFileSync(path, bytes);
      expect(() => store.read(sha256), how).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED' }));
      expect(store.put(photo), how).toEqual({ sha256, size: photo.length });
      expect(store.read(sha256).equals(photo), how).toBe(true);
      expect(readdirSync(join(store.root, 'tmp')), how).toEqual([]);
    }
  });

  it('writes a file set aside in quarantine again when its bytes are put', () => {
    const store = new FileStore(join(tempDir(), 'files'), () => KEY);
    const { sha256 } = store.put(Buffer.from('幕布照片'));
    store.quarantine(sha256, '2026-01-01');
    expect(() => store.read(sha256)).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED' }));
    store.put(Buffer.from('幕布照片'));
    expect(store.read(sha256).toString()).toBe('幕布照片');
  });

  it('puts bytes under the hash their stage gave only when their file does not open to them', () => {
    const store = new FileStore(join(tempDir(), 'files'), () => KEY);
    const data = Buffer.from('身份证背面');
    const { sha256 } = store.put(data);
    const before = statSync(store.pathOf(sha256));
    expect(store.putHashed(data, sha256)).toBe(false);
    expect(statSync(store.pathOf(sha256)).ino).toBe(before.ino); // a good file is left alone
    writeFileSync(store.pathOf(sha256), Buffer.from('BDESKENC1\n garbage'));
    expect(store.putHashed(data, sha256)).toBe(true);
    expect(store.read(sha256).equals(data)).toBe(true);
    store.remove(sha256);
    expect(store.putHashed(data, sha256)).toBe(true);
    expect(store.read(sha256).equals(data)).toBe(true);
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
