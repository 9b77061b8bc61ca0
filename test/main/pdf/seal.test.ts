// Seal and signature images cut out onto a transparent background (what a scanning app or an image editor
// saves) are read as ink on white paper, not as ink on the hidden colour of their transparent pixels.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';

/** A 400×200 PNG whose transparent pixels hide black, with `ink` drawn opaque in the middle. */
async function cutOut(ink: [number, number, number]): Promise<Buffer> {
  const w = 400;
  const h = 200;
  const px = Buffer.alloc(w * h * 4); // transparent black
  for (let y = 80; y < 120; y++) {
    for (let x = 100; x < 300; x++) {
      const i = (y * w + x) * 4;
      px[i] = ink[0];
      px[i + 1] = ink[1];
      px[i + 2] = ink[2];
      px[i + 3] = 255;
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}

describe('a seal or signature on a transparent background', () => {
  it('keeps only the strokes of a signature, not the transparent area as ink', async () => {
    const sig = await extractSignature(await cutOut([20, 20, 30]));
    // the strokes are 200×40 of 400×200: a tenth
    expect(sig.inkRatio).toBeLessThan(0.2);
    expect(sig.width).toBeLessThan(220);
  });

  it('keeps the red of a seal and nothing around it', async () => {
    const seal = await extractSeal(await cutOut([210, 30, 30]));
    expect(seal.inkRatio).toBeLessThan(0.2);
    expect(seal.height).toBeLessThan(60);
  });
});
