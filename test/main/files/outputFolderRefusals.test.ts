// What the system answers a mkdir in an output folder — no permission, a full or read-only disk, a folder
// taken meanwhile — said in Chinese with the folder and the reason. Tests run as root, where no folder
// refuses a write, so mkdir's answer is given here by a stand-in (this file is in the `isolated` project),
// and so is stat's, for a level on the way that cannot be looked at.
import type * as Fs from 'node:fs';
import { existsSync, readdirSync } from 'node:fs';
import { join, parse } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureOutputFolder, makeFolderLevels } from '../../../main/files/outputFolder';
import { tempDir } from '../../helpers';

/** What the stand-in mkdir does: throw the code given (or an error without one: ''); or, for 'folder' and 'file', let someone else put one there first; for 'nothing', say EEXIST with nothing there. */
let answer: { code: string } | 'folder' | 'file' | 'nothing' | null = null;
/** When set, the stand-in mkdir gives its answer for this level alone and makes the others for real. */
let answerAt: string | null = null;
/** What the stand-in stat answers for a path: throw a code, say it is a file, or (undefined) look for real. */
let statAnswer: ((path: string) => { code: string } | 'file' | undefined) | null = null;
/** The levels the stand-in mkdir was asked to make. */
const made: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const mkdirSync = ((path: string, options?: Fs.MakeDirectoryOptions) => {
    made.push(String(path));
    if (answerAt !== null && String(path) !== answerAt) return fs.mkdirSync(path, options);
    if (answer === 'folder' || answer === 'file' || answer === 'nothing') {
      // between the look and the mkdir
      if (answer === 'folder') fs.mkdirSync(path);
      else if (answer === 'file') fs.writeFileSync(path, 'x');
      throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${String(path)}'`), { code: 'EEXIST', syscall: 'mkdir', path });
    }
    if (answer?.code === '') throw new Error(`refused, mkdir '${String(path)}'`);
    if (answer) throw Object.assign(new Error(`${answer.code}: refused, mkdir '${String(path)}'`), { code: answer.code, syscall: 'mkdir', path });
    return fs.mkdirSync(path, options);
  }) as typeof fs.mkdirSync;
  const statSync = ((path: string, options?: Fs.StatSyncOptions) => {
    const said = statAnswer?.(String(path));
    if (said === 'file') return { isDirectory: () => false };
    if (said) throw Object.assign(new Error(`${said.code}: refused, stat '${String(path)}'`), { code: said.code, syscall: 'stat', path });
    return fs.statSync(path, options);
  }) as typeof fs.statSync;
  return { ...fs, mkdirSync, statSync, default: { ...fs, mkdirSync, statSync } };
});

afterEach(() => {
  answer = null;
  answerAt = null;
  statAnswer = null;
  made.length = 0;
});

describe('an output folder the system refuses', () => {
  it.each([
    ['EACCES', '没有写入权限。请换一个文件夹，或请管理员开放写入权限'],
    ['EPERM', '没有写入权限。请换一个文件夹，或请管理员开放写入权限'],
    ['ENOSPC', '磁盘已满。请腾出空间后重试，或换一个文件夹'],
    ['EROFS', '磁盘是只读的。请换一个文件夹'],
    ['EDQUOT', '超出了磁盘配额。请腾出空间后重试，或换一个文件夹'],
    ['EIO', '磁盘读写出错。请检查磁盘后重试，或换一个文件夹'],
    ['ENAMETOOLONG', '路径太长。请换一个文件夹'],
    ['ELOOP', '路径中的链接绕成了一个圈。请换一个文件夹'],
    ['ENOTDIR', '路径中有一部分是文件而不是文件夹。请换一个文件夹'],
    ['EBUSY', '无法写入。请换一个文件夹'],
    ['', '无法写入。请换一个文件夹'],
  ])('%s: names the folder and the reason', (code, said) => {
    const dir = join(tempDir(), 'U盘', '备份');
    answer = { code };
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ code: 'VALIDATION', folder: dir, message: `无法写入文件夹“${dir}”：${said}` }));
  });

  it('ENOENT although the parent is there: says where the folder could not be made', () => {
    const parent = tempDir();
    const dir = join(parent, '备份');
    answer = { code: 'ENOENT' };
    expect(() => ensureOutputFolder(dir)).toThrow(`无法写入文件夹“${dir}”：无法在“${parent}”中创建文件夹。请换一个文件夹`);
  });

  it('a level someone else made meanwhile is taken if it is a folder, refused if it is a file', () => {
    const made = join(tempDir(), '备份');
    answer = 'folder';
    expect(ensureOutputFolder(made)).toBe(made);
    const dir = join(tempDir(), '备份');
    answer = 'file';
    expect(() => ensureOutputFolder(dir)).toThrow(`无法写入文件夹“${dir}”：路径中的“备份”是文件，不是文件夹。请换一个文件夹`);
  });

  it('EEXIST with nothing there: refused, naming the folder, not a raw error', () => {
    const dir = join(tempDir(), '备份');
    answer = 'nothing';
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ code: 'VALIDATION', folder: dir, message: `无法写入文件夹“${dir}”：路径中的“备份”是文件，不是文件夹。请换一个文件夹` }));
  });
});

