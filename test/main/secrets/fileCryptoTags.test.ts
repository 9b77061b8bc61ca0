// A sealed material file is taken only whole and only in its own format: a tag cut short is refused even
// where the shortened tag still authenticates (GCM checks whatever tag length it is given), and a file of
// another magic is refused even where its chunks would open.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK, decryptFile, encryptChunks, FILE_MAGIC } from '../../../main/secrets/fileCrypto';

const key = randomBytes(32);
const seal = (data: Buffer) => Buffer.concat([...encryptChunks(key, data)]);
const TAMPERED = expect.objectContaining({ code: 'FILE_TAMPERED', message: '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传' });

describe('sealed material files, at the edges of the format', () => {
  it('refuse an empty file whose tag was cut from 16 to 12 or 8 bytes', () => {
    const sealed = seal(Buffer.alloc(0));
    expect(decryptFile(key, sealed)).toEqual(Buffer.alloc(0));
    for (const cut of [4, 8]) expect(() => decryptFile(key, sealed.subarray(0, sealed.length - cut)), String(cut)).toThrow(TAMPERED);
  });

  it('refuse a last chunk whose tag was cut to 12 bytes', () => {
    const sealed = seal(randomBytes(100));
    expect(() => decryptFile(key, sealed.subarray(0, sealed.length - 4))).toThrow(TAMPERED);
  });

  it('refuse a last chunk of 8 bytes whose tag was cut to its first 4 bytes', () => {
    const sealed = seal(randomBytes(CHUNK + 8));
    // the last chunk: 8 sealed bytes and a 16-byte tag; keep only the tag's first 4 bytes (12 in all)
    const cut = sealed.subarray(0, sealed.length - 12);
    expect(cut.length - (FILE_MAGIC.length + 7 + CHUNK + 16)).toBe(12);
    expect(() => decryptFile(key, cut)).toThrow(TAMPERED);
  });

  it('refuse a file of another magic (another format version) although its chunks authenticate', () => {
    const sealed = seal(Buffer.from('幕布照片'));
    const other = Buffer.from(sealed);
    other[FILE_MAGIC.length - 2] = '2'.charCodeAt(0);
    expect(other.subarray(0, FILE_MAGIC.length).toString()).toBe('BDESKENC2\n');
    expect(() => decryptFile(key, other)).toThrow(TAMPERED);
  });
});
