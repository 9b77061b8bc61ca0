// Repair never alters what a photo shows: rotate per EXIF, convert to JPEG, drop every metadata block
// (GPS!), and recompress or downscale to fit the provider's byte limit at the highest quality that fits.
// An optional usage watermark is for ID and licence copies only (WATERMARK_KINDS), never for curtain photos
// or signed 核验单 (they are evidence). A photo below the provider's minimum resolution is refused first:
// repair never enlarges, and never shrinks below that minimum.
import sharp, { type OutputInfo } from 'sharp';
import { DeskError } from '../domain/errors';
import { refuseNotAPhoto } from './fileType';
import { MAX_PIXELS, TRANSPARENT_BACKGROUND } from './metrics';
import { lowResolutionMessage, megabytes, thresholdsFor, WATERMARK_KINDS, WATERMARK_TEXT, type PhotoKind } from './profiles';

export interface RepairResult {
  jpeg: Buffer;
  quality: number;
  width: number;
  height: number;
}

/** The quality tried first, and the lowest one tried before the picture is scaled down instead. */
const QUALITY_TOP = 92;
const QUALITY_FLOOR = 60;

const NO_WATERMARK: Partial<Record<PhotoKind, string>> = {
  curtain: '幕布照片不能加水印：照片是核验证据，不能改变画面',
  sheet: '已签字的核验单不能加水印：须为签字（盖章）原件的扫描件，不能改变画面',
};

function watermarkSvg(width: number, height: number, text: string): Buffer {
  const size = Math.round(Math.min(width, height) / 10);
  const esc = text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="50%" y="50%" text-anchor="middle" dominant-baseline="middle" font-size="${size}" fill="rgba(200,0,0,0.35)" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" transform="rotate(-25 ${width / 2} ${height / 2})">${esc}</text></svg>`);
}

export async function repairPhoto(input: Uint8Array, kind: PhotoKind, provider: string, options: { watermark?: string | boolean } = {}): Promise<RepairResult> {
  const { t } = thresholdsFor(kind, provider);
  if (options.watermark && !WATERMARK_KINDS.includes(kind)) throw new DeskError('VALIDATION', NO_WATERMARK[kind] ?? '这类照片不能加水印：水印只用于身份证、营业执照复印件');
  refuseNotAPhoto(input);
  let upright: { data: Buffer; info: OutputInfo };
  try {
    // decode once, upright, as pixels: metadata is gone from here on; a transparent page shows on white
    upright = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' }).rotate().flatten({ background: TRANSPARENT_BACKGROUND }).raw().toBuffer({ resolveWithObject: true });
  } catch {
    throw new DeskError('FILE_INVALID', '图片已损坏或不是可读取的图片，无法修复');
  }
  const { width, height, channels } = upright.info;
  // compressing cannot add the pixels a photo lacks: say so before trying
  if (width < t.minWidth || height < t.minHeight) throw new DeskError('VALIDATION', lowResolutionMessage(width, height, t));
  // sharp composites after resizing: a full-size mark on a scaled-down copy is refused, so the mark goes
  // into the pixels once, here, and scales with the picture
  const pixels = options.watermark
    ? await sharp(upright.data, { raw: { width, height, channels } })
        .composite([{ input: watermarkSvg(width, height, typeof options.watermark === 'string' ? options.watermark : WATERMARK_TEXT) }])
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true })
    : upright;
  const fromRaw = (w: number) => {
    const img = sharp(pixels.data, { raw: { width, height, channels: pixels.info.channels } });
    return w < width ? img.resize({ width: w }) : img;
  };
  const encode = async (w: number, quality: number) => {
    const { data, info } = await fromRaw(w).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer({ resolveWithObject: true });
    return data.byteLength <= t.maxBytes ? { jpeg: data, quality, width: info.width, height: info.height } : null;
  };
  // the narrowest width that still meets both minimums at this aspect ratio
  const narrowest = Math.max(t.minWidth, Math.ceil((t.minHeight * width) / height));
  // The highest quality that fits, by bisection over every quality from the floor up; only when even the
  // floor does not fit is the picture scaled down, a fifth at a time, never below the minimum resolution.
  for (let w = width; ; w = Math.max(narrowest, Math.round(w * 0.8))) {
    const top = await encode(w, QUALITY_TOP);
    if (top) return top;
    let best: RepairResult | null = null;
    for (let lo = QUALITY_FLOOR, hi = QUALITY_TOP - 1; lo <= hi; ) {
      const q = Math.floor((lo + hi) / 2);
      const fits = await encode(w, q);
      if (fits) {
        best = fits;
        lo = q + 1;
      } else hi = q - 1;
    }
    if (best) return best;
    if (w <= narrowest) break;
  }
  throw new DeskError('FILE_TOO_LARGE', `无法在不低于 ${t.minWidth}×${t.minHeight} 分辨率、不明显降低画质的情况下压缩到 ${megabytes(t.maxBytes)} 以内：请重新拍摄（避免过度锐化或噪点过多）`);
}