describe('a level on the way the system will not let be looked at', () => {
  it('the folder itself: refused with the reason, nothing made', () => {
    const dir = join(tempDir(), '备份');
    statAnswer = (path) => (path === dir ? { code: 'EACCES' } : undefined);
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ code: 'VALIDATION', folder: dir, message: `无法写入文件夹“${dir}”：没有写入权限。请换一个文件夹，或请管理员开放写入权限` }));
    expect(made).toEqual([]);
  });

  it('a parent further up: the folder asked for is named, nothing made', () => {
    const parent = join(tempDir(), 'U盘');
    const dir = join(parent, '备份', '十二月');
    statAnswer = (path) => (path === parent ? { code: 'EIO' } : undefined);
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ folder: dir, message: `无法写入文件夹“${dir}”：磁盘读写出错。请检查磁盘后重试，或换一个文件夹` }));
    expect(made).toEqual([]);
  });

  it('no level there up to the root: the folder is said not to exist, and the walk up ends', () => {
    const dir = join(tempDir(), '备份');
    statAnswer = () => ({ code: 'ENOENT' });
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ folder: dir, message: `无法写入文件夹“${dir}”：文件夹不存在或已被移走。请换一个文件夹` }));
    expect(made).toEqual([]);
  });

  it('a root that is no folder is named by its path', () => {
    const dir = join(tempDir(), '备份');
    const root = parse(dir).root;
    statAnswer = (path) => (path === root ? 'file' : { code: 'ENOENT' });
    expect(() => ensureOutputFolder(dir)).toThrow(expect.objectContaining({ folder: dir, message: `无法写入文件夹“${dir}”：路径中的“${root}”是文件，不是文件夹。请换一个文件夹` }));
    expect(made).toEqual([]);
  });

  it('the missing levels are made from the top down, each once', () => {
    const top = tempDir();
    const dir = join(top, 'a', 'b', 'c');
    expect(ensureOutputFolder(dir)).toBe(dir);
    expect(made).toEqual([join(top, 'a'), join(top, 'a', 'b'), dir]);
  });
});

describe('a level refused after the levels above it were made', () => {
  it('takes back the levels it made before the refusal, and leaves the folder that was there', () => {
    const base = tempDir();
    const dir = join(base, 'U盘', '备份', '十二月');
    answer = { code: 'EACCES' };
    answerAt = join(base, 'U盘', '备份');
    expect(() => makeFolderLevels(dir)).toThrow(expect.objectContaining({ code: 'VALIDATION', folder: dir, message: `无法写入文件夹“${dir}”：没有写入权限。请换一个文件夹，或请管理员开放写入权限` }));
    expect(made).toEqual([join(base, 'U盘'), join(base, 'U盘', '备份')]);
    expect(existsSync(base)).toBe(true);
    expect(readdirSync(base)).toEqual([]);
  });

  it('a file someone put on the way keeps the level it is in: no folder holding anything is removed', () => {
    const base = tempDir();
    const dir = join(base, 'U盘', '备份', '十二月');
    answer = 'file';
    answerAt = join(base, 'U盘', '备份');
    expect(() => ensureOutputFolder(dir)).toThrow(`无法写入文件夹“${dir}”：路径中的“备份”是文件，不是文件夹。请换一个文件夹`);
    expect(readdirSync(base)).toEqual(['U盘']);
    expect(readdirSync(join(base, 'U盘'))).toEqual(['备份']);
  });
});
