// The data folder holds personal data (PIPL): on POSIX it and everything in it is for the owner only
// (folders 0700, files 0600), whatever the umask. Windows has no such modes and ignores them.
import { chmodSync } from 'node:fs';
import { ensureOutputFolder } from './outputFolder';

export const OWNER_DIR_MODE = 0o700;
export const OWNER_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates the folder (and missing parents) if needed and restricts the folder itself to its owner. */
export function ownerOnlyDir(dir: string): void {
  // the data folder may be one the operator typed: refused in Chinese, never the recursive mkdir's endless loop
  ensureOutputFolder(dir, { mode: OWNER_DIR_MODE });
  // Stryker disable next-line ConditionalExpression: the Windows branch cannot run on the POSIX machines the tests run on
  if (posix) chmodSync(dir, OWNER_DIR_MODE);
}

/** Restricts an existing file to its owner; a file that is not there (a WAL not yet created) is fine. */
export function ownerOnlyFile(file: string): void {
  // Stryker disable next-line ConditionalExpression: the Windows branch cannot run on the POSIX machines the tests run on
  if (!posix) return;
  try {
    chmodSync(file, OWNER_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
