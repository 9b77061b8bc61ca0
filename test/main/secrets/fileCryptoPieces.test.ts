// A sealed material file kept as separate pieces (a team database's material_chunk rows): cut into exactly
// the pieces it was written as (header, then each sealed chunk), and opened piece by piece with the same
// refusals as the whole file — a header of another length or magic, a piece at another position or with
// the wrong "last" flag, a piece of a size the format never writes (even one sealed with the right key).
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK, chunkOpener, encryptChunks, FILE_HEADER_LEN, FILE_MAGIC, storedPieces } from '../../../main/secrets/fileCrypto';

const key = randomBytes(32);
const TAG = 16;
const TAMPERED = expect.objectContaining({ code: 'FILE_TAMPERED', message: '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传' });
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5];

/** Opens pieces (header first) in order, as the team database's reader does. */
function openAll(pieces: Buffer[]): Buffer {
  const open = chunkOpener(key, pieces[0]!);
  return Buffer.concat(pieces.slice(1).map((p, i) => open(i, i === pieces.length - 2, p)));
}

/**
 * A chunk sealed with the file's key by the written format (AES-256-GCM, nonce = the header's 7-byte
 * prefix, the chunk's index as 4 bytes big-endian, 1 for the last chunk else 0), whatever its size.
 */
function sealedByHand(header: Buffer, index: number, last: boolean, body: Buffer): Buffer {
  const nonce = Buffer.alloc(12);
  header.subarray(FILE_MAGIC.length).copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  const c = createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([c.update(body), c.final(), c.getAuthTag()]);
}

describe('a sealed file in pieces', () => {
  it('is cut into exactly the pieces it was written as: a header, full chunks, a last one', () => {
    for (const size of SIZES) {
      const written = [...encryptChunks(key, randomBytes(size))];
      const cut = [...storedPieces(Buffer.concat(written))];
      expect(cut.map((p) => p.length), String(size)).toEqual(written.map((p) => p.length));
      expect(cut.every((p, i) => p.equals(written[i]!)), String(size)).toBe(true);
    }
    expect([...storedPieces(Buffer.concat([...encryptChunks(key, randomBytes(2 * CHUNK + 5))]))].map((p) => p.length)).toEqual([FILE_HEADER_LEN, CHUNK + TAG, CHUNK + TAG, 5 + TAG]);
  });

  it('opens piece by piece to the bytes written, an empty file and whole chunks included', () => {
    for (const size of SIZES) {
      const data = randomBytes(size);
      expect(openAll([...storedPieces(Buffer.concat([...encryptChunks(key, data)]))]).equals(data), String(size)).toBe(true);
    }
  });

  it('refuses a header cut short, one byte longer, of another magic, or with the file\'s first chunk still on it', () => {
    const [header, first] = [...encryptChunks(key, randomBytes(100))] as [Buffer, Buffer];
    expect(header.length).toBe(FILE_HEADER_LEN);
    const otherMagic = Buffer.from(header);
    otherMagic[FILE_MAGIC.length - 2] = '2'.charCodeAt(0);
    for (const bad of [header.subarray(0, FILE_HEADER_LEN - 1), Buffer.concat([header, Buffer.alloc(1)]), otherMagic, Buffer.concat([header, first])]) {
      expect(() => chunkOpener(key, bad)).toThrow(TAMPERED);
    }
  });

  it('refuses a piece opened at another position or with the wrong "last" flag, and another key', () => {
    const pieces = [...encryptChunks(key, randomBytes(2 * CHUNK + 5))];
    const open = chunkOpener(key, pieces[0]!);
    expect(() => open(1, false, pieces[1]!)).toThrow(TAMPERED);
    expect(() => open(0, true, pieces[1]!)).toThrow(TAMPERED);
    expect(() => open(2, false, pieces[3]!)).toThrow(TAMPERED);
    expect(() => chunkOpener(randomBytes(32), pieces[0]!)(0, false, pieces[1]!)).toThrow(TAMPERED);
    // the same pieces, in order, still open
    expect(open(0, false, pieces[1]!)).toHaveLength(CHUNK);
  });

  it('refuses a last piece whose tag was cut to its first 4 bytes, though GCM would take that tag', () => {
    const pieces = [...encryptChunks(key, randomBytes(CHUNK + 8))];
    const last = pieces[2]!;
    expect(last.length).toBe(8 + TAG);
    expect(() => chunkOpener(key, pieces[0]!)(1, true, last.subarray(0, 12))).toThrow(TAMPERED);
  });

  it('refuses pieces of sizes the format never writes, even sealed with the right key: a short chunk that is not the last, a last one longer than a chunk', () => {
    const header = [...encryptChunks(key, Buffer.alloc(0))][0]!;
    const open = chunkOpener(key, header);
    // the same construction at the format's sizes opens: the refusals below are for the size alone
    expect(open(0, false, sealedByHand(header, 0, false, Buffer.alloc(CHUNK, 1)))).toEqual(Buffer.alloc(CHUNK, 1));
    expect(open(1, true, sealedByHand(header, 1, true, Buffer.alloc(CHUNK, 2)))).toEqual(Buffer.alloc(CHUNK, 2));
    expect(open(1, true, sealedByHand(header, 1, true, Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
    expect(() => open(0, false, sealedByHand(header, 0, false, Buffer.alloc(CHUNK - 1, 1)))).toThrow(TAMPERED);
    expect(() => open(0, false, sealedByHand(header, 0, false, Buffer.alloc(CHUNK + 1, 1)))).toThrow(TAMPERED);
    expect(() => open(1, true, sealedByHand(header, 1, true, Buffer.alloc(CHUNK + 1, 2)))).toThrow(TAMPERED);
  });
});
