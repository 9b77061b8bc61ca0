// What SQLite refuses about the store itself (a full or read-only disk, a damaged file, another writer) as the
// operator is told it: which data folder and what to do. Every place a raw SQLite error can surface (the API's
// error mapping, the CLI's last catch, opening the store, the hosts' start) asks here, so the operator never
// reads 内部错误 or SQLite's English for something that is theirs to fix.
//
// Only the data folder is named: it holds no personal value (never a client's file name or a row's content).
import { resolve } from 'node:path';
import { dbBusyError, DeskError } from '../domain/errors';
import { fileSystemError } from '../files/outputFolder';

/** SQLite's extended result code ('SQLITE_IOERR_SHMSIZE', …), or '' for anything that is not a SQLite error. */
function sqliteCode(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : '';
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

const is = (code: string, primary: string) => code === primary || code.startsWith(`${primary}_`);

/** The way back from a damaged store, as the other refusals of a damaged data folder say it. */
const RESTORE = '请从备份恢复：用“npm run cli -- --data 空目录 backup restore 备份文件”把最近的备份恢复到一个新的数据目录';

/**
 * `err` as the operator is told it when it is SQLite's refusal about the store in data folder `folder`;
 * undefined for any other error (a constraint, a bug: the caller keeps its own mapping).
 *
 * The disk's refusals are VALIDATION, as fileSystemError (files/outputFolder.ts) says the same of a folder:
 * they are the operator's to fix, not the program's failure.
 */
export function storeError(err: unknown, folder: string): DeskError | undefined {
  if (err instanceof DeskError) return undefined;
  const code = sqliteCode(err);
  if (!code) return undefined;
  // the extended kinds (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE) are told as the primary ones
  if (is(code, 'SQLITE_BUSY') || is(code, 'SQLITE_LOCKED')) return dbBusyError({ code: 'SQLITE_BUSY' });
  if (is(code, 'SQLITE_FULL')) {
    return new DeskError('VALIDATION', `数据目录“${folder}”所在的磁盘已满，本次操作未完成，数据未被修改。请腾出磁盘空间后重试。`);
  }
  if (is(code, 'SQLITE_CORRUPT') || is(code, 'SQLITE_NOTADB')) {
    return new DeskError('DB_CORRUPT', `数据目录“${folder}”中的数据库已损坏（${code}），无法继续使用，${RESTORE}；损坏的数据目录请保留，不要删除。`);
  }
  if (code === 'SQLITE_READONLY_DBMOVED') {
    return new DeskError('VALIDATION', `数据目录“${folder}”中的数据库文件在使用中被移走或删除，无法保存。请关闭备案助手，确认数据目录完好后重新打开。`);
  }
  if (is(code, 'SQLITE_READONLY')) {
    return new DeskError('VALIDATION', `无法写入数据目录“${folder}”中的数据库：磁盘是只读的，或没有写入权限。请确认该磁盘可写、文件夹有写入权限后重试；数据未被修改。`);
  }
  if (is(code, 'SQLITE_CANTOPEN')) {
    return new DeskError('VALIDATION', `无法打开数据目录“${folder}”中的数据库文件：文件夹不存在、没有读写权限或磁盘已拔出。请检查该文件夹后重试；数据未被修改。`);
  }
  if (is(code, 'SQLITE_IOERR')) {
    // growing the shared-memory index is the first write a full disk refuses on opening
    const why = code === 'SQLITE_IOERR_SHMSIZE' ? '磁盘空间不足' : '磁盘读写出错，磁盘可能已满、已拔出或已损坏';
    return new DeskError('VALIDATION', `数据目录“${folder}”中的数据库无法读写（${code}）：${why}。本次操作未完成。请检查该磁盘、腾出空间后重试。`);
  }
  return undefined;
}

/**
 * What refused opening the store in data folder `dir` (or anything after, up to a host's first unlock), as the
 * operator is told it: SQLite's refusals (storeError), else the system's about the folder (a read-only disk
 * refusing the owner-only chmod, no permission); `err` itself when it is neither. Light on purpose: a host
 * that failed to load the store's native module still asks here.
 */
export function openingError(err: unknown, dir: string): unknown {
  if (err instanceof DeskError) return err;
  // fileSystemError names the folder holding the path an error names; the chmod of the data folder names the
  // folder itself, which is the one to name (not its parent)
  const path = (err as { path?: unknown } | null | undefined)?.path;
  const aboutFolder = typeof path === 'string' && resolve(path) === resolve(dir) ? { code: (err as { code?: unknown }).code } : err;
  return storeError(err, dir) ?? fileSystemError(aboutFolder, dir) ?? err;
}
