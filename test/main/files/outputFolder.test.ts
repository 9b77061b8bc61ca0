// A folder the operator names (backup, batch output, USB stick) is made level by level, and what the system
// refuses is said in Chinese naming the folder and the reason — never an endless recursive mkdir, never
// 内部错误. What the system refuses later, half-way through a write, is said the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { ensureOutputFolder, exportFolder, exportInto, fileSystemError, folderReason, FolderRefused, makeFolderLevels, removeFolderLevels, writeExportFile } from '../../../main/files/outputFolder';
import { tempDir } from '../../helpers';

const systemError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: something, open '/x/张三.pdf'`), { code, errno: -1, syscall: 'open', ...extra });

describe('removeFolderLevels', () => {
  it('takes back the levels makeFolderLevels made, deepest first, and nothing above them', () => {
    const root = tempDir();
    const dir = join(root, 'U盘', '转移', '十二月');
    const first = makeFolderLevels(dir);
    expect(first).toBe(join(root, 'U盘'));
    removeFolderLevels(dir, first!);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(root)).toBe(true);
  });

  it('keeps a level someone put a file in meanwhile, and the levels above it', () => {
    const root = tempDir();
    const dir = join(root, 'U盘', '转移', '十二月');
    const first = makeFolderLevels(dir)!;
    writeFileSync(join(root, 'U盘', '转移', '别人的.txt'), 'x');
    removeFolderLevels(dir, first);
    expect(readdirSync(join(root, 'U盘', '转移'))).toEqual(['别人的.txt']);
  });

  it('touches no folder outside the one it is told it made, an empty one included', () => {
    const root = tempDir();
    const dir = join(root, '空的', '转移');
    ensureOutputFolder(dir);
    // a `first` that is not above `dir` (a caller's slip) removes nothing
    removeFolderLevels(dir, join(root, '别处'));
    expect(statSync(dir).isDirectory()).toBe(true);
    // only `dir` made: its empty parent stays
    removeFolderLevels(dir, dir);
    expect(readdirSync(join(root, '空的'))).toEqual([]);
    // a name that only starts like `first` is no level under it
    ensureOutputFolder(join(root, 'U盘-2', 'x'));
    removeFolderLevels(join(root, 'U盘-2', 'x'), join(root, 'U盘'));
    expect(readdirSync(join(root, 'U盘-2'))).toEqual(['x']);
  });
});

describe('exportFolder', () => {
  it('takes back the levels made for the export, by its check before it or by itself, and nothing it found there', () => {
    const root = tempDir();
    const dir = join(root, 'U盘', '导出');
    // made by the check before the export: the export's to take back
    const before = makeFolderLevels(dir);
    const out = exportFolder(dir, before);
    expect(out.make()).toBe(dir);
    out.takeBack();
    expect(readdirSync(root)).toEqual([]);
    // made by the export itself, and made again at the write when it went meanwhile
    const own = exportFolder(dir);
    own.make();
    removeFolderLevels(dir, join(root, 'U盘'));
    expect(own.make()).toBe(dir);
    own.takeBack();
    expect(readdirSync(root)).toEqual([]);
    // a folder that was there stays
    const there = tempDir();
    const found = exportFolder(there);
    found.make();
    found.takeBack();
    expect(existsSync(there)).toBe(true);
  });
});

describe('exportInto', () => {
  it('hands the export its write into the folder and answers with the result and the file written', async () => {
    const root = tempDir();
    const dir = join(root, 'U盘', '导出');
    const done = await exportInto(dir, undefined, async (write) => (write('包.zip', new Uint8Array([1, 2, 3])), 'built'));
    expect(done).toEqual({ result: 'built', file: join(dir, '包.zip') });
    expect([...readFileSync(done.file)]).toEqual([1, 2, 3]);
    // an export that wrote nothing names no file
    expect(await exportInto(dir, undefined, async () => 'nothing')).toEqual({ result: 'nothing', file: '' });
  });

  it('ends without its file: the levels made for it taken back, the error passed on', async () => {
    const root = tempDir();
    const dir = join(root, 'U盘', '导出');
    await expect(exportInto(dir, undefined, async () => Promise.reject(new Error('已取消')))).rejects.toThrow('已取消');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('ensureOutputFolder', () => {
  it('makes the folder and its missing parents, and returns it resolved', () => {
    const root = tempDir();
    const dir = join(root, '备份', '2026', '十二月');
    expect(ensureOutputFolder(join(dir, '..', '十二月'))).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    // a folder already there is fine
    expect(ensureOutputFolder(dir)).toBe(dir);
  });

  it.skipIf(process.platform === 'win32')('gives the levels it makes the mode asked for', () => {
    const dir = join(tempDir(), 'a', 'data');
    ensureOutputFolder(dir, { mode: 0o700 });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a path through a file, naming the folder and the file, and makes nothing', () => {
    const work = tempDir();
    writeFileSync(join(work, 'a-file.txt'), 'x');
    const bad = join(work, 'a-file.txt', '备份', '十二月');
    let err: unknown;
    try {
      ensureOutputFolder(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FolderRefused);
    expect(err).toBeInstanceOf(DeskError);
    expect(err).toMatchObject({
      code: 'VALIDATION',
      folder: bad,
      reason: '路径中的“a-file.txt”是文件，不是文件夹',
      message: `无法写入文件夹“${bad}”：路径中的“a-file.txt”是文件，不是文件夹。请换一个文件夹`,
    });
  });

  it('refuses a folder that is a file itself', () => {
    const file = join(tempDir(), '出借.zip');
    writeFileSync(file, 'x');
    expect(() => ensureOutputFolder(file)).toThrow(`无法写入文件夹“${file}”：路径中的“出借.zip”是文件，不是文件夹。请换一个文件夹`);
  });

  it('refuses a name longer than the file system allows, saying the path is too long', () => {
    const work = tempDir();
    const bad = join(work, '备'.repeat(100), '十二月');
    expect(() => ensureOutputFolder(bad)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', folder: bad, reason: '路径太长', message: `无法写入文件夹“${bad}”：路径太长。请换一个文件夹` }),
    );
    expect(readdirSync(work)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('refuses a path through links that loop, saying so', () => {
    const work = tempDir();
    symlinkSync(join(work, 'b'), join(work, 'a'));
    symlinkSync(join(work, 'a'), join(work, 'b'));
    const bad = join(work, 'a', '备份');
    expect(() => ensureOutputFolder(bad)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', folder: bad, reason: '路径中的链接绕成了一个圈', message: `无法写入文件夹“${bad}”：路径中的链接绕成了一个圈。请换一个文件夹` }),
    );
  });

  // Node 20's own mkdirSync('/proc/nope', { recursive: true }) never returns: run in a child with a deadline,
  // so that a hang fails this test instead of freezing the test worker.
  it.skipIf(!existsSync('/proc/self'))('answers at once where mkdir says ENOENT although the parent exists (/proc/nope)', () => {
    const helper = resolve(import.meta.dirname, '../../../main/files/outputFolder.ts');
    const script = `import { ensureOutputFolder } from ${JSON.stringify(helper)};
