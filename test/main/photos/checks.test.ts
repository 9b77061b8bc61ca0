// The checks of one photo (main/photos/checks.ts): a transparent page is judged as it is shown (on white),
// a Tencent 核验单 must be a JPEG (S4), and the size message says by how much a file is over the limit.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPhoto, type PhotoReport } from '../../../main/photos/checks';
import { signedSheetScan, transparentSheet } from '../../fixtures/materials';

const check = (r: PhotoReport, id: string) => r.checks.find((c) => c.id === id)!;

describe('photo checks', () => {
  it('judges a page with a transparent background on white, as it is shown: not 过暗, and its thumbnail white', async () => {
    const png = await transparentSheet();
    const r = await checkPhoto('核验单.png', png, 'sheet', 'generic', undefined, { thumbnail: true });
    expect(check(r, 'exposure').status, check(r, 'exposure').message).not.toBe('fail');
    expect(Number(check(r, 'exposure').value)).toBeGreaterThan(200);
    const thumb = await sharp(Buffer.from(r.thumbnail!, 'base64')).greyscale().stats();
    expect(thumb.channels[0]!.mean).toBeGreaterThan(200);
    // the same page as an opaque PNG, ink on white: the same measurements
    const opaque = await checkPhoto('核验单.png', await sharp(png).flatten({ background: '#ffffff' }).png().toBuffer(), 'sheet', 'generic');
    expect(r.dhash).toBe(opaque.dhash);
    expect(check(r, 'exposure').value).toBe(check(opaque, 'exposure').value);
    expect(check(r, 'blur').value).toBe(check(opaque, 'blur').value);
  }, 60_000);

  it('腾讯云: a signed 核验单 must be a .jpg (S4 “核验单原件…图片后缀必须为.jpg”); PNG only where the provider publishes no rule', async () => {
    const jpeg = await signedSheetScan();
    const png = await sharp(jpeg).png().toBuffer();
    const tencent = await checkPhoto('核验单.png', png, 'sheet', 'tencent');
    expect(check(tencent, 'format')).toMatchObject({ status: 'fail', value: 'png', threshold: 'jpeg', message: expect.stringContaining('腾讯云要求 JPEG：修复可转换为 JPEG') });
    expect(check(await checkPhoto('核验单.jpg', jpeg, 'sheet', 'tencent'), 'format').status).toBe('pass');
    expect(check(await checkPhoto('核验单.png', png, 'sheet', 'generic'), 'format').status).toBe('pass');
  }, 60_000);

  it('takes Tencent’s “2 MB” (S0, S3, S4: “大小不超过 2 MB”, “大小2M内”) as 2 000 000 bytes, the smaller reading: a file the console may refuse never passes', async () => {
    const base = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#3366cc' } }).jpeg({ quality: 80 }).toBuffer();
    const sized = (n: number) => Buffer.concat([base, Buffer.alloc(n - base.byteLength)]);
    for (const kind of ['curtain', 'id-front', 'id-back', 'licence', 'sheet'] as const) {
      expect(check(await checkPhoto('x.jpg', sized(2_000_000), kind, 'tencent'), 'bytes'), kind).toMatchObject({ status: 'pass', threshold: 2_000_000 });
      // 2 MiB less a little: within 2 × 1024 × 1024, over 2 × 1000 × 1000
      expect(check(await checkPhoto('x.jpg', sized(2_090_000), kind, 'tencent'), 'bytes'), kind).toMatchObject({ status: 'fail', message: expect.stringMatching(/^文件 2\.09 MB，超过 2\.00 MB：/) });
    }
  }, 60_000);

  it('says how much a file is over the limit when both read the same in MB: "2.00 MB, over 2.00 MB" reads in KB', async () => {
    const base = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#3366cc' } }).jpeg({ quality: 80 }).toBuffer();
    const limit = 2_000_000;
    const justOver = Buffer.concat([base, Buffer.alloc(limit + 3000 - base.byteLength)]);
    expect(check(await checkPhoto('x.jpg', justOver, 'curtain', 'tencent'), 'bytes')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^文件 2003\.0 KB，超过 2000\.0 KB：/) });
    const byteOver = Buffer.concat([base, Buffer.alloc(limit + 1 - base.byteLength)]);
    expect(check(await checkPhoto('x.jpg', byteOver, 'curtain', 'tencent'), 'bytes').message).toMatch(/^文件 2000001 字节，超过 2000000 字节：/);
    const wellOver = Buffer.concat([base, Buffer.alloc(3 * limit - base.byteLength)]);
    expect(check(await checkPhoto('x.jpg', wellOver, 'curtain', 'tencent'), 'bytes').message).toMatch(/^文件 6\.00 MB，超过 2\.00 MB：/);
  }, 60_000);
});
