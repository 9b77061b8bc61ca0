// Reading zip archives safely: every name checked against what the caller allows, sizes bounded, bytes
// hashed as they are read. Shared by backup restore and (later) transfer import.
import { createHash } from 'node:crypto';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DeskError } from '../api/errors';

export interface ArchiveLimits {
  /** Largest uncompressed entry. */
  maxEntryBytes: number;
  /** Largest sum of uncompressed entries. */
  maxTotalBytes: number;
  maxEntries: number;
}

export function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new DeskError('ARCHIVE_INVALID', `不是有效的归档文件（${err?.message ?? '无法读取'}）`));
      else resolve(zip);
    });
  });
}

/** Lists the entries after checking each name with `allowed` and the sizes with `limits`. */
export function listEntries(zip: ZipFile, allowed: (name: string) => boolean, limits: ArchiveLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    let total = 0;
    const fail = (message: string) => {
      zip.close();
      reject(new DeskError('ARCHIVE_INVALID', message));
    };
    zip.on('entry', (e: Entry) => {
      if (e.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      if (!allowed(e.fileName)) return fail(`归档中含有不允许的文件名：“${e.fileName.slice(0, 120)}”（可能是路径穿越），已拒绝，未写入任何文件`);
      if (e.isEncrypted()) return fail('归档中的文件被加密，无法读取');
      total += e.uncompressedSize;
      if (e.uncompressedSize > limits.maxEntryBytes || total > limits.maxTotalBytes) return fail('归档解压后的大小超出限制（可能是压缩炸弹），已拒绝');
      if (out.length >= limits.maxEntries) return fail('归档中的文件数量超出限制，已拒绝');
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', (err: Error) => fail(`归档已损坏：${err.message}`));
    zip.readEntry();
  });
}

/** Reads one entry fully (bounded by its declared size, which yauzl enforces) with its SHA-256. */
export function readEntry(zip: ZipFile, entry: Entry): Promise<{ data: Buffer; sha256: string }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new DeskError('ARCHIVE_INVALID', `无法读取“${entry.fileName}”：${err?.message ?? ''}`));
        return;
      }
      const hash = createHash('sha256');
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        hash.update(c);
        parts.push(c);
      });
      stream.on('end', () => resolve({ data: Buffer.concat(parts), sha256: hash.digest('hex') }));
      stream.on('error', (e: Error) => reject(new DeskError('ARCHIVE_INVALID', `“${entry.fileName}”已损坏：${e.message}`)));
    });
  });
}
