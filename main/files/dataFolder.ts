// Whether a data folder without its database is new. A folder that still holds the keyring, a WAL or
// material files once had a database: starting afresh there would create an empty one, and the sweep
// would then see every material file as unreferenced. Such a folder is refused before anything in it
// is touched.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../domain/errors';
import { DB_FILE_NAME } from '../db/open';
import { KEYRING_FILE } from '../secrets/keyring';

export const FILES_DIR_NAME = 'files';
/** A restore's lock in the folder it restores into (holding its pid), and the prefix of its staging folders (`.restore-<pid>-<hex>`). */
export const RESTORE_LOCK = '.restore.lock';
export const RESTORE_STAGING = '.restore-';

/** What a restore under way or interrupted has in the folder: its lock and staging folders, with the pids that wrote them. */
export function restoreLeftovers(dataDir: string): { names: string[]; pids: number[] } {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) return { names: [], pids: [] };
  const names = readdirSync(dataDir).filter((n) => n === RESTORE_LOCK || n.startsWith(RESTORE_STAGING));
  const pids = names.map((n) => {
    let text = '';
    try {
      text = n === RESTORE_LOCK ? readFileSync(join(dataDir, n), 'utf8') : (n.slice(RESTORE_STAGING.length).split('-')[0] ?? '');
    } catch {
      // a lock that is not a readable file names no process: never taken for a dead one's
    }
    return /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  });
  return { names, pids };
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countFiles(join(dir, entry.name));
    else n++;
  }
  return n;
}

/** The database is there (an empty file counts as absent: SQLite had not written it yet). */
export function hasDatabase(dataDir: string): boolean {
  const db = join(dataDir, DB_FILE_NAME);
  return existsSync(db) && statSync(db).size > 0;
}

/** What in the folder shows that it had a database; empty for a new (or empty) folder. */
export function traceOfEarlierStore(dataDir: string): string[] {
  const found: string[] = [];
  if (existsSync(join(dataDir, KEYRING_FILE))) found.push(`密钥文件 ${KEYRING_FILE}`);
  if (existsSync(join(dataDir, `${DB_FILE_NAME}-wal`))) found.push(`数据库日志 ${DB_FILE_NAME}-wal`);
  const files = countFiles(join(dataDir, FILES_DIR_NAME));
  if (files > 0) found.push(`${files} 个材料文件（${FILES_DIR_NAME}/）`);
  return found;
}

/** Refuses a folder whose database is gone while its keyring or files remain; changes nothing. */
export function assertNotBereftOfDatabase(dataDir: string): void {
  if (hasDatabase(dataDir)) return;
  // a restore moves the database in last: a desk opened here meanwhile would make an empty one, and the
  // restore (or its retry) would then find the folder taken
  if (restoreLeftovers(dataDir).names.length) {
    throw new DeskError(
      'CONFLICT',
      `数据目录“${dataDir}”中有一次未完成的备份恢复（${RESTORE_LOCK}）：可能正在恢复，或上次恢复被中断。请等恢复结束后再打开；若恢复已被中断，重新运行同一条 backup restore 命令即可（中断留下的文件会先被清理）。备案助手不会在此新建空数据库，目录未做任何改动。`,
    );
  }
  const trace = traceOfEarlierStore(dataDir);
  if (!trace.length) return;
  throw new DeskError(
    'DB_MISSING',
    `数据目录“${dataDir}”中缺少数据库文件 ${DB_FILE_NAME}，但仍有${trace.join('、')}：这不是新的数据目录，备案助手不会在此新建空数据库，目录中的文件未做任何改动。` +
      `请从备份恢复：用“npm run cli -- --data 空目录 backup restore 备份文件”把最近的备份恢复到一个空目录，再用 --data 或 BEIAN_DESK_DATA 指向它（或将本目录改名保留后，把恢复出的目录放到这里）；不要删除本目录。`,
  );
}
