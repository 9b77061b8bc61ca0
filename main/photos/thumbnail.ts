// The grid's thumbnail of a checked photo, made on the pool's worker from the upright working copy the
// check has already decoded: the 12 MP file is not decoded a second time (before, on the store's thread,
// holding a third decode buffer in that process).
import sharp from 'sharp';

/** Longest side of a thumbnail: the grid shows it at 160 px height, the detail view at up to twice that. */
export const THUMBNAIL_SIDE = 320;

type Rgb = { data: Buffer; width: number; height: number };

/**
 * The working copy halved: each pixel the rounded mean of a 2×2 block (an area average; an odd last row or
 * column is left out). A photo larger than the working size comes out of readImage at exactly twice the
 * thumbnail's side, so this is its thumbnail; in JavaScript it costs a fraction of another sharp resize
 * pass over the working copy (README "Photo desk").
 */
export function halved(rgb: Rgb): Rgb {
  const w = rgb.width >> 1;
  const h = rgb.height >> 1;
  const stride = rgb.width * 3;
  const src = rgb.data;
  const out = Buffer.allocUnsafe(w * h * 3);
  for (let y = 0, o = 0; y < h; y++) {
    let a = 2 * y * stride;
    let b = a + stride;
    for (let x = 0; x < w; x++, a += 6, b += 6) {
      out[o++] = (src[a]! + src[a + 3]! + src[b]! + src[b + 3]! + 2) >> 2;
      out[o++] = (src[a + 1]! + src[a + 4]! + src[b + 1]! + src[b + 4]! + 2) >> 2;
      out[o++] = (src[a + 2]! + src[a + 5]! + src[b + 2]! + src[b + 5]! + 2) >> 2;
    }
  }
  return { data: out, width: w, height: h };
}

/** A JPEG thumbnail (base64) of an upright RGB working copy. */
export async function thumbnailOf(rgb: Rgb): Promise<string> {
  const exactHalf = Math.max(rgb.width, rgb.height) === 2 * THUMBNAIL_SIDE && Math.min(rgb.width, rgb.height) >= 2;
  const src = exactHalf ? halved(rgb) : rgb;
  let image = sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } });
  if (!exactHalf) image = image.resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true });
  // Huffman tables of the JPEG standard, not optimised per picture (sharp's default is a second pass over
  // the coefficients): the same pixels, a file about 15 % larger (≈ 6.0 against 5.2 kB), 0.3 ms less CPU
  const jpeg = await image.jpeg({ quality: 70, optimiseCoding: false }).toBuffer();
  return jpeg.toString('base64');
}
