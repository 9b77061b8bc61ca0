// Material files sealed in 64 KiB chunks: a file opens whole only as written; one cut at a chunk
// boundary, with chunks swapped, or with a byte changed is refused as FILE_TAMPERED.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK, decryptFile, encryptChunks, FILE_MAGIC, isEncryptedFile } from '../../../main/secrets/fileCrypto';

const key = randomBytes(32);
const seal = (data: Buffer) => Buffer.concat([...encryptChunks(key, data)]);
const TAMPERED = expect.objectContaining({ code: 'FILE_TAMPERED', message: '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传' });
const HEAD = FILE_MAGIC.length + 7;
const SEALED_CHUNK = CHUNK + 16;

describe('sealed material files', () => {
  it('open to what was written, for empty, one-chunk, exactly-one-chunk and many-chunk files', () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5]) {
      const data = randomBytes(size);
      const sealed = seal(data);
      expect(sealed.length, String(size)).toBe(HEAD + Math.max(1, Math.ceil(size / CHUNK)) * 16 + size);
      expect(decryptFile(key, sealed).equals(data), String(size)).toBe(true);
    }
  });

  it('start with the magic, which tells them from files stored in clear', () => {
    const sealed = seal(Buffer.from('幕布照片'));
    expect(sealed.subarray(0, FILE_MAGIC.length)).toEqual(FILE_MAGIC);
    expect(isEncryptedFile(sealed.subarray(0, 16))).toBe(true);
    expect(isEncryptedFile(FILE_MAGIC)).toBe(true);
    expect(isEncryptedFile(FILE_MAGIC.subarray(0, FILE_MAGIC.length - 1))).toBe(false);
    expect(isEncryptedFile(Buffer.from('\xff\xd8\xff\xe0 JFIF', 'latin1'))).toBe(false);
    // a whole JPEG header in clear, longer than the magic
    expect(isEncryptedFile(Buffer.from('\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01', 'latin1'))).toBe(false);
  });

  it('refuse a file cut at a chunk boundary: the last chunk says it is the last', () => {
    const sealed = seal(randomBytes(2 * CHUNK + 10));
    expect(() => decryptFile(key, sealed.subarray(0, HEAD + 2 * SEALED_CHUNK))).toThrow(TAMPERED);
    expect(() => decryptFile(key, sealed.subarray(0, HEAD + SEALED_CHUNK))).toThrow(TAMPERED);
  });

  it('refuse chunks in another order, a changed byte, another key, and what is too short to be one', () => {
    const sealed = seal(randomBytes(2 * CHUNK));
    const swapped = Buffer.concat([sealed.subarray(0, HEAD), sealed.subarray(HEAD + SEALED_CHUNK), sealed.subarray(HEAD, HEAD + SEALED_CHUNK)]);
    expect(() => decryptFile(key, swapped)).toThrow(TAMPERED);
    for (const at of [HEAD - 1, HEAD, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at]! ^= 1;
      expect(() => decryptFile(key, changed), String(at)).toThrow(TAMPERED);
    }
    expect(() => decryptFile(randomBytes(32), sealed)).toThrow(TAMPERED);
    expect(() => decryptFile(key, sealed.subarray(0, HEAD + 15))).toThrow(TAMPERED);
    expect(() => decryptFile(key, Buffer.from('plain photo bytes, not sealed at all'))).toThrow(TAMPERED);
  });

  it('refuse a last chunk too short to hold its tag', () => {
    const sealed = seal(randomBytes(CHUNK + 100));
    // a second chunk of 10 bytes: less than a tag
    expect(() => decryptFile(key, Buffer.concat([sealed.subarray(0, HEAD + SEALED_CHUNK), randomBytes(10)]))).toThrow(TAMPERED);
  });
});
