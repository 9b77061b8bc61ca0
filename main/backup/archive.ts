// Reading zip archives that may be hostile (backups, transfer files), for backup restore and transfer
// import alike: every name checked against what the caller allows, sizes bounded when listing and again
// while inflating, bytes hashed as they stream, so memory stays bounded whatever the archive declares.
// yauzl's English errors become Chinese messages that name the entry.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DeskError } from '../domain/errors';
import { INVISIBLE_CHARS } from '../domain/text';
import { fileSystemError } from '../files/outputFolder';

export interface ArchiveLimits {
  /** Largest uncompressed entry. */
  maxEntryBytes: number;
  /** Largest sum of uncompressed entries. */
  maxTotalBytes: number;
  maxEntries: number;
}

export interface ArchiveSpec {
  /** What the operator calls this file, e.g. 备份文件. */
  label: string;
  allowed: (name: string) => boolean;
  limits: ArchiveLimits;
}

export interface StreamOptions {
  /** The size the caller expects (a manifest's): an entry declaring another size is refused unread. */
  expectedSize?: number;
  /** Write the bytes to this new file (mode 0600, flushed to disk); otherwise they are only hashed. */
  to?: string;
  /**
   * The folder named when the disk refuses `to` (full, no permission, failing): the one the operator chose
   * rather than the private folder the file is unpacked into. Defaults to the file's own folder.
   */
  folder?: string;
  /** Looks at the first `bytes` bytes as soon as they are inflated; throws to stop there. */
  head?: { bytes: number; check: (head: Buffer) => void };
}

const invalid = (message: string) => new DeskError('ARCHIVE_INVALID', message);
const INFLATED_PAST = '解压后超过了声明的大小（可能是压缩炸弹），已停止解压';
const INFLATED_SHORT = '解压后不足声明的大小（数据被截断）';

/**
 * A refusal of the disk written to (full, no permission, failing), or null: the operator's to fix there, told
 * in the folder's words. The archive itself may be sound, and calling it damaged would have a good backup thrown away.
 */
function diskRefusal(err: unknown, options: StreamOptions): DeskError | null {
  return options.to ? fileSystemError(err, options.folder ?? dirname(options.to)) : null;
}

/** A name as it may be shown: control, invisible and bidi characters replaced, long names cut. */
export function shownName(name: string): string {
  const clean = name.replace(INVISIBLE_CHARS, '�');
  return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}

// yauzl's and zlib's messages, in the operator's words. Order matters: the first match wins.
const REASONS: [RegExp, string][] = [
  [/End of central directory record signature not found/i, '找不到 zip 目录（不是 zip 归档，或文件被截断）'],
  [/Invalid comment length|extra bytes at the end/i, '文件末尾有多余的数据或注释长度不符（文件被截断或拼接过）'],
  [/multi-disk/i, '不支持分卷归档'],
  [/zip file too large/i, '归档过大，无法读取'],
  [/zip64 extended information extra field/i, 'zip64 扩展信息不完整'],
  [/invalid (zip64 end of central directory|central directory file header|local file header) (record )?signature/i, '归档目录已损坏'],
  [/strong encryption|entry is encrypted/i, '条目被加密，无法读取'],
  [/compressed\/uncompressed size mismatch for stored file/i, '未压缩条目的两个大小字段不一致'],
  [/unsupported compression method/i, '使用了不支持的压缩方式'],
  [/file data overflows file bounds/i, '数据超出了文件末尾（文件被截断）'],
  [/too many bytes in the stream/i, INFLATED_PAST],
  [/not enough bytes in the stream/i, INFLATED_SHORT],
  [/unexpected EOF|unexpected end of file/i, '文件意外结束（被截断）'],
  [/invalid (block type|distance|stored block lengths|code lengths|literal|bit length)|incorrect header check|too many length|invalid code/i, '压缩数据已损坏'],
  [/invalid characters in fileName|absolute path|invalid relative path/i, '文件名不安全（含反斜杠、绝对路径或“..”）'],
];

/** The Chinese reason for an error raised by yauzl, zlib or the file system while reading an archive. */
export function archiveReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, reason] of REASONS) if (pattern.test(message)) return reason;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  if (code === 'EISDIR') return '这是一个文件夹，不是文件';
  return '无法识别的格式错误';
}

// yauzl puts the offending name after the colon of these messages; the entry event never comes for it.
const UNSAFE_NAME = /^(?:invalid characters in fileName|absolute path|invalid relative path): (.*)$/s;

