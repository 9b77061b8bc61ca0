// The grid's thumbnail: a working copy of twice the thumbnail's side is halved in JavaScript (each pixel the
// rounded mean of a 2×2 block), other sizes go through sharp's resize; either way a JPEG of at most 320 px.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { halved, THUMBNAIL_SIDE, thumbnailOf } from '../../../main/photos/thumbnail';

const rgbOf = (width: number, height: number, at: (x: number, y: number, c: number) => number) => {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = at(x, y, c);
  return { data, width, height };
};

describe('thumbnail', () => {
  it('halves by the rounded mean of each 2×2 block, per channel; an odd last row and column are left out', () => {
    // each block's four values 1, 2, 3, 4 times (channel + 1), plus 7 per block: means of x.5 in channels 0 and 2, so the rounding shows
    const src = rgbOf(5, 3, (x, y, c) => ((x % 2) + 2 * (y % 2) + 1) * (c + 1) + 7 * Math.floor(x / 2));
    const half = halved(src);
    expect([half.width, half.height]).toEqual([2, 1]);
    for (let x = 0; x < 2; x++) {
      for (let c = 0; c < 3; c++) {
        const px = (xx: number, yy: number) => src.data[(yy * 5 + xx) * 3 + c]!;
        const mean = (px(2 * x, 0) + px(2 * x + 1, 0) + px(2 * x, 1) + px(2 * x + 1, 1)) / 4;
        expect(half.data[x * 3 + c]).toBe(Math.floor(mean + 0.5));
      }
    }
  });

  it('makes a 240×320 JPEG of a 480×640 working copy that shows it, and fits other sizes into 320 px', async () => {
    // left half red, right half blue: the halved thumbnail keeps the split where it was
    const copy = rgbOf(480, 640, (x, _y, c) => (x < 240 ? [200, 30, 30] : [20, 40, 210])[c]!);
    const jpeg = Buffer.from(await thumbnailOf(copy), 'base64');
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([240, THUMBNAIL_SIDE]);
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    for (const [got, want] of [[at(60, 160), [200, 30, 30]], [at(180, 160), [20, 40, 210]]] as const) for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - want[c]!)).toBeLessThan(12);
    const other = await sharp(Buffer.from(await thumbnailOf(rgbOf(500, 400, () => 128)), 'base64')).metadata();
    expect([other.width, other.height]).toEqual([THUMBNAIL_SIDE, 256]);
  });
});