try { ensureOutputFolder('/proc/nope/备份'); console.log('made'); } catch (e) { console.log(e.constructor.name + ' ' + e.message); }`;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(run.signal, 'ensureOutputFolder did not return: the recursive mkdir loop').toBeNull();
    expect(run.stdout.trim()).toBe('FolderRefused 无法写入文件夹“/proc/nope/备份”：无法在“/proc”中创建文件夹。请换一个文件夹');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('a system error half-way through the work', () => {
  it('names the folder of the file and the reason, never the file’s own name (it may hold a client’s name)', () => {
    const err = fileSystemError(systemError('ENOSPC', { path: '/mnt/u盘/核验单/.1a2b3c.part' }));
    expect(err).toBeInstanceOf(DeskError);
    expect(err!.message).toBe('无法写入文件夹“/mnt/u盘/核验单”：磁盘已满。请腾出空间后重试，或换一个文件夹');
    const person = fileSystemError(systemError('EACCES', { path: '/mnt/out/张三-个人博客.pdf' }));
    expect(person!.message).toBe('无法读写文件夹“/mnt/out”中的文件：没有读写权限。请换一个文件夹，或请管理员开放写入权限');
    expect(person!.message).not.toContain('张三');
  });

  it('a write to an open file names no path: the folder the work was writing into is named', () => {
    expect(fileSystemError(systemError('ENOSPC', { syscall: 'write' }), '/mnt/备份')!.message).toBe('无法写入文件夹“/mnt/备份”：磁盘已满。请腾出空间后重试，或换一个文件夹');
    expect(fileSystemError(systemError('EROFS', { syscall: 'write' }))!.message).toBe('无法写入文件：磁盘是只读的。请换一个文件夹');
    expect(fileSystemError(systemError('ENOENT', { path: '/mnt/备份/a.zip.part' }))).toMatchObject({ code: 'NOT_FOUND', message: '找不到文件夹“/mnt/备份”中要用的文件或文件夹：它不存在或已被移走。请检查后重试' });
  });

  it('leaves alone what is no folder’s fault: the desk’s own errors, a name taken, a program not started, anything else', () => {
    expect(fileSystemError(new DeskError('CONFLICT', '备份文件已存在'))).toBeNull();
    expect(fileSystemError(systemError('EEXIST', { path: '/mnt/a.zip' }))).toBeNull();
    expect(fileSystemError(systemError('ENOENT', { syscall: 'spawn pg_dump', path: 'pg_dump' }))).toBeNull();
    expect(fileSystemError(new Error("ENOENT: no such file or directory, open '/home/agency/客户/身份证.jpg'"))).toBeNull();
    expect(fileSystemError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBeNull();
    expect(fileSystemError('ENOSPC')).toBeNull();
  });

  it('leaves alone a thrown null or undefined instead of failing on it (the API answered a TypeError, not 内部错误)', () => {
    expect(fileSystemError(null)).toBeNull();
    expect(fileSystemError(undefined, '/mnt/备份')).toBeNull();
  });

  it('has a short reason for a sentence that names the folder itself', () => {
    expect(folderReason(systemError('ENOSPC'))).toBe('磁盘已满');
    expect(folderReason(systemError('EPERM'))).toBe('没有写入权限');
    expect(folderReason(new Error('other'))).toBe('无法写入');
  });
});

describe('each code the system answers, told in Chinese', () => {
  it.each([
    ['ENOTDIR', '路径中有一部分是文件而不是文件夹'],
    ['EEXIST', '路径中有一部分是文件而不是文件夹'],
    ['EACCES', '没有写入权限'],
    ['EPERM', '没有写入权限'],
    ['EROFS', '磁盘是只读的'],
    ['ENOSPC', '磁盘已满'],
    ['EDQUOT', '超出了磁盘配额'],
    ['ENOENT', '文件夹不存在或已被移走'],
    ['ENAMETOOLONG', '路径太长'],
    ['ELOOP', '路径中的链接绕成了一个圈'],
    ['EIO', '磁盘读写出错'],
  ])('folderReason: %s is “%s”', (code, reason) => {
    expect(folderReason(systemError(code))).toBe(reason);
    // only the code is read, not what kind of object carries it
    expect(folderReason({ code })).toBe(reason);
  });

  it('folderReason: anything else is “无法写入”', () => {
    for (const other of [systemError('EBUSY'), systemError('SQLITE_FULL'), systemError('eacces'), { code: 28 }, {}, new Error('ENOSPC'), 'ENOSPC', null, undefined, 28]) {
      expect(folderReason(other)).toBe('无法写入');
    }
  });

  // a write that stopped: the folder of the file is named, refused for the folder's own reason
  it.each([
    ['ENOSPC', '磁盘已满', '请腾出空间后重试，或换一个文件夹'],
    ['EDQUOT', '超出了磁盘配额', '请腾出空间后重试，或换一个文件夹'],
    ['EROFS', '磁盘是只读的', '请换一个文件夹'],
  ])('fileSystemError: %s is a folder refused', (code, reason, remedy) => {
    const named = fileSystemError(systemError(code, { path: '/mnt/u盘/出借/李四.zip.part' }));
    expect(named).toBeInstanceOf(FolderRefused);
    expect(named).toMatchObject({ code: 'VALIDATION', folder: '/mnt/u盘/出借', reason, message: `无法写入文件夹“/mnt/u盘/出借”：${reason}。${remedy}` });
    // no path in the error: the folder the work was writing into
    expect(fileSystemError(systemError(code), '/mnt/备份')).toMatchObject({ folder: '/mnt/备份', message: `无法写入文件夹“/mnt/备份”：${reason}。${remedy}` });
    // nor a folder: the file, unnamed
    const unnamed = fileSystemError(systemError(code));
    expect(unnamed).not.toBeInstanceOf(FolderRefused);
    expect(unnamed).toMatchObject({ code: 'VALIDATION', message: `无法写入文件：${reason}。${remedy}` });
  });

  // a read or a write: said so
  it.each([
    ['EACCES', '没有读写权限', '请换一个文件夹，或请管理员开放写入权限'],
    ['EPERM', '没有读写权限', '请换一个文件夹，或请管理员开放写入权限'],
    ['ENOTDIR', '路径中有一部分是文件而不是文件夹', '请换一个文件夹'],
    ['ENAMETOOLONG', '路径太长', '请换一个文件夹'],
    ['ELOOP', '路径中的链接绕成了一个圈', '请换一个文件夹'],
    ['EIO', '磁盘读写出错', '请检查磁盘后重试，或换一个文件夹'],
  ])('fileSystemError: %s is a file in a folder that could not be read or written', (code, said, remedy) => {
    const named = fileSystemError(systemError(code, { path: '/mnt/u盘/出借/李四.zip' }), '/elsewhere');
    expect(named).toBeInstanceOf(DeskError);
    expect(named).not.toBeInstanceOf(FolderRefused);
    expect(named).toMatchObject({ code: 'VALIDATION', message: `无法读写文件夹“/mnt/u盘/出借”中的文件：${said}。${remedy}` });
    expect(named!.message).not.toContain('李四');
    expect(fileSystemError(systemError(code), '/mnt/备份')!.message).toBe(`无法读写文件夹“/mnt/备份”中的文件：${said}。${remedy}`);
    expect(fileSystemError(systemError(code))).toMatchObject({ code: 'VALIDATION', message: `无法读写文件：${said}。${remedy}` });
  });

  it('fileSystemError: ENOENT is NOT_FOUND, naming the folder when it can', () => {
    expect(fileSystemError(systemError('ENOENT'), '/mnt/备份')).toMatchObject({ code: 'NOT_FOUND', message: '找不到文件夹“/mnt/备份”中要用的文件或文件夹：它不存在或已被移走。请检查后重试' });
    const unnamed = fileSystemError(systemError('ENOENT'));
    expect(unnamed).toBeInstanceOf(DeskError);
    expect(unnamed).toMatchObject({ code: 'NOT_FOUND', message: '找不到要用的文件或文件夹：它不存在或已被移走。请检查后重试' });
  });

  it('fileSystemError: the path the error names wins over the folder given; a relative one is resolved', () => {
    expect(fileSystemError(systemError('ENOSPC', { path: '/mnt/a/b.part' }), '/mnt/other')).toMatchObject({ folder: '/mnt/a' });
    expect(fileSystemError(systemError('ENOSPC', { path: join('out', '张三.pdf') }))).toMatchObject({ folder: resolve('out') });
  });

  it('fileSystemError: a path that is no text is not read; the folder given is named', () => {
    expect(fileSystemError(systemError('ENOSPC', { path: 28 }), '/mnt/备份')).toMatchObject({ folder: '/mnt/备份' });
    expect(fileSystemError(systemError('EIO', { path: Buffer.from('/mnt/x/y') }))!.message).toBe('无法读写文件：磁盘读写出错。请检查磁盘后重试，或换一个文件夹');
    expect(fileSystemError(systemError('EIO', { path: '' }), '/mnt/备份')!.message).toBe('无法读写文件夹“/mnt/备份”中的文件：磁盘读写出错。请检查磁盘后重试，或换一个文件夹');
  });

  it('fileSystemError: only a program that could not be started is left alone, not any syscall', () => {
    expect(fileSystemError(systemError('EACCES', { syscall: 'spawnSync /usr/bin/pg_dump' }))).toBeNull();
    expect(fileSystemError(systemError('ENOENT', { syscall: 'spawn', path: 'pg_restore' }))).toBeNull();
    // a syscall that merely mentions spawn is still a folder's
    expect(fileSystemError(systemError('EACCES', { syscall: 'open', path: '/mnt/spawn/a.pdf' }))!.message).toBe('无法读写文件夹“/mnt/spawn”中的文件：没有读写权限。请换一个文件夹，或请管理员开放写入权限');
    expect(fileSystemError(systemError('EACCES', { syscall: 'unspawn' }))).not.toBeNull();
    const noSyscall = systemError('EACCES');
    delete (noSyscall as { syscall?: string }).syscall;
    expect(fileSystemError(noSyscall)).not.toBeNull();
  });

  it('fileSystemError: leaves alone an error without a code, or with one that is no system code', () => {
    expect(fileSystemError(Object.assign(new Error('x'), { path: '/mnt/a.pdf' }), '/mnt')).toBeNull();
    expect(fileSystemError(systemError('EBUSY', { path: '/mnt/a.pdf' }), '/mnt')).toBeNull();
    expect(fileSystemError(systemError('enospc'), '/mnt')).toBeNull();
    expect(fileSystemError({ code: 28 }, '/mnt')).toBeNull();
    expect(fileSystemError(new FolderRefused('/mnt', '磁盘已满', '请换一个文件夹'))).toBeNull();
  });
});

describe('writeExportFile', () => {
  it('writes the export under its name, the next one beside it, and takes back only its own file', () => {
    const dir = tempDir();
    const first = writeExportFile(dir, '包.zip', Buffer.from('first'));
    expect(first.file).toBe(join(dir, '包.zip'));
    const second = writeExportFile(dir, '包.zip', Buffer.from('second'));
    expect(second.file).toBe(join(dir, '包-2.zip'));
    expect(readFileSync(first.file, 'utf8')).toBe('first');
    expect(readFileSync(second.file, 'utf8')).toBe('second');
    second.takeBack();
    expect(readdirSync(dir)).toEqual(['包.zip']);
    // taken back again (a failed log after a failed take-back): nothing to remove is no error
    expect(() => second.takeBack()).not.toThrow();
  });

  it('a folder that is not there is told as the folder’s problem, in Chinese, and nothing is written', () => {
    const dir = join(tempDir(), '不存在');
    expect(() => writeExportFile(dir, '包.zip', Buffer.from('x'))).toThrow(DeskError);
    expect(existsSync(dir)).toBe(false);
  });
});
