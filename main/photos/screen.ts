// "Photo of a screen" (翻拍屏幕) for ID and licence scans, where detectable: a screen's pixel grid, or the
// moiré it makes with the camera's sensor, is a strong periodic pattern, i.e. isolated peaks in the 2-D
// spectrum of a full-resolution crop; paper photographed directly has a smoothly falling spectrum.
// Heuristic only: the check warns, it never fails a photo.
import FFT from 'fft.js';
import sharp from 'sharp';
import { MAX_PIXELS, TRANSPARENT_BACKGROUND } from './metrics';

const N = 512;
// Frequencies below this radius (in bins) are the picture itself: edges, text lines, the card's shape.
const LOW_RADIUS = N * 0.06;
// Document edges and text rows put energy along the axes; JPEG's 8-px blocks at multiples of N/8.
const AXIS_BAND = 3;
const nearBlockHarmonic = (k: number) => Math.abs(((k + N / 16) % (N / 8)) - N / 16) <= 1;

/**
 * How strongly one narrow peak stands out in the spectrum's mid and high frequencies, over a central N×N
 * crop at full resolution (null when the photo is smaller than the crop).
 */
export async function screenPeakRatio(input: Uint8Array): Promise<number | null> {
  const img = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' });
  const meta = await img.metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w < N || h < N) return null;
  const crop = await img
    .extract({ left: Math.floor((w - N) / 2), top: Math.floor((h - N) / 2), width: N, height: N })
    .flatten({ background: TRANSPARENT_BACKGROUND })
    .greyscale()
    .raw()
    .toBuffer();
  const fft = new FFT(N);
  // Hann window, so the crop's borders do not show up as axis streaks
  const hann = Float64Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1)));
  const rows: number[][] = [];
  const line = fft.createComplexArray() as number[];
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      line[2 * x] = crop[y * N + x]! * hann[x]! * hann[y]!;
      line[2 * x + 1] = 0;
    }
    const out = fft.createComplexArray() as number[];
    fft.transform(out, line);
    rows.push(out);
  }
  const col = fft.createComplexArray() as number[];
  const colOut = fft.createComplexArray() as number[];
  const half = N / 2 + 1;
  const mag = new Float64Array(half * N);
  const eligible = new Uint8Array(half * N);
  let total = 0;
  let count = 0;
  // Real input: half the plane (kx in 0..N/2) holds every frequency.
  for (let kx = 0; kx < half; kx++) {
    for (let y = 0; y < N; y++) {
      col[2 * y] = rows[y]![2 * kx]!;
      col[2 * y + 1] = rows[y]![2 * kx + 1]!;
    }
    fft.transform(colOut, col);
    for (let ky = 0; ky < N; ky++) {
      const i = kx * N + ky;
      mag[i] = Math.hypot(colOut[2 * ky]!, colOut[2 * ky + 1]!);
      const fy = ky <= N / 2 ? ky : ky - N;
      if (kx <= AXIS_BAND || Math.abs(fy) <= AXIS_BAND || Math.hypot(kx, fy) < LOW_RADIUS || (nearBlockHarmonic(kx) && nearBlockHarmonic(Math.abs(fy)))) continue;
      eligible[i] = 1;
      total += mag[i]!;
      count++;
    }
  }
  const mean = total / Math.max(1, count);
  if (!mean) return 0;
  // A periodic pattern is a narrow peak (the Hann window spreads it over ~3 bins); natural detail is broad.
  // Score: the strongest peak against the ring of bins 3–4 away from it.
  let best = 0;
  for (let kx = 0; kx < half; kx++) {
    for (let ky = 0; ky < N; ky++) {
      const m = mag[kx * N + ky]!;
      if (m < 6 * mean || !eligible[kx * N + ky]) continue;
      let ring = 0;
      let n = 0;
      for (let dx = -4; dx <= 4; dx++) {
        for (let dy = -4; dy <= 4; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) < 3) continue;
          const x = kx + dx;
          if (x < 0 || x >= half) continue;
          ring += mag[x * N + ((ky + dy + N) % N)]!;
          n++;
        }
      }
      // the floor keeps a flat, noiseless picture (near-zero ring) from scoring on rounding noise
      const score = m / (ring / n + 0.5 * mean);
      if (score > best) best = score;
    }
  }
  return best;
}
