// Writing a backup: never over an existing file, recorded in the audit log, its size and material count
// reported, and a verification that leaves nothing behind in the system's temp folder. Its temp files
// (README "Personal data": the database copy in the data folder's tmp/backup, 0600; the partial file beside
// the target, 0600; what a killed run leaves is swept at the next start, by the names tempFiles.ts reads).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupTempDir, createBackup, restoreBackup, verifyBackup } from '../../../main/backup/backup';
import type { Desk } from '../../../main/desk';
import { DB_FILE_NAME } from '../../../main/db/open';
import { listAudit } from '../../../main/db/repositories/audit';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { KEYRING_FILE } from '../../../main/secrets/keyring';
import { openTestDesk, tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const savedTmp = process.env.TMPDIR;
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

describe('writing a backup', () => {
  it('refuses to write over a file already there, and leaves it as it was', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    writeFileSync(out, 'an older backup');
    await expect(createBackup(desk, out)).rejects.toMatchObject({ code: 'CONFLICT', message: `备份文件已存在：${out}` });
    expect(readFileSync(out, 'utf8')).toBe('an older backup');
  });

  it('refuses a folder through a file, naming it and the file in its way, in Chinese', async () => {
    const desk = await openTestDesk();
    const work = tempDir();
    writeFileSync(join(work, 'a-file.txt'), 'x');
    const out = join(work, 'a-file.txt', '备份', 'b.bdbackup');
    await expect(createBackup(desk, out)).rejects.toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${join(work, 'a-file.txt', '备份')}”：路径中的“a-file.txt”是文件，不是文件夹。请换一个文件夹` });
  });

  it('reports its size and material files, and records them in the audit log', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布') });
    await addMaterial(desk, { entityId: c!.id, kind: 'other', fileName: '其他.jpg', data: await materialJpeg('其他') });
    const out = join(tempDir(), 'b.bdbackup');
    const r = await createBackup(desk, out);
    expect(r).toEqual({ file: out, bytes: statSync(out).size, materialFiles: 2, verified: true });
    const [entry] = await listAudit(desk.ctx, { limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.create', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: 2 } });
  });

  it('is verified through a private folder in the system temp folder, removed afterwards', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const tmp = mkdtempSync(join(tempDir(), 'tmp-'));
    process.env.TMPDIR = tmp;
    const { manifest } = await verifyBackup(out);
    expect(manifest.entries.map((e) => e.name).sort()).toEqual([DB_FILE_NAME, 'keyring.json'].sort());
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });
});

const mode = (path: string) => statSync(path).mode & 0o777;

/** Runs `look` in the middle of a backup, right after the database has been copied. */
function whileCopied(desk: Desk, look: (copy: string) => void): void {
  const copy = desk.sql.backupTo.bind(desk.sql);
  desk.sql.backupTo = async (file: string) => {
    await copy(file);
    look(file);
  };
}

describe('a backup’s temp files', () => {
  it('are owner-only and named for the next start’s sweep: the database copy in tmp/backup, a marker naming the partial file beside the target', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    const seen: { names: string[]; tmpMode: number; modes: number[]; marker: string; partMode: number }[] = [];
    whileCopied(desk, () => {
      const tmp = backupTempDir(desk.dataDir);
      const names = readdirSync(tmp).sort();
      const marker = names.find((n) => n.endsWith('.target'));
      const part = marker ? readFileSync(join(tmp, marker), 'utf8') : '';
      seen.push({ names, tmpMode: mode(tmp), modes: names.map((n) => mode(join(tmp, n))), marker: part, partMode: existsSync(part) ? mode(part) : -1 });
    });
    await createBackup(desk, out);
    expect(seen).toHaveLength(1);
    const [{ names, tmpMode, modes, marker, partMode }] = seen as [(typeof seen)[0]];
    // `<pid>-<12 hex>.` names every temp file of one run (the sweep's TEMP_NAME).
    const tag = /^(\d+)-([0-9a-f]{12})\.db$/.exec(names[0] ?? '');
    expect(tag?.[1]).toBe(String(process.pid));
    const run = `${tag![1]}-${tag![2]}`;
    expect(names).toEqual([`${run}.db`, `${run}.target`]);
    expect(tmpMode).toBe(0o700);
    expect(modes).toEqual([0o600, 0o600]);
    expect(marker).toBe(`${out}.${run}.part`);
    expect(partMode).toBe(0o600);
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
  });

  it('are all removed when the backup fails, with the journal, WAL and SHM SQLite may leave beside the copy', async () => {
    const desk = await openTestDesk();
    const dir = tempDir();
    const out = join(dir, 'b.bdbackup');
    whileCopied(desk, (copy) => {
      for (const extra of ['-journal', '-wal', '-shm']) writeFileSync(`${copy}${extra}`, 'left by SQLite');
      throw new Error('disk full');
    });
    await expect(createBackup(desk, out)).rejects.toThrow('disk full');
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('of two backups of one desk taken at once are their own: both are written and verified', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布') });
    const dir = tempDir();
    const results = await Promise.all([createBackup(desk, join(dir, 'a.bdbackup')), createBackup(desk, join(dir, 'b.bdbackup'))]);
    expect(results.map((r) => r.materialFiles)).toEqual([1, 1]);
    expect(readdirSync(dir).sort()).toEqual(['a.bdbackup', 'b.bdbackup']);
    for (const f of ['a.bdbackup', 'b.bdbackup']) await expect(restoreBackup(join(dir, f), join(tempDir(), 'r'))).resolves.toMatchObject({ materialFiles: 1 });
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
  });

  it('verify it inside the data folder, not in the system temp folder (a missing one does not stop a backup)', async () => {
    const desk = await openTestDesk();
    const out = join(tempDir(), 'b.bdbackup');
    process.env.TMPDIR = join(tempDir(), 'gone');
    await expect(createBackup(desk, out)).resolves.toMatchObject({ file: out, verified: true });
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
  });

  it('are all removed when a material file goes away while it is written (a client deleted meanwhile): the backup fails, it does not hang', async () => {
    const desk = await openTestDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布') });
    const list = desk.files.list.bind(desk.files);
    desk.files.list = () => {
      const listed = list();
      for (const h of listed) rmSync(desk.files.pathOf(h));
      return listed;
    };
    const dir = tempDir();
    // said in Chinese (the file gone, in which folder), not as the system's ENOENT
    await expect(createBackup(desk, join(dir, 'b.bdbackup'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('不存在或已被移走') });
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describeEachStore('a backup of a data folder whose keyring.json has gone', (openDesk) => {
  it('is refused before anything is written, naming the key file, the folder and what to do', async () => {
    const desk = await openDesk();
    // taken away while the desk is unlocked (a sync tool, an antivirus, a clean-up)
    rmSync(join(desk.dataDir, KEYRING_FILE));
    const dir = tempDir();
    await expect(createBackup(desk, join(dir, 'b.bdbackup'))).rejects.toMatchObject({
      code: 'KEYRING_MISSING',
      message: `数据目录“${desk.dataDir}”缺少密钥文件 keyring.json（可能被同步软件、杀毒软件或清理工具移走了），没有它，备份中加密的数据无法解开，因此没有做备份。请从回收站或该目录以前的备份中取回 keyring.json 放回此目录后重试（取回的密钥文件用做那份备份时的数据密码解锁）。未做任何改动。`,
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(backupTempDir(desk.dataDir))).toBe(false);
  });
});
