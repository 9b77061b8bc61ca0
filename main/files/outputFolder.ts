// Folders the operator names (a backup folder, a batch's output folder, a USB stick) are made here, and what
// the system refuses there is told in Chinese, naming the folder and the reason.
//
// Not mkdirSync(dir, { recursive: true }): Node 20's recursive mkdir loops for ever when mkdir answers ENOENT
// although the parent exists (/proc/nope on Linux, some network and FUSE file systems), which froze the
// whole desk — and on a team server every operator's — at 100% CPU. Each missing level is made on its own,
// so every refusal ends in an error.
import { mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { DeskError } from '../domain/errors';
import { claimFreeName, writeFileAtomic } from './atomicWrite';

/** A Node system error's code ('ENOSPC', 'EACCES', …), or '' for anything else. */
function codeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : '';
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : '';
}

/** Why the system refused a folder or a file in it, in Chinese and short (it goes inside a sentence); null when the code is not one of the known ones. */
function knownReason(code: string): string | null {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return '路径中有一部分是文件而不是文件夹';
    case 'EACCES':
    case 'EPERM':
      return '没有写入权限';
    case 'EROFS':
      return '磁盘是只读的';
    case 'ENOSPC':
      return '磁盘已满';
    case 'EDQUOT':
      return '超出了磁盘配额';
    case 'ENOENT':
      return '文件夹不存在或已被移走';
    case 'ENAMETOOLONG':
      return '路径太长';
    case 'ELOOP':
      return '路径中的链接绕成了一个圈';
    case 'EIO':
      return '磁盘读写出错';
    // Stryker disable next-line ConditionalExpression: an empty default returns undefined, which every caller reads with ?? or ! like null
    default:
      return null;
  }
}

/** Why a folder could not take a file, in Chinese and short, for a message that names the folder itself. */
export function folderReason(err: unknown): string {
  return knownReason(codeOf(err)) ?? '无法写入';
}

/** What the operator can do about it. */
function remedy(code: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return '请腾出空间后重试，或换一个文件夹';
  if (code === 'EACCES' || code === 'EPERM') return '请换一个文件夹，或请管理员开放写入权限';
  if (code === 'EIO') return '请检查磁盘后重试，或换一个文件夹';
  return '请换一个文件夹';
}

/** An output folder the system refused: `reason` is the short Chinese why, for a caller that says it in its own sentence. */
export class FolderRefused extends DeskError {
  constructor(
    readonly folder: string,
    readonly reason: string,
    hint: string,
  ) {
    super('VALIDATION', `无法写入文件夹“${folder}”：${reason}。${hint}`);
  }
}

const refused = (folder: string, code: string, reason = folderReason({ code })) => new FolderRefused(folder, reason, remedy(code));

/**
 * Makes `dir` and its missing parents and returns it resolved. Refuses with a FolderRefused (a DeskError) that
 * names the folder and the reason: a file on the way, no permission, a full or read-only disk, a folder
 * that cannot be made where the system says it cannot.
 */
export function ensureOutputFolder(dir: string, options: { mode?: number } = {}): string {
  makeFolderLevels(dir, options);
  return resolve(dir);
}

/**
 * ensureOutputFolder for a caller that removes what it made when done (as `mkdirSync(dir, { recursive: true })`
 * answers): the first level it had to make, or undefined when the folder was already there.
 */
export function makeFolderLevels(dir: string, options: { mode?: number } = {}): string | undefined {
  const target = resolve(dir);
  const missing: string[] = [];
  // up to the first level that exists: it must be a folder
  for (let at = target; ; at = dirname(at)) {
    let isFolder: boolean;
    try {
      isFolder = statSync(at).isDirectory();
    } catch (err) {
      const code = codeOf(err);
      // ENOTDIR: a level further up is a file, found on the way up
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) {
        missing.unshift(at);
        continue;
      }
      throw refused(target, code);
    }
    if (!isFolder) throw refused(target, 'ENOTDIR', `路径中的“${basename(at) || at}”是文件，不是文件夹`);
    break;
  }
  for (const [i, level] of missing.entries()) {
    try {
      mkdirSync(level, options.mode === undefined ? {} : { mode: options.mode });
    } catch (err) {
      const code = codeOf(err);
      // made meanwhile by someone else: fine if it is a folder
      // Stryker disable next-line ConditionalExpression: a level mkdir refused for another reason is a folder only if someone made it meanwhile, which is as fine
      if (code === 'EEXIST' && statSync(level, { throwIfNoEntry: false })?.isDirectory()) continue;
      // refused half-way: the caller gets no answer to take back by, so the levels made above are taken back here
      // (while still empty), or a refused export would leave empty folders on the operator's disk
      if (i > 0) removeFolderLevels(missing[i - 1]!, missing[0]!);
      if (code === 'EEXIST') throw refused(target, code, `路径中的“${basename(level)}”是文件，不是文件夹`);
      if (code === 'ENOENT') throw refused(target, code, `无法在“${dirname(level)}”中创建文件夹`);
      throw refused(target, code);
    }
  }
  return missing[0];
}