export class SafeArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly label: string,
    /** Every file entry, checked against the spec's names and limits. */
    readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  /** Opens and lists an archive; refuses it, closed, on the first name or size outside the spec. */
  static async open(file: string, spec: ArchiveSpec): Promise<SafeArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true, decodeStrings: true }, (err, z) => {
        if (err || !z) reject(invalid(`${spec.label}不是有效的归档文件：${archiveReason(err)}`));
        else resolve(z);
      });
    });
    try {
      return new SafeArchive(zip, spec.label, await listEntries(zip, spec));
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /** The same reader over bytes already in memory (an uploaded workbook); the same names, limits and checks. */
  static async fromBuffer(data: Buffer, spec: ArchiveSpec): Promise<SafeArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(data, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true, decodeStrings: true }, (err, z) => {
        if (err || !z) reject(invalid(`${spec.label}不是有效的归档文件：${archiveReason(err)}`));
        else resolve(z);
      });
    });
    try {
      return new SafeArchive(zip, spec.label, await listEntries(zip, spec));
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /** Reads a small entry (a manifest, a key file) into memory; one declaring more than `maxBytes` is refused unread. */
  async read(entry: Entry, maxBytes: number, expectedSize?: number): Promise<{ data: Buffer; sha256: string }> {
    if (entry.uncompressedSize > maxBytes) throw invalid(`${this.label}中的“${shownName(entry.fileName)}”声明 ${entry.uncompressedSize} 字节，超过此类文件的上限 ${maxBytes} 字节，已拒绝，未解压`);
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        done();
      },
    });
    const { sha256 } = await this.pump(entry, sink, expectedSize === undefined ? {} : { expectedSize });
    return { data: Buffer.concat(parts), sha256 };
  }

  /**
   * Streams an entry, hashing it, to a new file or nowhere: at most the declared size is inflated, and
   * only a few chunks are ever held in memory.
   */
  async stream(entry: Entry, options: StreamOptions = {}): Promise<{ sha256: string; size: number }> {
    if (!options.to) {
      return this.pump(entry, new Writable({ write: (_c, _e, done) => done() }), options);
    }
    const to = options.to;
    const out = createWriteStream(to, { flags: 'wx', mode: 0o600 });
    try {
      // Opened before any byte flows, so a refusal at the first chunk leaves no open pending on the folder.
      await once(out, 'open');
      const result = await this.pump(entry, out, options);
      const fd = openSync(to, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return result;
    } catch (err) {
      throw diskRefusal(err, options) ?? err;
    }
  }

  private async pump(entry: Entry, sink: Writable, options: StreamOptions): Promise<{ sha256: string; size: number }> {
    const name = `“${shownName(entry.fileName)}”`;
    const declared = entry.uncompressedSize;
    if (options.expectedSize !== undefined && options.expectedSize !== declared) {
      throw invalid(`${this.label}中的${name}大小与清单不符（清单 ${options.expectedSize} 字节，归档声明 ${declared} 字节），已拒绝，未解压`);
    }
    const source = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      this.zip.openReadStream(entry, (err, s) => {
        if (err || !s) reject(invalid(`${this.label}中的${name}无法读取：${archiveReason(err)}`));
        else resolve(s);
      });
    });
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let headSeen = !options.head;
    // Runs the caller's look at the first bytes once, as soon as they are there (or the entry has ended).
    const lookAtHead = (ended: boolean) => {
      if (headSeen || !options.head || (!ended && head.length < options.head.bytes)) return;
      headSeen = true;
      options.head.check(head);
    };
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        // No byte past the declared size gets here: yauzl's validateEntrySizes stops the inflater there.
        size += chunk.length;
        hash.update(chunk);
        if (!headSeen && options.head) head = Buffer.concat([head, chunk.subarray(0, options.head.bytes - head.length)]);
        try {
          lookAtHead(false);
        } catch (err) {
          return done(err as Error);
        }
        done(null, chunk);
      },
      flush(done) {
        try {
          lookAtHead(true);
        } catch (err) {
          return done(err as Error);
        }
        done();
      },
    });
    // what the sink (the file written) failed with, told apart from the archive's own errors
    let written: unknown;
    sink.once('error', (err) => (written = err));
    try {
      await pipeline(source, counter, sink);
    } catch (err) {
      if (err instanceof DeskError) throw err;
      const refused = err === written ? diskRefusal(err, options) : null;
      if (refused) throw refused;
      const reason = archiveReason(err);
      throw invalid(reason === INFLATED_PAST || reason === INFLATED_SHORT ? `${this.label}中的${name}${reason}` : `${this.label}中的${name}已损坏：${reason}`);
    }
    return { sha256: hash.digest('hex'), size };
  }

  close(): void {
    this.zip.close();
  }
}

function listEntries(zip: ZipFile, spec: ArchiveSpec): Promise<Map<string, Entry>> {
  const { label, allowed, limits } = spec;
  return new Promise((resolve, reject) => {
    const out = new Map<string, Entry>();
    let total = 0;
    let failed = false;
    const fail = (message: string) => {
      failed = true;
      reject(invalid(message));
    };
    zip.on('entry', (e: Entry) => {
      if (failed) return;
      if (e.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      const name = `“${shownName(e.fileName)}”`;
      if (!allowed(e.fileName)) return fail(`${label}中含有不允许的文件名：${name}（不属于此类文件），已拒绝，未写入任何文件`);
      if (out.has(e.fileName)) return fail(`${label}中的文件名${name}出现了两次，已拒绝`);
      if (e.isEncrypted()) return fail(`${label}中的${name}被加密，无法读取`);
      total += e.uncompressedSize;
      if (e.uncompressedSize > limits.maxEntryBytes) return fail(`${label}中的${name}解压后有 ${e.uncompressedSize} 字节，超过单个文件的上限 ${limits.maxEntryBytes} 字节（可能是压缩炸弹），已拒绝，未解压`);
      if (total > limits.maxTotalBytes) return fail(`${label}解压后的总大小超过上限 ${limits.maxTotalBytes} 字节（可能是压缩炸弹），已拒绝，未解压`);
      if (out.size >= limits.maxEntries) return fail(`${label}中的文件数量超过上限 ${limits.maxEntries} 个，已拒绝`);
      out.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', () => {
      if (!failed) resolve(out);
    });
    zip.on('error', (err: Error) => {
      if (failed) return;
      const unsafe = UNSAFE_NAME.exec(err.message);
      if (unsafe) fail(`${label}中含有不允许的文件名：“${shownName(unsafe[1]!)}”（${archiveReason(err)}，可能是路径穿越），已拒绝，未写入任何文件`);
      else fail(`${label}已损坏：${archiveReason(err)}`);
    });
    zip.readEntry();
  });
}
