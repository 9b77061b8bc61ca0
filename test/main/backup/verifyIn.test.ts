// `backup verify` from the CLI unpacks the database and keyring.json of the backup to check them. That private
// copy belongs in the data folder's tmp/backup under the run's pid tag — not the OS temp folder, where a
// Ctrl-C left it for good — so that the next start or verify sweeps what a killed run left.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { backupTempDir, createBackup, verifyBackupIn } from '../../../main/backup/backup';
import { DB_FILE_NAME } from '../../../main/db/open';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

// every folder the backup code makes, to see where the verify's private copy went
const made: string[] = [];
vi.mock('node:fs', async (original) => {
  const real = await original<typeof fs>();
  return {
    ...real,
    mkdirSync: (path: fs.PathLike, options?: fs.MakeDirectoryOptions & { recursive: true }) => {
      made.push(String(path));
      return real.mkdirSync(path, options);
    },
    mkdtempSync: (prefix: string, options?: fs.EncodingOption) => {
      made.push(`${prefix}XXXXXX`);
      return real.mkdtempSync(prefix, options);
    },
  };
});

async function backupFile(): Promise<string> {
  const desk = await openTestDesk();
  await createClients(desk, [clientRecordSchema.parse(companyRecord(1, { name: '深圳市校验测试科技有限公司' }))]);
  const file = join(tempDir(), 'b.bdbackup');
  await createBackup(desk, file);
  return file;
}

/** A pid no process has now: one that just ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
}

describe('backup verify (CLI)', () => {
  it('unpacks into the data folder\'s tmp/backup under its pid tag, never the OS temp folder, and leaves a new folder as empty as it was', async () => {
    const file = await backupFile();
    const dataDir = join(tempDir(), 'new-desk'); // verifying before restoring into a folder not made yet
    made.length = 0;
    await expect(verifyBackupIn(dataDir, file)).resolves.toMatchObject({ manifest: { format: 1 } });
    const work = made.filter((d) => d.endsWith('.verify'));
    expect(work).toHaveLength(1);
    expect(work[0]!.startsWith(join(backupTempDir(dataDir), `${process.pid}-`))).toBe(true);
    expect(made.some((d) => d.startsWith(tmpdir()) && !d.startsWith(dataDir) && d.includes('beian-desk-verify'))).toBe(false);
    // nothing left where a restore will want an empty folder, and nothing above it taken away
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(dirname(dataDir))).toBe(true);
  });

  it('leaves the tmp/backup folder of a data folder that had it', async () => {
    const file = await backupFile();
    const dataDir = tempDir();
    mkdirSync(backupTempDir(dataDir), { recursive: true });
    await verifyBackupIn(dataDir, file);
    expect(readdirSync(backupTempDir(dataDir))).toEqual([]);
  });

  it('sweeps the private copy a killed verify (Ctrl-C) left, and keeps one of a process still running', async () => {
    const file = await backupFile();
    const dataDir = tempDir();
    const tmp = backupTempDir(dataDir);
    const killed = join(tmp, `${deadPid()}-0123456789ab.verify`);
    const running = join(tmp, `${process.pid}-ba9876543210.verify`);
    for (const d of [killed, running]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, DB_FILE_NAME), 'SQLite format 3\0 深圳市校验测试科技有限公司');
      writeFileSync(join(d, 'keyring.json'), '{}');
    }
    await verifyBackupIn(dataDir, file);
    expect(readdirSync(tmp)).toEqual([running.slice(tmp.length + 1)]);
  });

  it('refuses a data folder that is a file in Chinese, naming it, and makes nothing', async () => {
    const file = await backupFile();
    const notAFolder = join(tempDir(), 'desk-data');
    writeFileSync(notAFolder, 'not a folder');
    await expect(verifyBackupIn(notAFolder, file)).rejects.toThrow(`无法写入文件夹“${backupTempDir(notAFolder)}”：路径中的“desk-data”是文件，不是文件夹`);
  });
});
