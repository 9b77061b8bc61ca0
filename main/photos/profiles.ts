// Photo thresholds per provider and kind, from resources/data/photo-profiles.json (one place).
import { z } from 'zod';
import photoProfilesJson from '../../resources/data/photo-profiles.json';
import { loadDataFile } from '../domain/dataFiles';
import { PHOTO_KINDS } from '../domain/enums';

import type { PhotoKind } from '../domain/enums';

export { PHOTO_KINDS, type PhotoKind } from '../domain/enums';

export interface PhotoThresholds {
  formats: string[];
  maxBytes: number;
  minWidth: number;
  minHeight: number;
  portrait?: boolean;
  blurMin: number;
  blurWarn: number;
  darkMean: number;
  brightMean: number;
  clippedMax: number;
  backgroundHue?: [number, number];
  backgroundMinSat?: number;
  backgroundCoverage?: number;
  faceMinWidth?: number;
  faceCentreTolerance?: number;
  faces?: number;
  colourMinSat?: number;
  /** ID and licence scans: the share of the frame the document must fill. */
  documentMinCoverage?: number;
  /** ID and licence scans: above this spectral peak score the photo may be of a screen (warn). */
  screenPeakMax?: number;
}

const thresholdsSchema = z.strictObject({
  formats: z.array(z.enum(['jpeg', 'png', 'webp'])).min(1),
  maxBytes: z.number().int().positive(),
  minWidth: z.number().int().positive(),
  minHeight: z.number().int().positive(),
  portrait: z.boolean().optional(),
  blurMin: z.number().nonnegative(),
  blurWarn: z.number().nonnegative(),
  darkMean: z.number().min(0).max(255),
  brightMean: z.number().min(0).max(255),
  clippedMax: z.number().min(0).max(1),
  backgroundHue: z.tuple([z.number().min(0).max(360), z.number().min(0).max(360)]).optional(),
  backgroundMinSat: z.number().min(0).max(1).optional(),
  backgroundCoverage: z.number().min(0).max(1).optional(),
  faceMinWidth: z.number().min(0).max(1).optional(),
  faceCentreTolerance: z.number().min(0).max(1).optional(),
  faces: z.number().int().positive().optional(),
  colourMinSat: z.number().min(0).max(1).optional(),
  documentMinCoverage: z.number().min(0).max(1).optional(),
  screenPeakMax: z.number().positive().optional(),
}) satisfies z.ZodType<PhotoThresholds>;
const kindKey = z.enum(PHOTO_KINDS);
export const PHOTO_PROFILES_SCHEMA = z.strictObject({
  $comment: z.string(),
  defaults: z.record(kindKey, thresholdsSchema),
  providers: z
    .record(z.string().regex(/^[a-z][a-z0-9-]{1,31}$/), z.strictObject({ name: z.string().min(1), sourced: z.boolean(), thresholds: z.partialRecord(kindKey, thresholdsSchema.partial()).optional() }))
    .refine((p) => 'generic' in p, '须有 generic 配置'),
  duplicateHammingMax: z.number().int().min(0).max(64),
  watermarkText: z.string().min(1).max(30),
});
const data = loadDataFile('photo-profiles.json', PHOTO_PROFILES_SCHEMA, photoProfilesJson);

/** The provider's limits for this kind: its own where its profile sets them, the defaults elsewhere. */
export function thresholdsFor(kind: PhotoKind, provider: string): { t: PhotoThresholds; sourced: boolean; providerName: string } {
  const p = data.providers[provider] ?? data.providers.generic!;
  return { t: { ...data.defaults[kind], ...p.thresholds?.[kind] } as PhotoThresholds, sourced: p.sourced, providerName: p.name };
}

export const DUPLICATE_HAMMING_MAX = data.duplicateHammingMax;
export const WATERMARK_TEXT = data.watermarkText;

/**
 * The kinds a usage watermark may go on: copies of ID cards and licences (Guangdong accepts watermarks
 * only as "限备案用途", domain.md §6). Never a curtain photo or a signed 核验单: both are evidence of this
 * filing, checked as they were taken or signed.
 */
export const WATERMARK_KINDS: readonly PhotoKind[] = ['id-front', 'id-back', 'licence'];

/**
 * A file size as the messages show it, in MB of 1 000 000 bytes: the unit the limits are read in
 * (photo-profiles.json: a provider's “2 MB” is 2 000 000 bytes), so the limit reads “2.00 MB” as the
 * provider wrote it, not “1.91 MB”.
 */
export const megabytes = (n: number) => `${(n / 1_000_000).toFixed(2)} MB`;

/**
 * Two sizes in the first unit that tells them apart: a file just over the limit reads "2.00 MB, over
 * 2.00 MB" in MB, so it is shown in KB, and in bytes when even KB rounds both alike.
 */
export function sizesApart(size: number, limit: number): [string, string] {
  for (const text of [megabytes, (n: number) => `${(n / 1000).toFixed(1)} KB`]) if (text(size) !== text(limit)) return [text(size), text(limit)];
  return [`${size} 字节`, `${limit} 字节`];
}

/** The message for a photo below the provider's minimum resolution: the check's and the repair's. */
export const lowResolutionMessage = (width: number, height: number, t: Pick<PhotoThresholds, 'minWidth' | 'minHeight'>) => `分辨率 ${width}×${height} 过低，至少 ${t.minWidth}×${t.minHeight}：请重新拍摄`;
