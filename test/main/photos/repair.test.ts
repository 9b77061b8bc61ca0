// Repair (main/photos/repair.ts): what a photo shows stays as it is shown — a transparent page stays white —,
// the highest quality that fits is found before a pixel is given up, a photo below the minimum resolution
// is refused as such, and the usage watermark goes on ID and licence copies only.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { thresholdsFor } from '../../../main/photos/profiles';
import { repairPhoto } from '../../../main/photos/repair';
import { materialPdf, transparentSheet } from '../../fixtures/materials';

const meanLuma = async (img: Buffer) => (await sharp(img).greyscale().stats()).channels[0]!.mean;

describe('repair', () => {
  it('keeps a PNG with a transparent background white, as every viewer shows it, not black', async () => {
    const png = await transparentSheet();
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    expect(await meanLuma(await sharp(png).flatten({ background: '#fff' }).png().toBuffer())).toBeGreaterThan(200);
    const r = await repairPhoto(png, 'sheet', 'tencent');
    expect(await meanLuma(r.jpeg)).toBeGreaterThan(200);
  }, 60_000);

  it('refuses an empty file and a PDF renamed .jpg for what they are, as the check does, not as a damaged photo', async () => {
    await expect(repairPhoto(new Uint8Array(0), 'id-front', 'tencent')).rejects.toThrow('文件为空（0 字节）');
    await expect(repairPhoto(await materialPdf('scan'), 'id-front', 'tencent')).rejects.toThrow('这是 PDF 文件，不是照片：请导出为 JPG');
  });

  it('keeps full resolution when quality 60 or 61 fits: every quality down to 60 is tried before scaling', async () => {
    const w = 1500;
    const h = 2940;
    // noise: the size falls steadily with the quality, 60 fits 2 000 000 bytes at full size and 62 does not
    const png = await sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const at = async (q: number) => (await sharp(png).jpeg({ quality: q, chromaSubsampling: '4:2:0' }).toBuffer()).byteLength;
    const limit = thresholdsFor('curtain', 'tencent').t.maxBytes;
    expect(await at(60)).toBeLessThanOrEqual(limit);
    expect(await at(62)).toBeGreaterThan(limit);
    const r = await repairPhoto(png, 'curtain', 'tencent');
    expect(`${r.width}×${r.height}`).toBe(`${w}×${h}`);
    expect([60, 61]).toContain(r.quality);
    expect(r.jpeg.byteLength).toBeLessThanOrEqual(limit);
  }, 180_000);

  it('refuses a photo below the minimum resolution as too small, never as "cannot compress", and never enlarges it', async () => {
    const small = await sharp({ create: { width: 500, height: 700, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await expect(repairPhoto(small, 'curtain', 'tencent')).rejects.toMatchObject({ message: '分辨率 500×700 过低，至少 600×800：请重新拍摄' });
    // the minimum is the provider's for the kind: the same picture is large enough for an ID card
    const idCopy = await sharp({ create: { width: 700, height: 500, channels: 3, background: '#c8d8e0' } }).png().toBuffer();
    const r = await repairPhoto(idCopy, 'id-front', 'tencent');
    expect(`${r.width}×${r.height}`).toBe('700×500');
  }, 60_000);

  it('watermarks an ID copy that must also be scaled down to fit: the mark is drawn at full size and scaled with the picture', async () => {
    const w = 3000;
    const h = 2000;
    // noise: even quality 60 at full size is over 2 000 000 bytes, so the copy is scaled down
    const png = await sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const marked = await repairPhoto(png, 'id-front', 'tencent', { watermark: true });
    expect(marked.width).toBeLessThan(w);
    expect(marked.jpeg.byteLength).toBeLessThanOrEqual(thresholdsFor('id-front', 'tencent').t.maxBytes);
    // the red text tints the picture: on plain noise red and green average alike (the same repair without the mark:
    // 0.00–0.04 apart; with it 0.98–1.09 since the 2 000 000-byte limit scales the copy further, so the bar is at 0.5)
    const [r, g] = (await sharp(marked.jpeg).stats()).channels;
    expect(r!.mean - g!.mean).toBeGreaterThan(0.5);
  }, 180_000);

  it('puts the usage watermark on ID and licence copies only: a curtain photo or a signed 核验单 is refused', async () => {
    const page = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#f4f4f0' } }).jpeg().toBuffer();
    await expect(repairPhoto(page, 'sheet', 'tencent', { watermark: true })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('核验单不能加水印') });
    await expect(repairPhoto(page, 'curtain', 'tencent', { watermark: true })).rejects.toThrow('幕布照片不能加水印');
    const card = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c8d8e0' } }).jpeg().toBuffer();
    for (const kind of ['id-front', 'id-back', 'licence'] as const) {
      const marked = await repairPhoto(card, kind, 'tencent', { watermark: true });
      // the red text changes the picture
      expect((await sharp(marked.jpeg).stats()).channels[0]!.max, kind).toBeGreaterThan(210);
    }
  }, 60_000);
});
