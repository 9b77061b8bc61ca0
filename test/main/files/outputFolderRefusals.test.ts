// What the system answers a mkdir in an output folder — no permission, a full or read-only disk, a folder
// taken meanwhile — said in Chinese with the folder and the reason. Tests run as root, where no folder
// refuses a write, so mkdir's answer is given here by a stand-in (this file is in the `isolated` project).
import type * as Fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureOutputFolder } from '../../../main/files/outputFolder';
import { tempDir } from '../../helpers';

/** What the stand-in mkdir does: throw the code given; or, for 'folder' and 'file', let someone else put one there first. */
let answer: { code: string } | 'folder' | 'file' | null = null;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const mkdirSync = ((path: string, options?: Fs.MakeDirectoryOptions) => {
    if (answer === 'folder' || answer === 'file') {
      // between the look and the mkdir
      if (answer === 'folder') fs.mkdirSync(path);
      else fs.writeFileSync(path, 'x');
      throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${String(path)}'`), { code: 'EEXIST', syscall: 'mkdir', path });
    }
    if (answer) throw Object.assign(new Error(`${answer.code}: refused, mkdir '${String(path)}'`), { code: answer.code, syscall: 'mkdir', path });
    return fs.mkdirSync(path, options);
  }) as typeof fs.mkdirSync;
  return { ...fs, mkdirSync, default: { ...fs, mkdirSync } };
});

afterEach(() => {
  answer = null;
});

describe('an output folder the system refuses', () => {
  it.each([
    ['EACCES', '没有写入权限。请换一个文件夹，或请管理员开放写入权限'],
    ['EPERM', '没有写入权限。请换一个文件夹，或请管理员开放写入权限'],
    ['ENOSPC', '磁盘已满。请腾出空间后重试，或换一个文件夹'],
    ['EROFS', '磁盘是只读的。请换一个文件夹'],
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
});
