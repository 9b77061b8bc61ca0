// A photo of a dropped folder, read on a worker: only a regular file of the folder itself. A link named
// like a photo can point at any file this account may read (another client's ID card), and a FIFO or a
// device named .jpg would hold the worker in read() until the app is restarted.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { DeskError } from '../domain/errors';

/** A photo file larger than this is not read into memory: the same bound as a stored material. */
export const MAX_PHOTO_FILE_BYTES = 50 * 1024 * 1024;

/** Why an entry of a dropped folder is not checked; the one wording for the listing and the worker. */
export const SKIPPED = {
  link: '符号链接已跳过：为防止读到链接指向的其他文件，请把原文件复制到此文件夹',
  notUtf8: '文件名不是 UTF-8 编码，请重命名（常见于 Windows 压缩包解压出的中文文件名）',
  notFile: '不是普通文件（可能是管道或设备），已跳过',
  unreadable: '无法读取此文件（可能无权限或已被移走），已跳过',
} as const;

/**
 * The bytes of a photo file, refused with the reason when it is a link (not followed: O_NOFOLLOW where the
 * platform has it), not a regular file (opened without blocking, so a FIFO cannot hold the worker), or
 * larger than MAX_PHOTO_FILE_BYTES (told before it is read).
 */
export function readPhotoFile(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new DeskError('FILE_INVALID', (err as NodeJS.ErrnoException).code === 'ELOOP' ? SKIPPED.link : '无法读取文件');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new DeskError('FILE_INVALID', SKIPPED.notFile);
    if (st.size > MAX_PHOTO_FILE_BYTES) throw new DeskError('FILE_TOO_LARGE', `照片文件过大（${(st.size / 1048576).toFixed(1)} MB），不能超过 ${MAX_PHOTO_FILE_BYTES / 1048576} MB：请确认这是照片，或压缩后再检查`);
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof DeskError) throw err;
    throw new DeskError('FILE_INVALID', '无法读取文件');
  } finally {
    closeSync(fd);
  }
}
