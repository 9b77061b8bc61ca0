// A material's file carried as it lies (move-to-server): the very encrypted bytes of the data folder, after
// the file was opened once and matched its SHA-256; a missing, damaged or never-encrypted file is refused
// by name, so nothing broken is carried into a team database.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSealedFile } from '../../../main/files/sealedFile';
import { FileStore } from '../../../main/files/store';
import { tempDir } from '../../helpers';

const KEY = randomBytes(32);
const store = () => new FileStore(join(tempDir(), 'files'), () => KEY);

describe('a material file read sealed, for carrying', () => {
  it('gives the stored encrypted bytes themselves, not the content', () => {
    const files = store();
    const { sha256 } = files.put(Buffer.from('营业执照扫描件'));
    const sealed = readSealedFile(files, sha256, '材料 1');
    expect(sealed.equals(readFileSync(files.pathOf(sha256)))).toBe(true);
    expect(sealed.includes(Buffer.from('营业执照扫描件'))).toBe(false);
  });

  it('refuses a hash that is not 64 hex digits, and a file that is not there, naming the material', () => {
    const files = store();
    for (const bad of ['ABC', 'g'.repeat(64), `${'a'.repeat(64)}0`, 'A'.repeat(64)]) {
      expect(() => readSealedFile(files, bad, '材料 7')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('材料 7的文件不在数据目录的 files/ 中') }));
    }
    const absent = createHash('sha256').update('不存在').digest('hex');
    expect(() => readSealedFile(files, absent, '材料 8')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: `材料 8的文件不在数据目录的 files/ 中（${absent.slice(0, 12)}…），无法迁移；请从备份恢复该文件或删除这份材料后重试` }));
  });

  it('refuses a damaged file with the store’s own reason, prefixed by the material', () => {
    const files = store();
    const { sha256 } = files.put(randomBytes(200_000));
    const bytes = readFileSync(files.pathOf(sha256));
    const at = bytes.length - 40;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(files.pathOf(sha256), bytes);
    expect(() => readSealedFile(files, sha256, '材料 3')).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED', message: expect.stringMatching(/^材料 3：材料文件已损坏或被篡改/) }));
  });

  it('passes on an error of the file system as it is, not as a refusal of the material', () => {
    const files = store();
    const sha256 = createHash('sha256').update('a folder where the file should be').digest('hex');
    mkdirSync(files.pathOf(sha256), { recursive: true });
    let thrown: unknown;
    try {
      readSealedFile(files, sha256, '材料 9');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'EISDIR' });
    expect((thrown as Error).message).not.toMatch(/^材料 9/);
  });

  it('refuses a plain file that was never encrypted (an older desk seals its files at unlock first)', () => {
    const files = store();
    const plain = Buffer.from('旧版本的明文材料');
    const sha256 = createHash('sha256').update(plain).digest('hex');
    const path = files.pathOf(sha256);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, plain);
    expect(() => readSealedFile(files, sha256, '材料 5')).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED', message: expect.stringMatching(/^材料 5：/) }));
  });
});
