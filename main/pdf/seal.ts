// Seal and signature images for stamping, taken from a photo or scan: the ink is kept, the paper made
// transparent. Curtain photos are never processed here — only the agency's own seal and signature.
import sharp from 'sharp';
import { DeskError } from '../domain/errors';

/** Largest image accepted (a phone photo is ~12 MP; a decompression bomb is refused before decoding). */
export const MAX_INPUT_PIXELS = 60_000_000;
const MAX_SIDE = 1200;

async function rawPixels(input: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      // a seal or signature cut out onto a transparent background is on paper: white, not the hidden colour of
      // its transparent pixels (often black, which read as one block of ink)
      .flatten({ background: '#ffffff' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/pixel limit/i.test(msg)) throw new DeskError('FILE_TOO_LARGE', `图片像素过多（超过 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素），请缩小后再上传`);
    throw new DeskError('FILE_INVALID', '无法读取图片：文件不是有效的 JPEG/PNG，或已损坏（截断）');
  }
}

async function toTrimmedPng(rgba: Buffer, width: number, height: number): Promise<{ png: Buffer; width: number; height: number; inkRatio: number }> {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  let ink = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3]! > 40) {
        ink++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0 || ink < 50) throw new DeskError('FILE_INVALID', '图片中没有找到印章或签名的笔迹：请在白纸上盖章/签字后正面拍摄或扫描');
  const pad = 4;
  const left = Math.max(0, minX - pad);
  const top = Math.max(0, minY - pad);
  const w = Math.min(width, maxX + pad + 1) - left;
  const h = Math.min(height, maxY + pad + 1) - top;
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).extract({ left, top, width: w, height: h }).png({ compressionLevel: 9 }).toBuffer();
  return { png, width: w, height: h, inkRatio: ink / (width * height) };
}

/**
 * A red seal: pixels clearly redder than they are green or blue keep their colour with opacity rising
 * with the redness; paper, shadows and black text become transparent.
 */
export async function extractSeal(input: Uint8Array) {
  const { data, width, height } = await rawPixels(input);
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const redness = r - Math.max(g, b);
    const alpha = redness <= 40 || r < 90 ? 0 : Math.min(255, (redness - 40) * 3);
    out[j] = Math.max(r, 150);
    out[j + 1] = Math.min(g, 60);
    out[j + 2] = Math.min(b, 60);
    out[j + 3] = alpha;
  }
  return toTrimmedPng(out, width, height);
}

/** A handwritten signature: dark strokes kept (opacity from darkness), paper transparent. */
export async function extractSignature(input: Uint8Array) {
  const { data, width, height } = await rawPixels(input);
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    const lum = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    const alpha = lum >= 150 ? 0 : Math.min(255, (150 - lum) * 2.5);
    out[j] = data[i]! * 0.4;
    out[j + 1] = data[i + 1]! * 0.4;
    out[j + 2] = data[i + 2]! * 0.4;
    out[j + 3] = alpha;
  }
  return toTrimmedPng(out, width, height);
}
