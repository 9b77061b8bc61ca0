// SQLite's refusals about the store itself as the operator is told them (main/db/storeError.ts): which data
// folder, what is wrong and what to do — never 内部错误, SQLite's English, or a path inside the folder.
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { openingError, storeError } from '../../../main/db/storeError';

const FOLDER = '/home/代办/备案数据';
const sqlite = (code: string) => Object.assign(new Error(`${code}: some English`), { name: 'SqliteError', code });

describe('a store refusal as the operator is told it', () => {
  it.each([
    ['SQLITE_FULL', 'VALIDATION', `数据目录“${FOLDER}”所在的磁盘已满，本次操作未完成，数据未被修改。请腾出磁盘空间后重试。`],
    [
      'SQLITE_CORRUPT',
      'DB_CORRUPT',
      `数据目录“${FOLDER}”中的数据库已损坏（SQLITE_CORRUPT），无法继续使用，请从备份恢复：用“npm run cli -- --data 空目录 backup restore 备份文件”把最近的备份恢复到一个新的数据目录；损坏的数据目录请保留，不要删除。`,
    ],
    ['SQLITE_READONLY', 'VALIDATION', `无法写入数据目录“${FOLDER}”中的数据库：磁盘是只读的，或没有写入权限。请确认该磁盘可写、文件夹有写入权限后重试；数据未被修改。`],
    ['SQLITE_READONLY_DBMOVED', 'VALIDATION', `数据目录“${FOLDER}”中的数据库文件在使用中被移走或删除，无法保存。请关闭备案助手，确认数据目录完好后重新打开。`],
    ['SQLITE_CANTOPEN', 'VALIDATION', `无法打开数据目录“${FOLDER}”中的数据库文件：文件夹不存在、没有读写权限或磁盘已拔出。请检查该文件夹后重试；数据未被修改。`],
    ['SQLITE_IOERR_SHMSIZE', 'VALIDATION', `数据目录“${FOLDER}”中的数据库无法读写（SQLITE_IOERR_SHMSIZE）：磁盘空间不足。本次操作未完成。请检查该磁盘、腾出空间后重试。`],
    ['SQLITE_IOERR_WRITE', 'VALIDATION', `数据目录“${FOLDER}”中的数据库无法读写（SQLITE_IOERR_WRITE）：磁盘读写出错，磁盘可能已满、已拔出或已损坏。本次操作未完成。请检查该磁盘、腾出空间后重试。`],
    ['SQLITE_BUSY', 'DB_BUSY', '数据库正被另一个程序使用，请稍后再试'],
  ])('%s', (code, deskCode, message) => {
    expect(storeError(sqlite(code), FOLDER)).toMatchObject({ code: deskCode, message });
  });

  it('the damaged kinds SQLite tells apart all as a damaged database to restore', () => {
    for (const code of ['SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_VTAB', 'SQLITE_NOTADB']) {
      expect(storeError(sqlite(code), FOLDER)).toMatchObject({ code: 'DB_CORRUPT', message: expect.stringContaining('请从备份恢复') });
    }
    expect(storeError(sqlite('SQLITE_READONLY_ROLLBACK'), FOLDER)?.message).toContain('只读');
    for (const code of ['SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED_SHAREDCACHE']) expect(storeError(sqlite(code), FOLDER)?.code).toBe('DB_BUSY');
  });

  it('leaves what is not the store\'s own refusal to the caller', () => {
    for (const err of [sqlite('SQLITE_CONSTRAINT_UNIQUE'), sqlite('SQLITE_ERROR'), new DeskError('NOT_FOUND', 'x'), new Error('x'), null, undefined, Object.assign(new Error(), { code: 'ENOSPC' })]) {
      expect(storeError(err, FOLDER)).toBeUndefined();
    }
  });
});

describe('a refusal of opening the store', () => {
  it('the system refusing the data folder itself (the owner-only chmod on a read-only disk) names that folder, not its parent', () => {
    const err = Object.assign(new Error(`EROFS: read-only file system, chmod '${FOLDER}'`), { code: 'EROFS', syscall: 'chmod', path: FOLDER });
    expect(openingError(err, FOLDER)).toMatchObject({ code: 'VALIDATION', message: `无法写入文件夹“${FOLDER}”：磁盘是只读的。请换一个文件夹` });
  });

  it('a file in the folder names the folder; SQLite\'s refusal and a DeskError as they are; anything else is passed on untouched', () => {
    const file = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'chmod', path: `${FOLDER}/beian-desk.sqlite-wal` });
    expect(openingError(file, FOLDER)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(`“${FOLDER}”`) });
    expect(openingError(sqlite('SQLITE_FULL'), FOLDER)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('磁盘已满') });
    const desk = new DeskError('DB_TOO_NEW', 'x');
    expect(openingError(desk, FOLDER)).toBe(desk);
    const other = new Error('the native module was built for another runtime');
    expect(openingError(other, FOLDER)).toBe(other);
  });
});
