// Photo thresholds per provider and kind, from resources/data/photo-profiles.json (one place).
import data from '../../resources/data/photo-profiles.json';

export const PHOTO_KINDS = ['curtain', 'id-front', 'id-back', 'licence', 'sheet'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

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

export function thresholdsFor(kind: PhotoKind, provider: string): { t: PhotoThresholds; sourced: boolean; providerName: string } {
  const p = (data.providers as Record<string, { name: string; sourced: boolean }>)[provider] ?? data.providers.generic;
  return { t: (data.defaults as Record<PhotoKind, PhotoThresholds>)[kind], sourced: p.sourced, providerName: p.name };
}

export const DUPLICATE_HAMMING_MAX = data.duplicateHammingMax;
export const WATERMARK_TEXT = data.watermarkText;
