// The one way a file is written (keyring, settings, material files, packages, sheets, exports): to a
// temp name beside it, flushed (fsync), renamed into place, and the folder flushed so the rename itself
// survives a power cut. A crash leaves the old file or the new one, never half of either; a failed write
// removes its temp file.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { firstFreeName } from './fileNames';

export interface AtomicWriteOptions {
  /** Mode of the new file (personal data: owner only). */
  mode?: number;
  /** Where the temp file goes when its name matters (the file store sweeps its own after a crash); same file system as the target. */
  temp?: string;
}

/**
 * Temp files written but not yet renamed into place or removed. An interrupted process (the CLI on Ctrl-C)
 * removes them, so that no hidden '.xxxx.part' file with a client's data in clear is left in the
 * operator's folder.
 */
const inFlight = new Set<string>();

/** Removes every temp file of this process not yet renamed into place (an interrupt handler calls it before exiting). */
export function removeTempFilesInFlight(): void {
  for (const tmp of inFlight) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // exiting anyway: the next temp file still gets its try
    }
  }
  inFlight.clear();
}

/** Flushes a folder's entries: a rename is durable on Linux only once its folder is. */
export function syncDir(dir: string): void {
  // Windows cannot open a folder for fsync, and NTFS journals renames.
  // Stryker disable next-line ConditionalExpression,StringLiteral: the Windows branch cannot run on the POSIX machines the tests run on
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array>, options: AtomicWriteOptions | number = {}): void {
  stageFileAtomic(file, data, options).commit();
}

/** A file written and flushed under its temp name, not yet in place: commit() renames it, discard() removes it. */
export interface StagedFile {
  /** The temp file beside the target. */
  readonly temp: string;
  /** Renames the temp file into place and flushes the folder; on failure the temp file is removed. */
  commit(): void;
  /** Removes the temp file (the work it was written for did not happen). */
  discard(): void;
}

/**
 * The first half of writeFileAtomic: the data written to the temp name beside `file` and flushed, the
 * rename left to the caller — for a file that must appear only if something else commits (a lease recorded
 * only with its archive written, leases.ts). A failed write removes its temp file and throws.
 */
export function stageFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array>, options: AtomicWriteOptions | number = {}): StagedFile {
  const { mode = 0o600, temp } = typeof options === 'number' ? { mode: options } : options;
  const tmp = temp ?? join(dirname(file), `.${randomBytes(6).toString('hex')}.part`);
  // Stryker disable next-line StringLiteral: 'utf8' → '' is Buffer.from's default encoding, the same bytes
  const pieces: Iterable<Uint8Array> = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  inFlight.add(tmp);
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      for (const piece of pieces) {
        let off = 0;
        while (off < piece.byteLength) off += writeSync(fd, piece, off, piece.byteLength - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    rmSync(tmp, { force: true });
    inFlight.delete(tmp);
    throw err;
  }
  return {
    temp: tmp,
    commit: () => {
      try {
        renameSync(tmp, file);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      } finally {
        inFlight.delete(tmp);
      }
      syncDir(dirname(file));
    },
    discard: () => {
      rmSync(tmp, { force: true });
      inFlight.delete(tmp);
    },
  };
}

/**
 * writeFileAtomic for a file that must never replace another (a repaired photo beside the operator's own):
 * the data is written and flushed once under a temp name, then given the first of `names` (all in one
 * folder) that nothing holds. A hard link does that, failing if the name is taken even by a file made
 * meanwhile; a file system without hard links (a FAT32 or exFAT USB drive) gets a look at the name, then
 * the rename. Returns the name taken, or null when all are taken; the temp file is removed either way.
 */
export function writeNewFileAtomic(names: Iterable<string>, data: string | Uint8Array, options: AtomicWriteOptions | number = {}): string | null {
  let staged: StagedFile | undefined;
  try {
    for (const name of names) {
      staged ??= stageFileAtomic(name, data, options);
      try {
        linkSync(staged.temp, name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(name)) continue;
        staged.commit();
        staged = undefined;
        return name;
      }
      syncDir(dirname(name));
      return name;
    }
    return null;
  } finally {
    staged?.discard();
  }
}

/**
 * Claims the name `file` for a write that must never replace anything, when the write comes later (a batch
 * picks every sheet's name in order, then writes them a few at a time): an empty file made only if nothing
 * holds the name (O_EXCL), so two batches writing into one folder at once can never both pick it, as they
 * could when each only looked whether the name was free. The write's rename then replaces this empty file.
 * True when claimed, false when the name is taken (even by a broken link).
 */
export function claimNewFile(file: string, mode = 0o600): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  closeSync(fd);
  return true;
}

/**
 * A file name in `folder` that nothing holds, claimed on disk (claimNewFile) as it is picked: `name`, else `name-2`,
 * `name-3` … An export named by its content and the second (two operators' 转移导出 of as many clients, the same
 * order's package exported again) is written beside the earlier file instead of renamed over it: that file may be
 * one already handed on. The caller writes over its own claim (writeFileAtomic) and removes it if the write fails.
 */
export function claimFreeName(folder: string, name: string): string {
  return join(folder, firstFreeName(name, (candidate) => !claimNewFile(join(folder, candidate))));
}

/**
 * writeFileAtomic off the calling thread (node's thread pool does the writes and the fsyncs), for a batch
 * that writes many files into one folder while its thread feeds the workers (核验单 batches, issue 20: two
 * synchronous fsyncs per sheet held the thread that hands sheets to the render workers). The folder is
 * not flushed here: the batch calls syncDir once after its last rename.
 */
export async function writeFileAtomicInBatch(file: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.part`);
  inFlight.add(tmp);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    inFlight.delete(tmp);
  }
}
