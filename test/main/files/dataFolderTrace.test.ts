// What shows that a data folder once had a database, one piece at a time: the keyring, a WAL, material
// files at any depth. An empty database file is one SQLite had not written yet, so it counts as absent.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { assertNotBereftOfDatabase, FILES_DIR_NAME, hasDatabase, restoreLeftovers, traceOfEarlierStore } from '../../../main/files/dataFolder';
import { Desk } from '../../../main/desk';
import { tempDir } from '../../helpers';

describe('a data folder’s trace of an earlier database', () => {
  it('is nothing in a new folder, or one whose files folder is empty', () => {
    const dir = tempDir();
    expect(traceOfEarlierStore(dir)).toEqual([]);
    mkdirSync(join(dir, FILES_DIR_NAME, 'ab'), { recursive: true });
    expect(traceOfEarlierStore(dir)).toEqual([]);
    expect(() => assertNotBereftOfDatabase(dir)).not.toThrow();
  });

  it('names the keyring, the WAL and the number of material files, counted through their folders', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keyring.json'), '{}');
    expect(traceOfEarlierStore(dir)).toEqual(['密钥文件 keyring.json']);
    writeFileSync(join(dir, `${DB_FILE_NAME}-wal`), '');
    mkdirSync(join(dir, FILES_DIR_NAME, 'ab'), { recursive: true });
    mkdirSync(join(dir, FILES_DIR_NAME, 'quarantine', '2026-01-01'), { recursive: true });
    writeFileSync(join(dir, FILES_DIR_NAME, 'ab', 'a'.repeat(64)), 'x');
    writeFileSync(join(dir, FILES_DIR_NAME, 'ab', 'b'.repeat(64)), 'x');
    writeFileSync(join(dir, FILES_DIR_NAME, 'quarantine', '2026-01-01', 'c'.repeat(64)), 'x');
    expect(traceOfEarlierStore(dir)).toEqual(['密钥文件 keyring.json', `数据库日志 ${DB_FILE_NAME}-wal`, '3 个材料文件（files/）']);
  });

  it('counts an empty database file as no database, and a written one as a database', () => {
    const dir = tempDir();
    const db = join(dir, DB_FILE_NAME);
    expect(hasDatabase(dir)).toBe(false);
    writeFileSync(db, '');
    expect(hasDatabase(dir)).toBe(false);
    writeFileSync(join(dir, 'keyring.json'), '{}');
    expect(() => assertNotBereftOfDatabase(dir)).toThrow(expect.objectContaining({ code: 'DB_MISSING', message: expect.stringContaining(`缺少数据库文件 ${DB_FILE_NAME}，但仍有密钥文件 keyring.json：这不是新的数据目录`) }));
    writeFileSync(db, 'SQLite format 3\0');
    expect(hasDatabase(dir)).toBe(true);
    expect(() => assertNotBereftOfDatabase(dir)).not.toThrow();
  });

  it('tells how to restore the latest backup, and not to delete the folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keyring.json'), '{}');
    expect(() => assertNotBereftOfDatabase(dir)).toThrow('请从备份恢复：用“npm run cli -- --data 空目录 backup restore 备份文件”把最近的备份恢复到一个空目录');
    expect(() => assertNotBereftOfDatabase(dir)).toThrow('不要删除本目录。');
  });

  it('joins several traces in the refusal', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keyring.json'), '{}');
    writeFileSync(join(dir, `${DB_FILE_NAME}-wal`), '');
    expect(() => assertNotBereftOfDatabase(dir)).toThrow(`但仍有密钥文件 keyring.json、数据库日志 ${DB_FILE_NAME}-wal：`);
  });

  it('refuses a folder a restore is writing into (or was, till killed): a desk opened there would make an empty database the restore then finds', async () => {
    for (const left of ['.restore.lock', '.restore-4242-0123456789ab']) {
      const dir = tempDir();
      mkdirSync(join(dir, left));
      expect(() => assertNotBereftOfDatabase(dir), left).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(`数据目录“${dir}”中有一次未完成的备份恢复（.restore.lock）`) }));
      // and through the desk, nothing made
      await expect(Desk.open({ dataDir: dir, kdfLog2n: 12 })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(readdirSync(dir)).toEqual([left]);
    }
  });

  it('reads what a restore left: its lock’s pid, the pid in a staging folder’s name, nothing it cannot read as a pid', () => {
    const dir = tempDir();
    expect(restoreLeftovers(dir)).toEqual({ names: [], pids: [] });
    expect(restoreLeftovers(join(dir, 'not-there'))).toEqual({ names: [], pids: [] });
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(restoreLeftovers(join(dir, 'a-file'))).toEqual({ names: [], pids: [] });
    writeFileSync(join(dir, '.restore.lock'), ' 4242\n');
    mkdirSync(join(dir, '.restore-777-0123456789ab'));
    writeFileSync(join(dir, 'notes.txt'), 'theirs');
    const found = restoreLeftovers(dir);
    expect(Object.fromEntries(found.names.map((n, i) => [n, found.pids[i]]))).toEqual({ '.restore.lock': 4242, '.restore-777-0123456789ab': 777 });
    // a lock that is no file, or holds no pid, names no process: never taken for a dead one's
    for (const [lock, staging] of [['x4242', '.restore-abc-0123'], ['12345678901', '.restore--0123']] as const) {
      const other = tempDir();
      writeFileSync(join(other, '.restore.lock'), lock);
      mkdirSync(join(other, staging));
      expect(restoreLeftovers(other).pids.every(Number.isNaN), lock).toBe(true);
    }
    const folderLock = tempDir();
    mkdirSync(join(folderLock, '.restore.lock'));
    expect(restoreLeftovers(folderLock)).toEqual({ names: ['.restore.lock'], pids: [NaN] });
  });
});
