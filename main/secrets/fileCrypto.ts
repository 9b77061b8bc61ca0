// Material files at rest: a header, then 64 KiB chunks each sealed with AES-256-GCM. Every chunk is
// authenticated before any of its bytes are used, its position and "last" flag are in the nonce, so a
// truncated, reordered or altered file is refused rather than shown.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DeskError } from '../domain/errors';

export const FILE_MAGIC = Buffer.from('BDESKENC1\n');
export const CHUNK = 64 * 1024;
const TAG = 16;
const PREFIX_LEN = 7;

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, PREFIX_LEN);
  n[11] = last ? 1 : 0;
  return n;
}

export function isEncryptedFile(head: Uint8Array): boolean {
  return head.length >= FILE_MAGIC.length && Buffer.from(head.subarray(0, FILE_MAGIC.length)).equals(FILE_MAGIC);
}

/** Yields the encrypted file piece by piece (header first), so a writer never holds two copies. */
export function* encryptChunks(key: Buffer, data: Uint8Array): Generator<Buffer> {
  const prefix = randomBytes(PREFIX_LEN);
  yield Buffer.concat([FILE_MAGIC, prefix]);
  const count = Math.max(1, Math.ceil(data.byteLength / CHUNK));
  for (let i = 0; i < count; i++) {
    const c = createCipheriv('aes-256-gcm', key, nonce(prefix, i, i === count - 1));
    const body = c.update(data.subarray(i * CHUNK, Math.min(data.byteLength, (i + 1) * CHUNK)));
    yield Buffer.concat([body, c.final(), c.getAuthTag()]);
  }
}

const tampered = () => new DeskError('FILE_TAMPERED', '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传');

export function decryptFile(key: Buffer, file: Uint8Array): Buffer {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  // Stryker disable next-line ArithmeticOperator: a body shorter than a tag is refused by the chunk loop with the same error
  if (!isEncryptedFile(buf) || buf.length < FILE_MAGIC.length + PREFIX_LEN + TAG) throw tampered();
  const prefix = buf.subarray(FILE_MAGIC.length, FILE_MAGIC.length + PREFIX_LEN);
  const body = buf.subarray(FILE_MAGIC.length + PREFIX_LEN);
  const sealedChunk = CHUNK + TAG;
  const count = Math.max(1, Math.ceil(body.length / sealedChunk));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const part = body.subarray(i * sealedChunk, Math.min(body.length, (i + 1) * sealedChunk));
    if (part.length < TAG) throw tampered();
    try {
      const d = createDecipheriv('aes-256-gcm', key, nonce(prefix, i, i === count - 1));
      d.setAuthTag(part.subarray(part.length - TAG));
      out.push(d.update(part.subarray(0, part.length - TAG)), d.final());
    } catch {
      throw tampered();
    }
  }
  return Buffer.concat(out);
}

/** Length of a stored file's header (magic and nonce prefix): the first piece encryptChunks yields. */
export const FILE_HEADER_LEN = FILE_MAGIC.length + PREFIX_LEN;

/**
 * Opens a stored file piece by piece, for bytes kept as separate pieces (a team database's chunks):
 * `open(i, last, sealed)` authenticates and decrypts chunk i, so only one chunk is in hand at a time.
 */
export function chunkOpener(key: Buffer, header: Uint8Array): (index: number, last: boolean, sealed: Uint8Array) => Buffer {
  const head = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (head.length !== FILE_HEADER_LEN || !isEncryptedFile(head)) throw tampered();
  const prefix = head.subarray(FILE_MAGIC.length);
  return (index, last, sealed) => {
    const part = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (part.length < TAG || part.length > CHUNK + TAG || (!last && part.length !== CHUNK + TAG)) throw tampered();
    try {
      const d = createDecipheriv('aes-256-gcm', key, nonce(prefix, index, last));
      d.setAuthTag(part.subarray(part.length - TAG));
      return Buffer.concat([d.update(part.subarray(0, part.length - TAG)), d.final()]);
    } catch {
      throw tampered();
    }
  };
}

/** A stored file cut into the pieces encryptChunks yielded (header, then each sealed chunk), unopened. */
export function* storedPieces(file: Uint8Array): Generator<Buffer> {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  yield buf.subarray(0, FILE_HEADER_LEN);
  for (let at = FILE_HEADER_LEN; at < buf.length; at += CHUNK + TAG) yield buf.subarray(at, Math.min(buf.length, at + CHUNK + TAG));
}
