// A backup of the open desk into a folder the operator chose, under a dated name.
import { join, resolve } from 'node:path';
import type { Desk } from '../desk';
import { createBackup, defaultBackupName, type BackupResult } from '../backup/backup';

export async function backupInto(desk: Desk, dir: string): Promise<BackupResult> {
  return await createBackup(desk, join(resolve(dir), defaultBackupName(desk.ctx.now())));
}
