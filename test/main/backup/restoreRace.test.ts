// A restore racing another program in the target folder, at the one moment the folder check cannot see:
// while the parts are moved from the staging folder into place (README "Backup": restore writes only into
// an empty folder and never over what another program wrote meanwhile). The other program is played by
// wrapping node:fs's move and open calls (syncBuiltinESMExports makes backup.ts' own imports see the
// wrapper), so that a file or folder appears exactly where a part is about to go.
import fs, { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { restoreBackup } from '../../../main/backup/backup';
import { tempDir } from '../../helpers';
import { craftBackup, DB, listedAs, sha, soundParts } from './craftBackup';

type Wrapped = 'linkSync' | 'renameSync' | 'lstatSync' | 'openSync';

/** Runs `before(args)` ahead of every call of node:fs's `name` until the test ends. */
function beforeFs(name: Wrapped, before: (args: unknown[]) => void): void {
  const original = fs[name] as (...args: unknown[]) => unknown;
  let inside = false;
  const wrapper = (...args: unknown[]): unknown => {
    // writeFileSync inside `before` opens through fs.openSync too
    if (!inside) {
      inside = true;
      try {
        before(args);
      } finally {
        inside = false;
      }
    }
    return original(...args);
  };
  (fs as unknown as Record<string, unknown>)[name] = wrapper;
  syncBuiltinESMExports();
  onTestFinished(() => {
    (fs as unknown as Record<string, unknown>)[name] = original;
    syncBuiltinESMExports();
  });
}

/** A sound backup with one material file, so a restore places a folder (files), a file (keyring.json) and the database. */
function backupWithMaterial(): string {
  const { entries, listed } = soundParts();
  const material = Buffer.from('BDESKENC1\n加密的材料');
  const name = `files/${sha(material).slice(0, 2)}/${sha(material)}`;
  return craftBackup([...entries, { name, stored: material }], [...listed, listedAs(name, material)]);
}

const FOREIGN = /^恢复期间有其他程序写入了目标数据目录 (.+)（(.+)），恢复已中止，这些文件未被改动(?:（已放入的部分：(.+)）)?。请确认没有程序在使用该目录后，换一个空目录重试$/;

async function refusal(restoring: Promise<unknown>): Promise<{ code: string; message: string; target: string; named: string; placed: string[] }> {
  const err = (await restoring.then(() => null, (e: unknown) => e)) as { code: string; message: string } | null;
  expect(err).not.toBeNull();
  const m = FOREIGN.exec(err!.message);
  expect(m, err!.message).not.toBeNull();
  return { code: err!.code, message: err!.message, target: m![1]!, named: m![2]!, placed: m![3] ? m![3].split('、') : [] };
}

/** Nothing of the restore's own is left: no lock, no staging folder. */
function ownLeftovers(target: string): string[] {
  return readdirSync(target).filter((n) => n === '.restore.lock' || n.startsWith('.restore-'));
}

describe('a restore racing another program while its parts are moved into place', () => {
  it('stops when the database appears just before its own is placed: theirs untouched, the parts already placed named and kept', async () => {
    const file = backupWithMaterial();
    const target = join(tempDir(), 'target');
    beforeFs('linkSync', ([, to]) => {
      if (to === join(target, DB)) writeFileSync(join(target, DB), 'theirs');
    });
    const r = await refusal(restoreBackup(file, target));
    expect(r).toMatchObject({ code: 'CONFLICT', target, named: DB });
    // the database goes last, so everything else was placed before it
    expect(r.placed.sort()).toEqual(['files', 'keyring.json']);
    expect(readFileSync(join(target, DB), 'utf8')).toBe('theirs');
    expect(readdirSync(target).sort()).toEqual([DB, 'files', 'keyring.json']);
    expect(ownLeftovers(target)).toEqual([]);
  });

  it('never moves its files folder over an empty one made just before: refused, their folder left as it was', async () => {
    const file = backupWithMaterial();
    const target = join(tempDir(), 'target');
    // renaming a folder onto an empty one replaces it on POSIX: only the check before the move stops it
    beforeFs('lstatSync', ([from]) => {
      if (typeof from === 'string' && basename(from) === 'files' && basename(dirname(from)).startsWith('.restore-') && !existsSync(join(target, 'files'))) {
        mkdirSync(join(target, 'files'));
      }
    });
    const r = await refusal(restoreBackup(file, target));
    expect(r).toMatchObject({ code: 'CONFLICT', target, named: 'files' });
    expect(r.placed.every((n) => n === 'keyring.json')).toBe(true);
    expect(readdirSync(join(target, 'files'))).toEqual([]);
    expect(existsSync(join(target, DB))).toBe(false);
    expect(ownLeftovers(target)).toEqual([]);
  });

  it('stops the same way when the folder appears, with a file in it, between that check and the move', async () => {
    const file = backupWithMaterial();
    const target = join(tempDir(), 'target');
    beforeFs('renameSync', ([, to]) => {
      if (to === join(target, 'files')) {
        mkdirSync(join(target, 'files'));
        writeFileSync(join(target, 'files', 'theirs.txt'), 'theirs');
      }
    });
    const r = await refusal(restoreBackup(file, target));
    expect(r).toMatchObject({ code: 'CONFLICT', target, named: 'files' });
    expect(readdirSync(join(target, 'files'))).toEqual(['theirs.txt']);
    expect(readFileSync(join(target, 'files', 'theirs.txt'), 'utf8')).toBe('theirs');
    expect(existsSync(join(target, DB))).toBe(false);
    expect(ownLeftovers(target)).toEqual([]);
  });

  it('tells a disk error while placing as the disk’s (in Chinese, naming the folder), not as another program’s write, and leaves no lock or staging folder', async () => {
    const file = backupWithMaterial();
    const target = join(tempDir(), 'target');
    const diskError = Object.assign(new Error('EIO: i/o error, link'), { code: 'EIO' });
    beforeFs('linkSync', ([, to]) => {
      if (to === join(target, 'keyring.json')) throw diskError;
    });
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'VALIDATION', message: `无法读写文件夹“${target}”中的文件：磁盘读写出错。请检查磁盘后重试，或换一个文件夹` });
    expect(existsSync(join(target, DB))).toBe(false);
    expect(ownLeftovers(target)).toEqual([]);
  });

  it('leaves the folder to another restore that takes the lock first, saying so', async () => {
    const file = backupWithMaterial();
    const target = join(tempDir(), 'target');
    const lock = join(target, '.restore.lock');
    // the other restore writes its lock between this one's emptiness check and its own lock
    beforeFs('openSync', ([path]) => {
      if (path === lock && !existsSync(lock)) writeFileSync(lock, '999');
    });
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'CONFLICT', message: `目标数据目录 ${target} 正在由另一次恢复写入，请等它结束` });
    expect(readdirSync(target)).toEqual(['.restore.lock']);
    expect(readFileSync(lock, 'utf8')).toBe('999');
  });
});
