// The one reading of what a file is (main/photos/fileType.ts), shared by the material store, the photo desk
// and 证件识别.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { refuseNotAPhoto, sniffMime, unsupportedImageMessage } from '../../../main/photos/fileType';
import { materialPdf } from '../../fixtures/materials';

const blank = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } });

describe('what the first bytes say a file is', () => {
  it('names GIF, TIFF (both byte orders) and BMP, so that each can be refused by name', async () => {
    expect(sniffMime(await blank().gif().toBuffer())).toBe('image/gif');
    expect(sniffMime(await blank().tiff().toBuffer())).toBe('image/tiff');
    expect(sniffMime(Buffer.from('MM\0*\0\0\0\x08', 'latin1'))).toBe('image/tiff');
    expect(sniffMime(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]))).toBe('image/bmp');
    expect(sniffMime(await blank().jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffMime(Buffer.from('hello'))).toBe('application/octet-stream');
    expect(unsupportedImageMessage('image/tiff')).toBe('图片格式 TIFF 不受支持，请转换为 JPG 或 PNG');
  });

  it('refuses an empty file and a PDF before any decoder is tried, each with its own reason', async () => {
    const pdf = await materialPdf('x');
    expect(() => refuseNotAPhoto(new Uint8Array(0))).toThrow(/^文件为空（0 字节）/);
    expect(() => refuseNotAPhoto(pdf)).toThrow('这是 PDF 文件，不是照片：请导出为 JPG');
    expect(() => refuseNotAPhoto(Buffer.from('hello'))).not.toThrow();
  });
});
