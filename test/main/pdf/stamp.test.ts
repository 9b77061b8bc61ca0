// Stamping a scanned sheet: the seal and the signature land at their anchors as the page is shown, upright,
// whatever way the scanner stored the page (turned with /Rotate, or a visible area not at the origin).
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { degrees, PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SHEET_LAYOUT, type Rect } from '../../../main/pdf/layout';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';
import { stampPdf } from '../../../main/pdf/stamp';
import { photographedSeal, penSignature } from '../../fixtures/images';
import { tempDir } from '../../helpers';

const A4 = { width: 595.28, height: 841.89 };
const DPI = 100;

/** Where the seal's red and the signature's dark ink fall outside their anchors (1 mm of slack), as pixel counts, and how much of each there is. */
async function inkAgainstAnchors(pdf: Uint8Array): Promise<{ red: number; redOutside: number; dark: number; darkOutside: number }> {
  const dir = tempDir();
  writeFileSync(join(dir, 's.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', join(dir, 's.pdf'), join(dir, 'p')]);
  const { data, info } = await sharp(join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!))
    .raw()
    .toBuffer({ resolveWithObject: true });
  // the page as shown is A4 portrait: millimetres from its top-left corner
  const mm = 25.4 / DPI;
  const inside = (r: Rect, x: number, y: number) => x * mm >= r.x - 1 && x * mm <= r.x + r.w + 1 && y * mm >= r.y - 1 && y * mm <= r.y + r.h + 1;
  const out = { red: 0, redOutside: 0, dark: 0, darkOutside: 0 };
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (r > 170 && g < 120 && b < 120) {
        out.red++;
        if (!inside(SHEET_LAYOUT.anchors.seal, x, y)) out.redOutside++;
      } else if (r < 200 && g < 200 && b < 200) {
        // the signature's strokes, grey where they are thinner than a pixel
        out.dark++;
        if (!inside(SHEET_LAYOUT.anchors.signature, x, y)) out.darkOutside++;
      }
    }
  }
  return out;
}

/** A blank scanned A4 page as a scanner may store it: turned by `rotate` degrees, the visible area at `origin`. */
async function scannedPage(rotate: number, origin = { x: 0, y: 0 }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const sideways = rotate % 180 !== 0;
  const [w, h] = sideways ? [A4.height, A4.width] : [A4.width, A4.height];
  const page = doc.addPage([w, h]);
  page.setMediaBox(origin.x, origin.y, w, h);
  page.setRotation(degrees(rotate));
  return await doc.save();
}

describe('stamping a scanned sheet', () => {
  it('puts the seal and the signature at their anchors on a page stored turned (/Rotate) or not at the origin', async () => {
    const seal = (await extractSeal(await photographedSeal())).png;
    const signature = (await extractSignature(await penSignature())).png;
    const results: Record<string, { redOutside: number; darkOutside: number }> = {};
    for (const [name, pdf] of [
      ['upright', await scannedPage(0)],
      ['Rotate 90', await scannedPage(90)],
      ['Rotate 180', await scannedPage(180)],
      ['Rotate 270', await scannedPage(270)],
      ['visible area from (36, 48)', await scannedPage(0, { x: 36, y: 48 })],
    ] as const) {
      const ink = await inkAgainstAnchors(await stampPdf(pdf, { seal, signature }));
      // there is ink to look at: a seal and a signature were drawn where the page shows them
      expect(ink.red, `${name}: seal`).toBeGreaterThan(500);
      expect(ink.dark, `${name}: signature`).toBeGreaterThan(100);
      results[name] = { redOutside: ink.redOutside, darkOutside: ink.darkOutside };
    }
    const none = { redOutside: 0, darkOutside: 0 };
    expect(results).toEqual({ upright: none, 'Rotate 90': none, 'Rotate 180': none, 'Rotate 270': none, 'visible area from (36, 48)': none });
  });
});
