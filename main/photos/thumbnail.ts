// The grid's thumbnail of a checked photo, made on the pool's worker from the upright working copy the
// check has already decoded: the 12 MP file is not decoded a second time (before, on the store's thread,
// holding a third decode buffer in that process).
import sharp from 'sharp';

/** Longest side of a thumbnail: the grid shows it at 160 px height, the detail view at up to twice that. */
export const THUMBNAIL_SIDE = 320;

/** A JPEG thumbnail (base64) of an upright RGB working copy. */
export async function thumbnailOf(rgb: { data: Buffer; width: number; height: number }): Promise<string> {
  const jpeg = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();
  return jpeg.toString('base64');
}
