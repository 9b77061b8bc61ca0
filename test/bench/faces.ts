// Faces (`npm run bench -- faces` runs it alone): the curtain face check on the labelled set (faces pasted at
// known boxes on a curtain, and pictures without a face, test/fixtures/faceSet.ts), all on the same measured
// copies in this run: the tiny detector alone at 288 px (the baseline for false positives), the full look
// (that detector with the SSD fallback: the check before the quick look) and the check as it runs now (the
// quick look at 160 px, answering where it finds exactly one face, else the full look).
// Targets: recall on frontal faces of ≥ 15 % width ≥ 95 %, false positives no more than the tiny detector alone.
import { performance } from 'node:perf_hooks';
import { detectUpperBodyFaces, fullUpperBodyFaces, quickUpperBodyFaces, tinyUpperBodyFaces, type FaceBox } from '../../main/photos/face';
import { measure } from '../../main/photos/metrics';
import { labelledSet, scoreFaces, type FaceScore } from '../fixtures/faceSet';

type Rgb = Awaited<ReturnType<typeof measure>>['rgb'];

export async function benchFaces(): Promise<void> {
  const faceSet = await labelledSet('bench');
  const faceRgb = await Promise.all(faceSet.map(async (p) => (await measure(p.jpeg)).rgb));
  const rgbOf = new Map(faceSet.map((p, i) => [p, faceRgb[i]!]));
  await fullUpperBodyFaces(faceRgb[0]!); // both models loaded before timing
  await detectUpperBodyFaces(faceRgb[0]!);
  const timed = async (detect: (rgb: Rgb) => Promise<FaceBox[]>) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const score = await scoreFaces(faceSet, (p) => detect(rgbOf.get(p)!));
    const cpu = process.cpuUsage(c);
    return { score, msPerPhoto: (performance.now() - t) / faceSet.length, cpuPerPhoto: (cpu.user + cpu.system) / 1000 / faceSet.length };
  };
  const tinyOnly = await timed((rgb) => tinyUpperBodyFaces(rgb));
  const full = await timed(fullUpperBodyFaces);
  let answered = 0;
  const check = await timed(async (rgb) => {
    const faces = await detectUpperBodyFaces(rgb);
    if ((await quickUpperBodyFaces(rgb)).length === 1) answered++;
    return faces;
  });
  // the check's own cost, without the extra quick look made above to count its answers
  const checkCost = await timed(detectUpperBodyFaces);
  const line = (label: string, r: { score: FaceScore; msPerPhoto: number; cpuPerPhoto: number }) =>
    `faces (${label.padEnd(27)}): recall ${(r.score.recall * 100).toFixed(1)} % (${r.score.found}/${r.score.frontal} frontal ≥ 15 % width; all pasted faces ${(r.score.recallAll * 100).toFixed(1)} %), false positives ${(r.score.falsePositiveRate * 100).toFixed(1)} % (${r.score.falsePositives}/${r.score.noFace} no-face pictures${r.score.falseAlarms.length ? `: ${r.score.falseAlarms.join(', ')}` : ''}; ${r.score.strayBoxes} stray boxes on face pictures), ${r.cpuPerPhoto.toFixed(1)} ms CPU/photo (${r.msPerPhoto.toFixed(1)} ms wall)`;
  console.log(line('tiny alone, 288 px', tinyOnly));
  console.log(line('full look: tiny + SSD', full));
  console.log(line('check: quick look, then full', { ...check, cpuPerPhoto: checkCost.cpuPerPhoto, msPerPhoto: checkCost.msPerPhoto }));
  const met = check.score.recall >= 0.95 && check.score.falsePositives <= tinyOnly.score.falsePositives;
  console.log(`faces: the quick look answered ${answered} of ${faceSet.length} pictures; the check costs ${(checkCost.cpuPerPhoto / full.cpuPerPhoto).toFixed(2)} × the full look's CPU (the SSD detector ran on the ${tinyOnly.score.silent} pictures where the tiny one at 288 px found nothing) — target recall ≥ 95 %, false positives ≤ tiny alone: ${met ? 'met' : 'NOT met'}`);
}
