// The sweep of what a killed `backup create` left, run in this process (backupKill.test.ts kills a real
// child; here each case is laid out by hand): the database copy holds the whole store in clear of its
// files, so it must go, but never a file of a backup still being written, nor a file the marker does not name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_EXTENSION, backupTempDir, defaultBackupName, sweepBackupLeftovers } from '../../../main/backup/backup';
import { tempDir } from '../../helpers';

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** A data folder with tmp/backup, and a folder beside it where the backup was being written. */
function layout() {
  const dataDir = tempDir();
  const tmp = backupTempDir(dataDir);
  mkdirSync(tmp, { recursive: true });
  const out = tempDir();
  return { dataDir, tmp, out };
}

describe('leftovers of a killed backup', () => {
  it('live in the data folder’s tmp/backup', () => {
    expect(backupTempDir('/data')).toBe(join('/data', 'tmp', 'backup'));
  });

  it('of a dead process are removed: its database copy, verify folder, marker and the partial archive the marker names', () => {
    const { dataDir, tmp, out } = layout();
    const tag = `${deadPid()}-0123456789ab`;
    const part = join(out, `备份${BACKUP_EXTENSION}.${tag}.part`);
    writeFileSync(part, 'partial zip');
    writeFileSync(join(tmp, `${tag}.db`), 'SQLite format 3');
    writeFileSync(join(tmp, `${tag}.db-journal`), '');
    mkdirSync(join(tmp, `${tag}.verify`));
    writeFileSync(join(tmp, `${tag}.verify`, 'beian-desk.db'), 'x');
    writeFileSync(join(tmp, `${tag}.target`), part);
    expect(sweepBackupLeftovers(dataDir)).toBe(5);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(part)).toBe(false);
  });

  it('of a process still running are kept', () => {
    const { dataDir, tmp, out } = layout();
    const tag = `${process.pid}-0123456789ab`;
    const part = join(out, `b${BACKUP_EXTENSION}.${tag}.part`);
    writeFileSync(part, 'being written');
    writeFileSync(join(tmp, `${tag}.db`), 'x');
    writeFileSync(join(tmp, `${tag}.target`), part);
    expect(sweepBackupLeftovers(dataDir)).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual([`${tag}.db`, `${tag}.target`]);
    expect(existsSync(part)).toBe(true);
  });

  it('never reach past what the marker’s own run named: another file, or a marker cut short, keeps its target', () => {
    const { dataDir, tmp, out } = layout();
    const tag = `${deadPid()}-0123456789ab`;
    const precious = join(out, '客户资料.xlsx');
    writeFileSync(precious, 'not ours');
    writeFileSync(join(tmp, `${tag}.target`), precious);
    const otherRun = join(out, `b${BACKUP_EXTENSION}.${deadPid()}-ba9876543210.part`);
    writeFileSync(otherRun, 'x');
    const tag2 = `${deadPid()}-00000000000f`;
    writeFileSync(join(tmp, `${tag2}.target`), otherRun);
    const tag3 = `${deadPid()}-0000000000ff`;
    const cut = join(out, `b${BACKUP_EXTENSION}.${tag3}.pa`);
    writeFileSync(cut, 'x');
    writeFileSync(join(tmp, `${tag3}.target`), cut);
    // the markers themselves go; the files they named stay
    expect(sweepBackupLeftovers(dataDir)).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
    for (const f of [precious, otherRun, cut]) expect(existsSync(f), f).toBe(true);
  });

  it('leave alone what is not named like a backup’s temp file, and count nothing when there is no tmp/backup', () => {
    const { dataDir, tmp } = layout();
    for (const name of ['notes.txt', '123.db', '123-0123456789ab', 'x123-0123456789ab.db', `${deadPid()}-0123456789a.db`]) writeFileSync(join(tmp, name), 'x');
    expect(sweepBackupLeftovers(dataDir)).toBe(0);
    expect(readdirSync(tmp)).toHaveLength(5);
    expect(sweepBackupLeftovers(tempDir())).toBe(0);
  });

  it('a marker whose run’s partial archive is already gone is removed alone', () => {
    const { dataDir, tmp, out } = layout();
    const tag = `${deadPid()}-0123456789ab`;
    writeFileSync(join(tmp, `${tag}.target`), join(out, `b${BACKUP_EXTENSION}.${tag}.part`));
    expect(sweepBackupLeftovers(dataDir)).toBe(1);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('the default backup name', () => {
  it('names the China date and time to the second, with the backup extension', () => {
    expect(defaultBackupName('2026-01-04T23:08:09Z')).toBe(`备案助手备份-20260105-070809${BACKUP_EXTENSION}`);
    expect(defaultBackupName(new Date('2026-12-31T15:59:58Z'))).toBe('备案助手备份-20261231-235958.bdbackup');
    expect(defaultBackupName('2026-12-31T16:00:00Z')).toBe('备案助手备份-20270101-000000.bdbackup');
  });
});
