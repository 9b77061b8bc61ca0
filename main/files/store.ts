// Content-addressed store for material files: each file is named by the SHA-256 of its content, stored
// encrypted (secrets/fileCrypto.ts), and written to a temp name, flushed and renamed, so a crash leaves
// either the whole file or nothing under its real name.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../domain/errors';
import { decryptFile, encryptChunks, isEncryptedFile } from '../secrets/fileCrypto';
import { syncDir, writeFileAtomic } from './atomicWrite';
import { OWNER_DIR_MODE, ownerOnlyDir } from './ownerOnly';

const SHA_RE = /^[0-9a-f]{64}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Folder under the store where unreferenced files wait, one subfolder per day they were set aside. */
export const QUARANTINE_DIR = 'quarantine';

/** What FileStore.encryptLegacy did with one stored file. */
export type LegacyFileOutcome = 'encrypted' | 'sealed' | 'damaged';

export class FileStore {
  private readonly tmpDir: string;

  constructor(
    readonly root: string,
    /** The file key; throws while the desk is locked. */
    private readonly fileKey: () => Buffer,
  ) {
    this.tmpDir = join(root, 'tmp');
    ownerOnlyDir(root);
    ownerOnlyDir(this.tmpDir);
  }

  pathOf(sha256: string): string {
    if (!SHA_RE.test(sha256)) throw new DeskError('FILE_INVALID', '文件编号无效');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  put(data: Uint8Array): { sha256: string; size: number } {
    const key = this.fileKey();
    const sha256 = createHash('sha256').update(data).digest('hex');
    this.keepIntact(sha256, key, data);
    return { sha256, size: data.byteLength };
  }

  /**
   * put() for bytes whose hash the caller has already (the stage that put them): writes them again unless
   * their file is there and opens to them. Returns whether it wrote.
   */
  putHashed(data: Uint8Array, sha256: string): boolean {
    return this.keepIntact(sha256, this.fileKey(), data);
  }

  // A file that is merely there is not enough: a damaged one (a bad sector, a sync tool) would stay, and the
  // same bytes uploaded again — what the refusal to open it asks for — would get a new row pointing at the
  // same damaged file. Checking costs one decryption of the file, about what encrypting it for the write
  // costs: paid on an upload, an import or a check-in, which hold these bytes anyway, never on a read. A good
  // file is left as it is (a backup may be reading it); a bad one is replaced by rename(), so a reader or a
  // second writer of the same bytes meanwhile (another upload, the CLI on the same folder) sees one whole
  // file or the other, and every writer's own temp name ends in a good file whichever rename comes last.
  private keepIntact(sha256: string, key: Buffer, data: Uint8Array): boolean {
    if (this.opensTo(sha256, key)) return false;
    this.writeEncrypted(sha256, key, data);
    return true;
  }

  /** Whether the file named `sha256` is there and opens under `key` to bytes with that hash. */
  private opensTo(sha256: string, key: Buffer): boolean {
    let stored: Buffer;
    try {
      stored = readFileSync(this.pathOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    try {
      return createHash('sha256').update(decryptFile(key, stored)).digest('hex') === sha256;
    } catch (e) {
      if (e instanceof DeskError && e.code === 'FILE_TAMPERED') return false;
      throw e;
    }
  }

  private writeEncrypted(sha256: string, key: Buffer, data: Uint8Array): void {
    mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: OWNER_DIR_MODE });
    // the temp file sits in tmp/ under the hash's name, so the sweep after a crash knows what it is
    writeFileAtomic(this.pathOf(sha256), encryptChunks(key, data), { temp: join(this.tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.part`) });
  }

  /**
   * Encrypts a file stored in clear by an older version, after checking it still matches its name:
   * 'encrypted' (rewritten encrypted in place), 'sealed' (it was encrypted already) or 'damaged'. A damaged
   * file is not trusted and not kept in clear: its bytes are written encrypted to the quarantine folder of
   * `day` (files/quarantine/<day>/, temp then rename) and the clear file is removed, so it can be looked at
   * but no longer stands for its material.
   */
  encryptLegacy(sha256: string, day: string): LegacyFileOutcome {
    const p = this.pathOf(sha256);
    if (isEncryptedFile(readHead(p))) return 'sealed';
    const raw = readFileSync(p);
    const key = this.fileKey();
    if (createHash('sha256').update(raw).digest('hex') !== sha256) {
      const dir = this.quarantineDir(day);
      writeFileAtomic(join(dir, sha256), encryptChunks(key, raw), { temp: join(this.tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.part`) });
      unlinkSync(p);
      syncDir(join(this.root, sha256.slice(0, 2)));
      return 'damaged';
    }
    // rename() replaces the clear file in one step: a crash leaves one version or the other.
    this.writeEncrypted(sha256, key, raw);
    return 'encrypted';
  }

