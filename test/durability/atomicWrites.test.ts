// Files beside the database (the keyring) and material files are written to a temp name, flushed with
// fsync, then renamed: a crash or a full disk leaves the old file or the new one, never half of either,
// and no temp file behind. The crash test kills a writer but cannot tell whether fsync ran; here the file
// system calls are watched and made to fail on purpose.
import { randomBytes } from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomicInBatch } from '../../main/files/atomicWrite';
import { FileStore } from '../../main/files/store';
import { newKeyring, readKeyring, writeKeyring } from '../../main/secrets/keyring';
import { tempDir, TEST_PASSPHRASE } from '../helpers';

/** What the code under test did with the file system, in order, with the path behind each descriptor. */
const calls: string[] = [];
/** The next call of this kind throws EIO, as a failing disk would. */
let failNext: 'open' | 'fsync' | 'rename' | 'write' | null = null;

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const paths = new Map<number, string>();
  const eio = (call: string) => Object.assign(new Error(`EIO: i/o error, ${call}`), { code: 'EIO' });
  const watched = {
    openSync: ((path: Fs.PathLike, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
      paths.set(fd, String(path));
      return fd;
    }) as typeof fs.openSync,
    writeSync: ((fd: number, ...rest: unknown[]) => {
      if (failNext === 'write') throw ((failNext = null), eio('write'));
      calls.push(`write ${paths.get(fd)}`);
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.writeSync,
    fsyncSync: ((fd: number) => {
      if (failNext === 'fsync') throw ((failNext = null), eio('fsync'));
      calls.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    }) as typeof fs.fsyncSync,
    renameSync: ((from: Fs.PathLike, to: Fs.PathLike) => {
      if (failNext === 'rename') throw ((failNext = null), eio('rename'));
      calls.push(`rename ${String(from)} -> ${String(to)}`);
      fs.renameSync(from, to);
    }) as typeof fs.renameSync,
  };
  return { ...fs, ...watched, default: { ...fs, ...watched } };
});

// the batch's writes (writeFileAtomicInBatch) go through node:fs/promises: the same story, told by its file handles
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof FsPromises>();
  const eio = (call: string) => Object.assign(new Error(`EIO: i/o error, ${call}`), { code: 'EIO' });
  const watched = {
    open: (async (path: Fs.PathLike, ...rest: unknown[]) => {
      if (failNext === 'open') throw ((failNext = null), eio('open'));
      const handle = await (fsp.open as (...a: unknown[]) => Promise<FsPromises.FileHandle>)(path, ...rest);
      const at = String(path);
      const writeFile = handle.writeFile.bind(handle);
      const sync = handle.sync.bind(handle);
      const close = handle.close.bind(handle);
      return Object.assign(handle, {
        writeFile: async (...a: Parameters<FsPromises.FileHandle['writeFile']>) => {
          if (failNext === 'write') throw ((failNext = null), eio('write'));
          calls.push(`write ${at}`);
          await writeFile(...a);
        },
        sync: async () => {
          if (failNext === 'fsync') throw ((failNext = null), eio('fsync'));
          calls.push(`fsync ${at}`);
          await sync();
        },
        close: async () => {
          calls.push(`close ${at}`);
          await close();
        },
      });
    }) as typeof fsp.open,
    rename: (async (from: Fs.PathLike, to: Fs.PathLike) => {
      if (failNext === 'rename') throw ((failNext = null), eio('rename'));
      calls.push(`rename ${String(from)} -> ${String(to)}`);
      await fsp.rename(from, to);
    }) as typeof fsp.rename,
  };
  return { ...fsp, ...watched, default: { ...fsp, ...watched } };
});

const { readdirSync, readFileSync, existsSync, writeFileSync } = await vi.importActual<typeof Fs>('node:fs');

beforeEach(() => {
  calls.length = 0;
  failNext = null;
});

/** The calls touching `file` or a temp file in `dir`, with the temp name replaced by TMP. */
function story(dir: string, file: string, tmp: RegExp): string[] {
  return calls
    .filter((c) => c.includes(dir))
    .map((c) => c.replaceAll(file, 'TARGET').replace(tmp, 'TMP'))
    .filter((c, i, all) => !(c === 'write TMP' && all[i - 1] === 'write TMP'));
}

