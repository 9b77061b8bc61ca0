// What the disk does to a backup and a restore. A disk that refuses a write (full, here) is told as the
// disk's, naming the folder the operator knows (the data folder for the copies a backup or a verify keeps
// in its tmp/backup, the chosen folder for a restore), never as a damaged backup: that would have a good
// backup thrown away. And every rename or link that puts a backup or a restored folder in place is followed
// by an fsync of the folder holding it (atomicWrite.ts syncDir), without which a power cut can undo it.
//
// node:fs is wrapped for each test (syncBuiltinESMExports makes the app's own imports see the wrapper, as in
// restoreRace.test.ts): `refuse` picks the files whose writes fail with ENOSPC (as a write to an open file
// fails: no path), and `calls` records renames, links and fsyncs with the path behind each descriptor.
import type * as Fs from 'node:fs';
import fs, { existsSync, readdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backupTempDir, createBackup, restoreBackup, verifyBackupIn } from '../../../main/backup/backup';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { JobControl } from '../../../main/jobs/jobs';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { restoreIntoEmptyFolder } from '../../../main/services/restore';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const calls: string[] = [];
let refuse: ((path: string) => boolean) | null = null;

const real = { openSync: fs.openSync, writeSync: fs.writeSync, createWriteStream: fs.createWriteStream, fsyncSync: fs.fsyncSync, renameSync: fs.renameSync, linkSync: fs.linkSync };

function watchFs(): void {
  const paths = new Map<number, string>();
  const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  Object.assign(fs, {
    openSync: (path: Fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
      paths.set(fd, resolve(String(path)));
      return fd;
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      if (refuse?.(paths.get(fd) ?? '')) throw full();
      return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    },
    createWriteStream: (path: Fs.PathLike, ...rest: unknown[]) => {
      const s = (real.createWriteStream as (...a: unknown[]) => Fs.WriteStream)(path, ...rest);
      if (refuse?.(resolve(String(path)))) {
        Object.assign(s, { _write: (_c: unknown, _e: unknown, done: (err: Error) => void) => done(full()), _writev: undefined });
      }
      return s;
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${paths.get(fd)}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: Fs.PathLike, to: Fs.PathLike) => {
      real.renameSync(from, to);
      calls.push(`rename ${resolve(String(to))}`);
    },
    linkSync: (from: Fs.PathLike, to: Fs.PathLike) => {
      real.linkSync(from, to);
      calls.push(`link ${resolve(String(to))}`);
    },
  });
  syncBuiltinESMExports();
}

beforeEach(() => {
  calls.length = 0;
  refuse = null;
  watchFs();
});
afterEach(() => {
  Object.assign(fs, real);
  syncBuiltinESMExports();
});

const control: JobControl = { progress: () => undefined, cancelled: false };
const under = (folder: string) => (path: string) => path.startsWith(folder + sep);
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error & { code?: string });

/** A backup of a desk holding a client and a material file, and nothing recorded yet. */
async function backupFile(): Promise<string> {
  const desk = await openTestDesk();
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布') });
  const file = join(tempDir(), 'b.bdbackup');
  await createBackup(desk, file);
  calls.length = 0;
  return file;
}

/** That `path` was flushed after the last of `after` happened. */
function flushedAfter(path: string, after: (call: string) => boolean): boolean {
  const last = calls.findLastIndex(after);
  return last >= 0 && calls.indexOf(`fsync ${path}`, last) > last;
}

describeEachStore('a backup on a full data disk', (openDesk) => {
  it('names the data folder, not the backup folder, when its copies cannot be written in tmp/backup', async () => {
    const desk = await openDesk();
    const dataDir = resolve(desk.dataDir);
    const out = join(tempDir(), 'b.bdbackup');
    refuse = under(backupTempDir(dataDir));
    const err = await failure(createBackup(desk, out));
    expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${dataDir}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
    expect(readdirSync(dirname(out))).toEqual([]);
  });

  it('says so, naming the data folder, when the verify copy cannot be written: it is not a damaged backup', async () => {
    const desk = await openDesk();
    const dataDir = resolve(desk.dataDir);
    const out = join(tempDir(), 'b.bdbackup');
    refuse = (path) => under(backupTempDir(dataDir))(path) && path.includes('.verify');
    const err = await failure(createBackup(desk, out));
    expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${dataDir}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
    expect(readdirSync(dirname(out))).toEqual([]);
  });

  it('flushes the backup folder after the backup is renamed into place', async () => {
    const desk = await openDesk();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    expect(calls.filter((c) => c === `rename ${out}`)).toHaveLength(1);
    expect(flushedAfter(dirname(out), (c) => c === `rename ${out}`)).toBe(true);
  });
});