  /** Whether a file with this hash waits in the quarantine folder (set aside as damaged or unreferenced). */
  isQuarantined(sha256: string): boolean {
    return this.quarantined().includes(sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Buffer {
    const p = this.pathOf(sha256);
    if (!existsSync(p)) {
      if (this.isQuarantined(sha256)) throw new DeskError('FILE_TAMPERED', `材料文件已移至隔离文件夹（${QUARANTINE_DIR}/）：它与其记录不符（已损坏）或当时未被任何材料引用，已拒绝打开；请从备份恢复或重新上传`);
      throw new DeskError('NOT_FOUND', '材料文件不存在（可能已被删除）');
    }
    const data = decryptFile(this.fileKey(), readFileSync(p));
    if (createHash('sha256').update(data).digest('hex') !== sha256) {
      throw new DeskError('FILE_TAMPERED', '材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传');
    }
    return data;
  }

  remove(sha256: string): boolean {
    const p = this.pathOf(sha256);
    if (!existsSync(p)) return false;
    unlinkSync(p);
    return true;
  }

  /**
   * Sets a file no material refers to aside instead of deleting it: a database restored from an older
   * copy, or a mistake in what counts as referenced, can still be repaired from the quarantine folder.
   */
  quarantine(sha256: string, day: string): boolean {
    const p = this.pathOf(sha256);
    if (!existsSync(p)) return false;
    const dir = this.quarantineDir(day);
    renameSync(p, join(dir, sha256));
    syncDir(dir);
    return true;
  }

  private quarantineDir(day: string): string {
    const dir = join(this.root, QUARANTINE_DIR, day);
    mkdirSync(dir, { recursive: true, mode: OWNER_DIR_MODE });
    return dir;
  }

  /** Removes the quarantine days before `cutoffDay` (YYYY-MM-DD); returns how many files went. */
  expireQuarantine(cutoffDay: string): number {
    const base = join(this.root, QUARANTINE_DIR);
    if (!existsSync(base)) return 0;
    let n = 0;
    for (const day of readdirSync(base)) {
      if (!DAY_RE.test(day) || day >= cutoffDay) continue;
      n += readdirSync(join(base, day)).length;
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent here, the folder was listed just now (force only spares a race)
      rmSync(join(base, day), { recursive: true, force: true });
    }
    return n;
  }

  /** Hashes of the files waiting in quarantine. */
  quarantined(): string[] {
    const base = join(this.root, QUARANTINE_DIR);
    if (!existsSync(base)) return [];
    return readdirSync(base)
      .filter((d) => DAY_RE.test(d))
      .flatMap((d) => readdirSync(join(base, d)).filter((f) => SHA_RE.test(f)));
  }

  /** True when at least one stored file is encrypted (under some data key). */
  holdsEncrypted(): boolean {
    return this.list().some((h) => isEncryptedFile(readHead(this.pathOf(h))));
  }

  /** Every stored file's hash. */
  list(): string[] {
    const out: string[] = [];
    for (const shard of readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const f of readdirSync(join(this.root, shard))) if (SHA_RE.test(f)) out.push(f);
    }
    return out;
  }

  /** Removes half-written files left by a crash. */
  sweepTemp(): number {
    let n = 0;
    for (const f of readdirSync(this.tmpDir)) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent here, the file was listed just now (force only spares a race)
      rmSync(join(this.tmpDir, f), { force: true });
      n++;
    }
    return n;
  }
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    return head.subarray(0, readSync(fd, head, 0, 16, 0));
  } finally {
    closeSync(fd);
  }
}

