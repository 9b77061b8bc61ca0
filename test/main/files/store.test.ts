import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
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
    const desk = openTestDesk(dataDir);
    const [c] = createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const kept = await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: 'keep.jpg', data: await materialJpeg('keep') });
    const orphan = desk.files.put(Buffer.from('written, but the row never committed'));
    writeFileSync(join(desk.files.root, 'tmp', 'x.part'), 'half');
    desk.close();
    const reopened = openTestDesk(dataDir);
    expect(reopened.files.list()).toEqual([kept.sha256]);
    expect(existsSync(reopened.files.pathOf(orphan.sha256))).toBe(false);
    expect(reopened.files.quarantined()).toEqual([orphan.sha256]);
    expect(readdirSync(join(reopened.files.root, 'tmp'))).toEqual([]);
  });
});
