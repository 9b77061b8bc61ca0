// Measurements of a photo, taken on a shrink-on-load copy (shared/docs/stack.md: statistics on a
// ~1000 px copy, not the full 12 MP frame): format, size, EXIF orientation, sharpness (variance of the
// Laplacian), exposure, saturation, blue-curtain coverage and a perceptual hash.
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { DeskError } from '../domain/errors';
import { refuseNotAPhoto, sniffMime, unsupportedImageMessage } from './fileType';

export const MAX_PIXELS = 100_000_000;
/**
 * What a transparent pixel is shown on: a PNG exported from a PDF or drawn in an editor has a transparent
 * page whose hidden colour is black, while every viewer (and the provider's reviewer) sees it on white.
 */
export const TRANSPARENT_BACKGROUND = '#ffffff';
// Big enough for blur and face measurements, small enough that statistics cost less than decoding.
const WORK_SIDE = 640;

export interface PhotoMetrics {
  format: string;
  bytes: number;
  width: number;
  height: number;
  /** EXIF orientation (1 = upright); displayed width/height already account for it. */
  orientation: number;
  hasExif: boolean;
  hasGps: boolean;
  blur: number;
  meanLuma: number;
  clipped: number;
  saturation: number;
  /** Fraction of pixels in the curtain's hue range (blue), for curtain photos. */
  blueCoverage: number;
  /** Share of the frame inside the bounding box of what differs from the border colour: how much of a scan the document fills. */
  documentCoverage: number;
  sha256: string;
  /** 64-bit difference hash as hex, for near-duplicate detection. */
  dhash: string;
  /** The upright working copy (RGB, ≤1000 px) for face detection. */
  rgb: { data: Buffer; width: number; height: number };
}

/**
 * The photo desk's readability check, shared with the material store and 证件识别: an empty file, a PDF and a
 * HEIC photo are told as such (fileType.ts), a pixel bomb is refused from its header before anything is
 * decoded, a truncated or damaged file while decoding the upright copy.
 */
export async function readImage(input: Uint8Array, side = WORK_SIDE): Promise<{ meta: Metadata; raw: { data: Buffer; info: OutputInfo } }> {
  refuseNotAPhoto(input);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw new DeskError('FILE_TOO_LARGE', `图片像素超过 ${MAX_PIXELS / 1e6} 百万像素，可能是解压炸弹，已拒绝`);
    // libvips has no BMP loader: a BMP is named, not called damaged
    if (sniffMime(input) === 'image/bmp') throw new DeskError('FILE_INVALID', unsupportedImageMessage('image/bmp'));
    throw new DeskError('FILE_INVALID', '不是可读取的图片（可能不是 JPEG/PNG，或文件已损坏）');
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) throw new DeskError('FILE_TOO_LARGE', `图片像素过多（${Math.round(((meta.width ?? 0) * (meta.height ?? 0)) / 1e6)} 百万像素），可能是解压炸弹，已拒绝`);
  try {
    const raw = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' }).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true }).flatten({ background: TRANSPARENT_BACKGROUND }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { meta, raw };
  } catch {
    throw new DeskError('FILE_INVALID', '图片已损坏或不完整（文件被截断），请重新拍摄或复制原文件');
  }
}

// The luma plane of the working copy: one buffer per thread, reused (measure's loops run without a pause,
// so no two photos share it), instead of 1.2 MB more for the garbage collector with every photo.
let luma32 = new Float32Array(0);
function lumaScratch(n: number): Float32Array {
  if (luma32.length < n) luma32 = new Float32Array(n);
  return luma32.subarray(0, n);
}

export async function measure(input: Uint8Array, blueHue: [number, number] = [190, 250], blueMinSat = 0.25, withDocument = true): Promise<PhotoMetrics> {
  const { meta, raw } = await readImage(input);
  const { data, info } = raw;
  const w = info.width;
  const h = info.height;
  const n = w * h;
  const luma = lumaScratch(n);
  const { sum, clipped, sat, blue, dhash } = pixelPass(data, w, h, luma, blueHue[0], blueHue[1], blueMinSat);
  const blur = laplacianVariance(luma, w, h);
  const documentCoverage = withDocument ? documentShare(data, w, h, Math.max(2, Math.round(Math.min(w, h) * 0.03))) : 0;
  const exif = meta.exif;
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5;
  return {
    format: meta.format ?? 'unknown',
    bytes: input.byteLength,
    width: swap ? (meta.height ?? 0) : (meta.width ?? 0),
    height: swap ? (meta.width ?? 0) : (meta.height ?? 0),
    orientation,
    hasExif: !!exif,
    // The GPS IFD tag (0x8825) in the EXIF block.
    hasGps: !!exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]))),
    blur,
    meanLuma: sum / n,
    clipped: clipped / n,
    saturation: sat / n,
    blueCoverage: blue / n,
    documentCoverage,
    sha256: createHash('sha256').update(input).digest('hex'),
    dhash,
    rgb: { data, width: w, height: h },
  };
}

// The loops over the working copy's 300 000 pixels, one function each.

