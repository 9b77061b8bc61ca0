// 设置 → 备份 → 恢复: a backup file restored into an empty data folder chosen by path, as a job. The
// checks are the CLI's (main/backup/ restoreBackup: names, sums, integrity, schema; only an empty
// folder), plus the data passphrase the backup was made with, so a wrong one is refused before the
// folder is put in place rather than discovered at the first unlock.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { DeskError } from '../domain/errors';
import { appendAudit } from '../db/repositories/audit';
import type { Desk } from '../desk';
import { syncDir } from '../files/atomicWrite';
import { fileSystemError } from '../files/outputFolder';
import type { JobControl } from '../jobs/jobs';
import { readKeyring, unwrapWithPassphrase } from '../secrets/keyring';

export interface RestoreRequest {
  file: string;
  dataDir: string;
  passphrase: string;
}

export interface RestoreResult {
  dataDir: string;
  materialFiles: number;
  schemaVersion: number;
}

/** The steps the job reports: verify and unpack, check the passphrase, put the folder in place. */
const STEPS = 3;

function isInside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!!r && !r.startsWith('..') && !isAbsolute(r));
}

/**
 * What can be refused at once, before a job starts: the backup file exists, the target is an empty
 * folder (or does not exist yet) outside the data folder in use.
 */
export function checkRestoreTarget(desk: Desk, request: Pick<RestoreRequest, 'file' | 'dataDir'>): { file: string; target: string } {
  const file = resolve(request.file);
  const target = resolve(request.dataDir);
  if (!existsSync(file) || !statSync(file).isFile()) throw new DeskError('NOT_FOUND', `找不到备份文件：${file}`, [{ path: ['file'], message: '请填写备份文件（.bdbackup）的完整路径' }]);
  if (isInside(target, resolve(desk.dataDir)) || isInside(resolve(desk.dataDir), target)) {
    throw new DeskError('CONFLICT', `不能恢复到当前正在使用的数据目录（${resolve(desk.dataDir)}）或其上级、下级目录；请选择一个新的空目录`, [{ path: ['dataDir'], message: '请选择一个新的空目录' }]);
  }
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new DeskError('CONFLICT', `目标数据目录不是空的：${target}。恢复只写入空目录，以免覆盖现有数据；请选择一个新的空目录`, [{ path: ['dataDir'], message: '目录不是空的' }]);
  }
  return { file, target };
}

export async function restoreIntoEmptyFolder(desk: Desk, request: RestoreRequest, control: JobControl): Promise<RestoreResult> {
  const { file, target } = checkRestoreTarget(desk, request);
  control.progress(0, STEPS);
  // Unpacked beside the target first: the target only ever appears complete, with a passphrase that opens it.
  const staging = join(dirname(target), `.${basename(target)}.restore-${randomBytes(4).toString('hex')}`);
  try {
    // the backup reader (yazl, yauzl, the team backup's pg tools) loads when a backup is restored
    const { restoreBackup } = await import('../backup/backup');
    const restored = await restoreBackup(file, staging, { folder: target });
    control.progress(1, STEPS);
    const keyring = readKeyring(staging);
    if (!keyring) throw new DeskError('ARCHIVE_INVALID', '备份中没有密钥文件，无法恢复');
    try {
      unwrapWithPassphrase(keyring, request.passphrase).fill(0);
    } catch {
      throw new DeskError('WRONG_PASSPHRASE', '数据密码与这份备份不符：请输入做备份时使用的数据密码。目标目录未被写入', [{ path: ['passphrase'], message: '数据密码不正确' }]);
    }
    control.progress(2, STEPS);
    if (existsSync(target)) {
      // Still empty (checked again here: something may have been put there while the job ran).
      if (readdirSync(target).length > 0) throw new DeskError('CONFLICT', `目标数据目录在恢复期间被写入了文件：${target}。未覆盖任何文件，请选择一个新的空目录`);
      rmdirSync(target);
    }
    renameSync(staging, target);
    // the restored folder survives a power cut only once the folder holding it is flushed
    syncDir(dirname(target));
    control.progress(3, STEPS);
    await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'backup.restore', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: restored.materialFiles } }));
    return { dataDir: target, materialFiles: restored.materialFiles, schemaVersion: restored.schemaVersion };
  } catch (err) {
    // a full disk or a folder taken away half-way through is the operator's to fix, so it is told how
    throw fileSystemError(err, target) ?? err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
