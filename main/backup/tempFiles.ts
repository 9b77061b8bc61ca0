// Temp files of `backup create` in the data folder, and the sweep of those a killed run left. Kept apart
// from backup.ts so that opening a desk does not load the zip libraries.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alive as processAlive } from '../files/writers';

/** Where a backup being written keeps its database copy, in the data folder (swept on the next start). */
export const backupTempDir = (dataDir: string) => join(dataDir, 'tmp', 'backup');
// `<pid>-<12 hex>` names every temp file of one run, so a later start knows whose they are.
const TEMP_NAME = /^(\d+)-([0-9a-f]{12})\./;

/**
 * Removes what a killed `backup create` left: its database copy and verify folder in the data folder's
 * tmp/backup, and the partial backup beside its target. Files of a process still running are kept.
 */
export function sweepBackupLeftovers(dataDir: string): number {
  const tmp = backupTempDir(dataDir);
  if (!existsSync(tmp)) return 0;
  let removed = 0;
  for (const name of readdirSync(tmp)) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const path = join(tmp, name);
    if (name.endsWith('.target')) {
      const part = readFileSync(path, 'utf8');
      // Only the file this run named; a marker cut short by the kill names nothing that ends so.
      if (part.endsWith(`.${m[1]}-${m[2]}.part`) && existsSync(part)) {
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: `force` on a file found a moment before (only a second sweep running at once tells them apart)
        rmSync(part, { force: true });
        removed++;
      }
    }
    // Stryker disable next-line BooleanLiteral: `force` on a name readdirSync listed a moment before (as above)
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