describeEachStore('a restore from the desk', (openDesk) => {
  it('on a full disk names the chosen folder (not its staging folder), says the disk is full, and leaves nothing', async () => {
    const file = await backupFile();
    const desk = await openDesk();
    const target = join(tempDir(), '恢复的数据');
    refuse = (path) => under(dirname(target))(path) && path.includes(`${sep}files${sep}`);
    const err = await failure(restoreIntoEmptyFolder(desk, { file, dataDir: target, passphrase: TEST_PASSPHRASE }, control));
    expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${target}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
    expect(readdirSync(dirname(target))).toEqual([]);
  });

  it('flushes the folder holding the restored folder after the rename that puts it in place', async () => {
    const file = await backupFile();
    const desk = await openDesk();
    const target = join(tempDir(), '恢复的数据');
    await restoreIntoEmptyFolder(desk, { file, dataDir: target, passphrase: TEST_PASSPHRASE }, control);
    expect(flushedAfter(dirname(target), (c) => c === `rename ${target}`)).toBe(true);
  });
});

it('a backup whose database copy fills the data disk says so in Chinese, naming the data folder (SQLite says SQLITE_FULL, not ENOSPC)', async () => {
  const desk = await openTestDesk();
  const dataDir = resolve(desk.dataDir);
  desk.sql.backupTo = () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
  const out = join(tempDir(), 'b.bdbackup');
  const err = await failure(createBackup(desk, out));
  expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${dataDir}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
  expect(readdirSync(backupTempDir(dataDir))).toEqual([]);
});

it('a restore into a full disk says the disk is full, naming the target, not that the backup is damaged', async () => {
  const file = await backupFile();
  const target = resolve(tempDir(), 'restored');
  refuse = (path) => under(target)(path) && path.includes(`${sep}files${sep}`);
  const err = await failure(restoreBackup(file, target));
  expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${target}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
  expect(existsSync(target)).toBe(false);
});

it('a restore whose lock file cannot be written says the disk is full, not that another restore is under way', async () => {
  const file = await backupFile();
  const target = resolve(tempDir(), 'restored');
  refuse = under(target);
  const err = await failure(restoreBackup(file, target));
  expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${target}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
  expect(existsSync(target)).toBe(false);
});

it('backup verify with the data folder on a full disk says the disk is full, naming the data folder, not that the backup is damaged', async () => {
  const file = await backupFile();
  const dataDir = resolve(tempDir(), 'data');
  refuse = under(dataDir);
  const err = await failure(verifyBackupIn(dataDir, file));
  expect(err).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${dataDir}”：磁盘已满。请腾出空间后重试，或换一个文件夹` });
  expect(existsSync(dataDir)).toBe(false);
});

it('a restore flushes every folder it unpacked into before moving it, then the target after the last move, then the folder it made the target in', async () => {
  const file = await backupFile();
  const target = resolve(tempDir(), 'new', 'restored');
  await restoreBackup(file, target);
  const [bucket] = readdirSync(join(target, 'files'));
  const placed = (c: string) => c.startsWith(`rename ${target}${sep}`) || c.startsWith(`link ${target}${sep}`);
  // the material file's name in its folder, flushed before that folder moved into place
  const staged = calls.find((c) => c.startsWith('fsync ') && c.endsWith(`${sep}files${sep}${bucket}`) && c.includes(`${sep}.restore-`));
  expect(staged).toMatch(/^fsync /);
  expect(calls.indexOf(staged!)).toBeLessThan(calls.findIndex(placed));
  expect(flushedAfter(target, placed)).toBe(true);
  // the folders made for it: `restored` in `new`, and `new` in the temp folder
  expect(flushedAfter(dirname(target), placed)).toBe(true);
  expect(flushedAfter(dirname(dirname(target)), placed)).toBe(true);
});