/**
 * One pass over the working copy: the luma plane (into `luma`), its sum, the share of clipped pixels, the
 * mean saturation, the pixels of the curtain's blue, and the difference hash (9×8 block means of the luma,
 * each compared with its right neighbour; each block's values added in plane order, as a pass over the
 * plane of its own would add them).
 */
function pixelPass(data: Buffer, w: number, h: number, luma: Float32Array, blueLo: number, blueHi: number, blueMinSat: number): { sum: number; clipped: number; sat: number; blue: number; dhash: string } {
  let sum = 0;
  let clipped = 0;
  let sat = 0;
  let blue = 0;
  const cells = new Float64Array(72);
  const colsOf = new Uint32Array(9);
  const rowsOf = new Uint32Array(8);
  // the hash's 9 column blocks as runs of x: colEnd[cx] is one past the block's last column (an empty
  // block on a frame narrower than 9 ends where the one before it does)
  const colEnd = new Uint32Array(9);
  for (let x = 0; x < w; x++) {
    const cx = Math.min(8, Math.floor((x * 9) / w));
    colsOf[cx] = colsOf[cx]! + 1;
    colEnd[cx] = x + 1;
  }
  for (let cx = 1; cx < 9; cx++) if (colEnd[cx]! < colEnd[cx - 1]!) colEnd[cx] = colEnd[cx - 1]!;
  for (let row = 0, i = 0, p = 0; row < h; row++) {
    const band = Math.min(7, Math.floor((row * 8) / h));
    rowsOf[band] = rowsOf[band]! + 1;
    const base = band * 9;
    for (let cx = 0, x = 0; cx < 9; cx++) {
      // the block's sum held in a local over its run of the row: the same additions in the same order
      // as adding into cells[] pixel by pixel, without a load and a store per pixel
      let cell = cells[base + cx]!;
      for (const end = colEnd[cx]!; x < end; x++, i += 3, p++) {
        const r = data[i]!;
        const g = data[i + 1]!;
        const b = data[i + 2]!;
        const y = 0.299 * r + 0.587 * g + 0.114 * b;
        luma[p] = y;
        sum += y;
        cell += Math.fround(y); // the stored (float32) luma
        if (y < 5 || y > 250) clipped++;
        // HSV without allocating per pixel
        const max = r > g ? (r > b ? r : b) : g > b ? g : b;
        const min = r < g ? (r < b ? r : b) : g < b ? g : b;
        const d = max - min;
        const s = max ? d / max : 0;
        sat += s;
        if (d && max === b && s >= blueMinSat && max > 51) {
          const hue = 60 * ((r - g) / d + 4);
          if (hue >= blueLo && hue <= blueHi) blue++;
        }
      }
      cells[base + cx] = cell;
    }
  }
  for (let c = 0; c < 72; c++) cells[c] = cells[c]! / Math.max(1, rowsOf[Math.floor(c / 9)]! * colsOf[c % 9]!);
  let bits = 0n;
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) bits = (bits << 1n) | (cells[y * 9 + x]! > cells[y * 9 + x + 1]! ? 1n : 0n);
  return { sum, clipped, sat, blue, dhash: bits.toString(16).padStart(16, '0') };
}

/**
 * Sharpness: the variance of the 4-neighbour Laplacian of the luma plane. Along a row the left neighbour and
 * the centre are the previous pixel's centre and right neighbour, carried over instead of loaded again: the
 * same values added in the same order, three loads a pixel instead of five.
 */
function laplacianVariance(luma: Float32Array, w: number, h: number): number {
  let lsum = 0;
  let lsq = 0;
  let count = 0;
  if (w >= 3) {
    for (let y = 1; y < h - 1; y++) {
      let i = y * w + 1;
      let left = luma[i - 1]!;
      let centre = luma[i]!;
      for (const end = i + w - 2; i < end; i++) {
        const right = luma[i + 1]!;
        const l = left + right + luma[i - w]! + luma[i + w]! - 4 * centre;
        lsum += l;
        lsq += l * l;
        left = centre;
        centre = right;
      }
      count += w - 2;
    }
  }
  const mean = lsum / Math.max(1, count);
  return lsq / Math.max(1, count) - mean * mean;
}

/**
 * Document coverage: the border strip's mean colour is taken as the table/background; the bounding box
 * of pixels clearly different from it is the document.
 */
function documentShare(data: Buffer, w: number, h: number, border: number): number {
  let br = 0;
  let bg = 0;
  let bb = 0;
  let bn = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= border && x < w - border && y >= border && y < h - border) continue;
      const i = (y * w + x) * 3;
      br += data[i]!;
      bg += data[i + 1]!;
      bb += data[i + 2]!;
      bn++;
    }
  }
  br /= bn;
  bg /= bn;
  bb /= bn;
  let minX = w;
  let minY = h;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      const i = (y * w + x) * 3;
      if (Math.abs(data[i]! - br) + Math.abs(data[i + 1]! - bg) + Math.abs(data[i + 2]! - bb) > 90) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return maxX < 0 ? 0 : ((maxX - minX + 1) * (maxY - minY + 1)) / (w * h);
}

export { hamming } from './hamming';
