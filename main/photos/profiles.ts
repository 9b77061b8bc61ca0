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
