// Repair never alters what a photo shows: rotate per EXIF, convert to JPEG, drop every metadata block
// (GPS!), and recompress or downscale to fit the provider's byte limit at the highest quality that fits.
// An optional usage watermark is for ID copies only, never for curtain photos (they are evidence).
import sharp, { type OutputInfo } from 'sharp';
import { DeskError } from '../domain/errors';
import { refuseHeic } from './heic';
import { MAX_PIXELS } from './metrics';
import { thresholdsFor, WATERMARK_TEXT, type PhotoKind } from './profiles';

export interface RepairResult {
  jpeg: Buffer;
  quality: number;
  width: number;
  height: number;
}

function watermarkSvg(width: number, height: number, text: string): Buffer {
  const size = Math.round(Math.min(width, height) / 10);
  const esc = text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="50%" y="50%" text-anchor="middle" dominant-baseline="middle" font-size="${size}" fill="rgba(200,0,0,0.35)" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" transform="rotate(-25 ${width / 2} ${height / 2})">${esc}</text></svg>`);
}

export async function repairPhoto(input: Uint8Array, kind: PhotoKind, provider: string, options: { watermark?: string | boolean } = {}): Promise<RepairResult> {
  const { t } = thresholdsFor(kind, provider);
  if (options.watermark && kind === 'curtain') throw new DeskError('VALIDATION', '幕布照片不能加水印：照片是核验证据，不能改变画面');
  refuseHeic(input);
  let upright: { data: Buffer; info: OutputInfo };
  try {
    // decode once, upright, as pixels: metadata is gone from here on
    upright = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' }).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch {
    throw new DeskError('FILE_INVALID', '图片已损坏或不是可读取的图片，无法修复');
  }
  const { width, height } = upright.info;
  const fromRaw = (w: number) => {
    let img = sharp(upright.data, { raw: { width, height, channels: 3 } });
    if (options.watermark) img = img.composite([{ input: watermarkSvg(width, height, typeof options.watermark === 'string' ? options.watermark : WATERMARK_TEXT) }]);
    return w < width ? img.resize({ width: w }) : img;
  };
  const encode = (w: number, q: number) => fromRaw(w).jpeg({ quality: q, chromaSubsampling: '4:2:0' }).toBuffer();
  // Highest quality that fits, by bisection; only when even quality 60 does not fit is the image scaled down.
  for (let w = width; w >= 600; w = Math.round(w * 0.8)) {
    let lo = 60;
    let hi = 92;
    let best: Buffer | null = null;
    let bestQ = 0;
    const top = await encode(w, hi);
    if (top.byteLength <= t.maxBytes) return { jpeg: top, quality: hi, width: w, height: Math.round((height * w) / width) };
    while (lo <= hi - 1) {
      const q = Math.floor((lo + hi) / 2);
      const jpeg = await encode(w, q);
      if (jpeg.byteLength <= t.maxBytes) {
        best = jpeg;
        bestQ = q;
        lo = q + 1;
      } else hi = q;
      if (hi - lo < 3) break;
    }
    if (best) return { jpeg: best, quality: bestQ, width: w, height: Math.round((height * w) / width) };
  }
  throw new DeskError('FILE_TOO_LARGE', '无法在不明显降低画质的情况下压缩到限制以内，请重新拍摄');
}
