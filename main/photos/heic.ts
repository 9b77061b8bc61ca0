// HEIC (HEIF holding HEVC-coded pictures) is what an iPhone saves by default. This build of sharp (libvips'
// prebuilt libheif) has no HEVC decoder, and the consoles take JPG: such a photo is told for what it is,
// by its file-type box, before any decoder is tried — a decoder's failure would read as a damaged file.
import { DeskError } from '../domain/errors';

export const HEIC_MIME = 'image/heic';

/** The one message for a HEIC photo, wherever it is given (photo desk, repair, material upload, 证件识别). */
export const HEIC_MESSAGE = '这是 HEIC 格式的照片（苹果手机默认格式），备案助手无法读取：请转换为 JPG，或在手机“设置→相机→格式”中选“兼容性最佳”后重新拍摄';

// HEVC-coded brands; mif1/msf1 are the general HEIF image/sequence brands, which AVIF files carry too.
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const GENERAL_BRANDS = new Set(['mif1', 'msf1']);
const AV1_BRANDS = new Set(['avif', 'avis']);

/**
 * Whether the bytes start with an ISO-BMFF `ftyp` box naming a HEIC brand: an HEVC brand as the major or a
 * compatible brand, or a general HEIF brand as the major one with no AVIF brand beside it.
 */
export function isHeic(data: Uint8Array): boolean {
  if (data.byteLength < 16) return false;
  const b = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 256));
  if (b.toString('latin1', 4, 8) !== 'ftyp') return false;
  const size = Math.min(b.readUInt32BE(0), b.length);
  const major = b.toString('latin1', 8, 12);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= size; at += 4) compatible.push(b.toString('latin1', at, at + 4));
  const brands = [major, ...compatible];
  if (brands.some((x) => HEVC_BRANDS.has(x))) return true;
  return GENERAL_BRANDS.has(major) && !brands.some((x) => AV1_BRANDS.has(x));
}