describe('keyring written atomically', () => {
  it('writes a temp file, flushes it, then renames it over the keyring', () => {
    const dir = tempDir();
    writeKeyring(dir, newKeyring(TEST_PASSPHRASE, 12).keyring);
    const file = join(dir, 'keyring.json');
    const steps = story(dir, file, new RegExp(`${dir}/[^ ]+\\.part`, 'g'));
    expect(steps.slice(0, 3)).toEqual(['write TMP', 'fsync TMP', 'rename TMP -> TARGET']);
    // flushing the folder afterwards makes the rename itself durable; nothing else may follow
    expect(steps.slice(3).filter((c) => c !== `fsync ${dir}`)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['keyring.json']);
  });

  for (const fault of ['write', 'fsync', 'rename'] as const) {
    it(`leaves the old keyring byte for byte and no temp file when ${fault} fails`, () => {
      const dir = tempDir();
      writeKeyring(dir, newKeyring(TEST_PASSPHRASE, 12).keyring);
      const before = readFileSync(join(dir, 'keyring.json'));
      failNext = fault;
      expect(() => writeKeyring(dir, newKeyring('another-passphrase-2', 12).keyring)).toThrow(/EIO/);
      expect(readFileSync(join(dir, 'keyring.json')).equals(before)).toBe(true);
      expect(readdirSync(dir)).toEqual(['keyring.json']);
      expect(readKeyring(dir)).not.toBeNull();
    });
  }
});

describe('material files written atomically', () => {
  const key = randomBytes(32);
  const data = randomBytes(200_000);

  it('writes the encrypted file under a temp name, flushes it, renames it into place and flushes the folder', () => {
    const root = join(tempDir(), 'files');
    const store = new FileStore(root, () => key);
    const { sha256 } = store.put(data);
    const shard = join(root, sha256.slice(0, 2));
    expect(story(root, store.pathOf(sha256), new RegExp(`${root}/tmp/${sha256}\\.[0-9a-f]+\\.part`, 'g'))).toEqual(['write TMP', 'fsync TMP', 'rename TMP -> TARGET', `fsync ${shard}`]);
    expect(store.read(sha256).equals(data)).toBe(true);
  });

  for (const fault of ['write', 'fsync', 'rename'] as const) {
    it(`stores nothing under the file's name and leaves no temp file when ${fault} fails`, () => {
      const root = join(tempDir(), 'files');
      const store = new FileStore(root, () => key);
      failNext = fault;
      expect(() => store.put(data)).toThrow(/EIO/);
      expect(store.list()).toEqual([]);
      expect(readdirSync(join(root, 'tmp'))).toEqual([]);
      // the next attempt, on a sound disk, stores it whole
      const { sha256 } = store.put(data);
      expect(existsSync(store.pathOf(sha256))).toBe(true);
      expect(store.read(sha256).equals(data)).toBe(true);
    });
  }
});

describe('a batch\'s files written atomically off the calling thread (核验单 batches)', () => {
  it('writes a temp file beside the target, flushes and closes it, then renames it into place; the batch flushes the folder once itself', async () => {
    const dir = tempDir();
    const file = join(dir, '核验单-1.pdf');
    writeFileSync(file, 'old sheet');
    await writeFileAtomicInBatch(file, Buffer.from('%PDF-1.7 new sheet'));
    expect(story(dir, file, new RegExp(`${dir}/\\.[0-9a-f]{12}\\.part`, 'g'))).toEqual(['write TMP', 'fsync TMP', 'close TMP', 'rename TMP -> TARGET']);
    expect(readFileSync(file, 'utf8')).toBe('%PDF-1.7 new sheet');
    expect(readdirSync(dir)).toEqual(['核验单-1.pdf']);
  });

  for (const fault of ['write', 'fsync', 'rename'] as const) {
    it(`leaves the old file byte for byte, closed, and no temp file when ${fault} fails`, async () => {
      const dir = tempDir();
      const file = join(dir, '核验单-1.pdf');
      writeFileSync(file, 'old sheet');
      failNext = fault;
      await expect(writeFileAtomicInBatch(file, Buffer.from('%PDF-1.7 new sheet'))).rejects.toThrow(/EIO/);
      expect(readFileSync(file, 'utf8')).toBe('old sheet');
      expect(readdirSync(dir)).toEqual(['核验单-1.pdf']);
      // the temp file's handle is closed whatever failed
      expect(calls.filter((c) => c.startsWith('close ')).length).toBe(1);
    });
  }

  it('rejects with the disk\'s own error when the temp file cannot even be opened (nothing to remove)', async () => {
    const dir = tempDir();
    const file = join(dir, '核验单-1.pdf');
    writeFileSync(file, 'old sheet');
    failNext = 'open';
    await expect(writeFileAtomicInBatch(file, Buffer.from('%PDF-1.7 new sheet'))).rejects.toThrow(/EIO: i\/o error, open/);
    expect(readFileSync(file, 'utf8')).toBe('old sheet');
    expect(readdirSync(dir)).toEqual(['核验单-1.pdf']);
  });
});
