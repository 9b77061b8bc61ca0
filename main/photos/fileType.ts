// What a file is, told by its first bytes (never by its name): one reading for the material store, the
// photo desk and 证件识别, so that each tells an empty file, a PDF or a GIF/TIFF/BMP for what it is
// instead of "not a readable image".
import { DeskError } from '../domain/errors';
import { HEIC_MESSAGE, HEIC_MIME, isHeic } from './heic';

/** What the first bytes say the file is; a reader then proves it by reading the whole file. */
export function sniffMime(data: Uint8Array): string {
  const b = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 16));
  const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1');
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image/tiff';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  if (isHeic(data)) return HEIC_MIME;
  return 'application/octet-stream';
}

/** The name an operator knows an image format by (TIFF, GIF …), from its MIME type. */
export const formatName = (mime: string): string => mime.replace(/^image\//, '').toUpperCase();

/** The one message for an image in a format the consoles (and so the material slots) do not take. */
export const unsupportedImageMessage = (mime: string): string => `图片格式 ${formatName(mime)} 不受支持，请转换为 JPG 或 PNG`;

export const EMPTY_FILE_MESSAGE = '文件为空（0 字节）：可能复制或下载未完成，请重新复制原文件';
export const PDF_NOT_PHOTO_MESSAGE = '这是 PDF 文件，不是照片：请导出为 JPG';

/**
 * Refuses, before any decoder is tried, bytes that are not a photo for a reason the operator can act on:
 * an empty file, a PDF (a scan saved as PDF and renamed .jpg), a HEIC photo. A decoder's failure would
 * read as a damaged file.
 */
export function refuseNotAPhoto(data: Uint8Array): void {
  if (data.byteLength === 0) throw new DeskError('FILE_INVALID', EMPTY_FILE_MESSAGE);
  const mime = sniffMime(data);
  if (mime === 'application/pdf') throw new DeskError('FILE_INVALID', PDF_NOT_PHOTO_MESSAGE);
  if (mime === HEIC_MIME) throw new DeskError('FILE_INVALID', HEIC_MESSAGE);
}