/**
 * Takes back what makeFolderLevels made for `dir`: each level from `dir` up to `first` (its answer), deepest first,
 * while it is still empty — a file someone put there meanwhile keeps its folder, and nothing above `first` is touched.
 */
export function removeFolderLevels(dir: string, first: string): void {
  const top = resolve(first);
  for (let at = resolve(dir); at === top || at.startsWith(top.endsWith(sep) ? top : top + sep); at = dirname(at)) {
    // Stryker disable BlockStatement: going on after a refused level would only fail again level by level (each parent holds the child left)
    try {
      rmdirSync(at);
    } catch {
      return;
    }
    // Stryker restore BlockStatement
    // Stryker disable next-line ConditionalExpression: the loop's own test stops above `top` as well
    if (at === top) return;
  }
}

/**
 * An export's output folder: `make()` makes it (again at the write, should it have gone meanwhile) and returns it
 * resolved; `takeBack()`, for an export that ends without its file (failed, cancelled), removes the levels made for
 * it — here, or before the export by its own check (`madeBefore`, makeFolderLevels' answer) — deepest first and only
 * while still empty: an operator who chose a new folder on a USB stick finds no empty one left by an export that
 * wrote nothing, and a folder they had, or one holding anything, stays.
 */
export function exportFolder(dir: string, madeBefore?: string): { make: () => string; takeBack: () => void } {
  let first = madeBefore;
  return {
    make: () => {
      const made = makeFolderLevels(dir);
      first ??= made;
      return resolve(dir);
    },
    takeBack: () => {
      if (first) removeFolderLevels(dir, first);
    },
  };
}

/**
 * An export that writes one file into `dir` (a package, a transfer archive): the folder made first, so a refused one
 * costs nothing; `run` is handed the write — writeExportFile into the folder, made again should it have gone, which
 * returns how to take the file back — and the levels made for the export (`madeBefore` included) are taken back
 * while empty if it ends without its file.
 */
export async function exportInto<T>(dir: string, madeBefore: string | undefined, run: (write: (name: string, data: Uint8Array) => () => void) => Promise<T>): Promise<{ result: T; file: string }> {
  const out = exportFolder(dir, madeBefore);
  try {
    out.make();
    let file = '';
    const result = await run((name, data) => {
      const written = writeExportFile(out.make(), name, data);
      file = written.file;
      return written.takeBack;
    });
    return { result, file };
  } catch (err) {
    out.takeBack();
    throw err;
  }
}

/**
 * A Node system error met while reading or writing files (ENOSPC half-way through a write, EACCES on a file)
 * as a DeskError naming the folder — that of the file the error names (never the file's own name, which may
 * hold a client's name), else `folder`, the one the work was writing into (an error of a write to an open
 * file names no path) — or null when `err` is no such error. No stack, no message of the lower layer: only
 * the code and the path are read.
 */
export function fileSystemError(err: unknown, folder?: string): DeskError | null {
  if (err instanceof DeskError) return null;
  // a program that could not be started is not a folder's fault (`?.`: a thrown null or undefined is no system error either)
  if (String((err as { syscall?: unknown } | null | undefined)?.syscall ?? '').startsWith('spawn')) return null;
  const code = codeOf(err);
  // EEXIST means a file on the way only to mkdir; to an open it means a name already taken
  const reason = code === 'EEXIST' ? null : knownReason(code);
  if (!reason) return null;
  const path = typeof (err as { path?: unknown }).path === 'string' ? (err as { path: string }).path : null;
  const where = path ? dirname(resolve(path)) : (folder ?? null);
  if (code === 'ENOENT') {
    return new DeskError('NOT_FOUND', where ? `找不到文件夹“${where}”中要用的文件或文件夹：它不存在或已被移走。请检查后重试` : '找不到要用的文件或文件夹：它不存在或已被移走。请检查后重试');
  }
  // only these are surely a write; a permission or a file on the way may as well have stopped a read
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS') {
    return where ? refused(where, code, reason) : new DeskError('VALIDATION', `无法写入文件：${reason}。${remedy(code)}`);
  }
  const said = code === 'EACCES' || code === 'EPERM' ? '没有读写权限' : reason;
  return new DeskError('VALIDATION', `${where ? `无法读写文件夹“${where}”中的文件` : '无法读写文件'}：${said}。${remedy(code)}`);
}

/**
 * An export's file written into `folder` under `name`, or numbered beside a file already there (claimFreeName), temp
 * then rename; a failed write leaves neither the claim nor a temp file, and is told as the folder's problem. Returns
 * the file and how to take it back (an export whose log entry cannot be written is no export).
 */
export function writeExportFile(folder: string, name: string, data: Uint8Array): { file: string; takeBack: () => void } {
  // Stryker disable next-line StringLiteral: any text works as "no name claimed yet" — force makes removing a name not there a no-op
  let file = '';
  try {
    file = claimFreeName(folder, name);
    writeFileAtomic(file, data);
  } catch (err) {
    // Stryker disable next-line ConditionalExpression,ObjectLiteral,BooleanLiteral: the claimed file is there when reached (a no-op when not), so `force` changes nothing
    if (file) rmSync(file, { force: true });
    throw fileSystemError(err, folder) ?? err;
  }
  return { file, takeBack: () => rmSync(file, { force: true }) };
}
