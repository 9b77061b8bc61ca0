// npm run bench: seed 10 000 entities / 30 000 websites into a temp store, then time client-list searches,
// rule checks, 核验单, photo checks and the face check's recall on a labelled set.
// Figures are printed against a baseline measured in the same run (a primary-key lookup of one entity),
// so they can be compared across machines; the target is search p95 < 50 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { checkPhotos } from '../../main/photos/batch';
import { curtainPhoto } from '../fixtures/photos';
import { labelledSet, scoreFaces } from '../fixtures/faceSet';
import { detectUpperBodyFaces, tinyUpperBodyFaces } from '../../main/photos/face';
import { measure } from '../../main/photos/metrics';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { clientRecordSchema, type ClientRecord } from '../../main/domain/schemas';
import { getClient, createClients, listClients } from '../../main/services/clients';
import { checkAllClients, checkClient } from '../../main/services/checks';
import { writeSheetSettings } from '../../main/db/repositories/settings';
import { batchSheets, generateSheet } from '../../main/services/sheets';
import { companyRecord, personId } from '../fixtures/records';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const SITES_PER_ENTITY = 3;
const RUNS = 200;

function record(n: number): ClientRecord {
  const base = clientRecordSchema.parse(companyRecord(n));
  const suffix = String(n).padStart(6, '0');
  base.websites = Array.from({ length: SITES_PER_ENTITY }, (_, i) => ({
    ...base.websites[0]!,
    name: `示例${suffix}站点${i + 1}`,
    domains: [`site${i}-${suffix}.cn`, `site${i}-${suffix}.com`],
    homepages: [`www.site${i}-${suffix}.cn`],
  }));
  return base;
}

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-'));
try {
  const desk = Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
  desk.vault.setup('bench-passphrase');
  const t0 = performance.now();
  const BATCH = 1000;
  for (let start = 1; start <= ENTITIES; start += BATCH) {
    createClients(desk, Array.from({ length: Math.min(BATCH, ENTITIES - start + 1) }, (_, i) => record(start + i)));
  }
  const seedMs = performance.now() - t0;
  const websites = (desk.sql.raw.prepare('SELECT count(*) AS n FROM website').get() as { n: number }).n;
  console.log(`seeded ${ENTITIES} entities / ${websites} websites in ${(seedMs / 1000).toFixed(1)} s`);

  const rnd = (i: number) => 1 + ((i * 7919) % ENTITIES);
  const baseline = Array.from({ length: RUNS }, (_, i) => time(() => getClient(desk, rnd(i))));
  const queries: [string, (i: number) => string][] = [
    ['domain', (i) => `site1-${String(rnd(i)).padStart(6, '0')}.com`],
    ['entity name fragment', (i) => `示例${String(rnd(i)).padStart(6, '0')}科技`],
    ['person name', (i) => `李${String(rnd(i)).padStart(6, '0')}`],
    ['full ID number', (i) => personId(rnd(i))],
    ['no match', (i) => `nothing-${i}.cn`],
    ['broad (2 chars, many hits)', () => '示例'],
  ];
  const base = p95(baseline);
  console.log(`baseline (open one client by id) p95 ${base.toFixed(2)} ms`);
  let worst = 0;
  for (const [label, q] of queries) {
    const samples = Array.from({ length: RUNS }, (_, i) => time(() => listClients(desk, { text: q(i), offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' })));
    const v = p95(samples);
    worst = Math.max(worst, v);
    console.log(`search by ${label.padEnd(28)} p95 ${v.toFixed(2).padStart(7)} ms  = ${(v / base).toFixed(1).padStart(6)} × baseline`);
  }
  const unfiltered = p95(Array.from({ length: RUNS }, (_, i) => time(() => listClients(desk, { offset: (i % 100) * 100, limit: 100, sortBy: 'name', sortDir: 'asc' }))));
  console.log(`list page (100 rows, sorted by name)  p95 ${unfiltered.toFixed(2).padStart(7)} ms  = ${(unfiltered / base).toFixed(1).padStart(6)} × baseline`);
  console.log(`worst search p95 ${worst.toFixed(2)} ms — target < 50 ms: ${worst < 50 ? 'met' : 'NOT met'}`);

  // Rule engine: one client checked alone as the baseline, then every client as the batch job does it.
  const one = p95(Array.from({ length: RUNS }, (_, i) => time(() => checkClient(desk, rnd(i)))));
  const t1 = performance.now();
  const all = await checkAllClients(desk, { progress: () => undefined, cancelled: false });
  const allMs = performance.now() - t1;
  console.log(`check one client p95 ${one.toFixed(2)} ms`);
  console.log(`check all ${all.checked} clients ${(allMs / 1000).toFixed(2)} s = ${(allMs / one).toFixed(0)} × one client (${all.notReady.length} not ready) — target < 5 s: ${allMs < 5000 ? 'met' : 'NOT met'}`);

  // 核验单: one sheet alone as the baseline, then a batch of 1000 (one renderer, fonts parsed once).
  const SHEETS = Number(process.env.BENCH_SHEETS ?? 1000);
  writeSheetSettings(desk.ctx, { accessMethod: '云接入', verifierName: '陈核验', providers: { tencent: { providerName: '', serverLocation: '广东省' } } });
  const oneSheet = p95(Array.from({ length: 20 }, () => 0).map(() => 0));
  const t2 = performance.now();
  await generateSheet(desk, 1);
  const single = performance.now() - t2;
  const outDir = join(dir, 'sheets');
  const websiteIds = (desk.sql.raw.prepare('SELECT id FROM website ORDER BY id LIMIT ?').all(SHEETS) as { id: number }[]).map((r) => r.id);
  const t3 = performance.now();
  const batch = await batchSheets(desk, { websiteIds, outDir, combined: false }, { progress: () => undefined, cancelled: false });
  const batchMs = performance.now() - t3;
  void oneSheet;
  console.log(`one sheet alone (fonts loaded for it) ${single.toFixed(0)} ms`);
  console.log(`batch of ${batch.sheets} sheets ${(batchMs / 1000).toFixed(2)} s = ${(batchMs / single).toFixed(1)} × one sheet alone; average ${(batch.bytes / batch.sheets / 1024).toFixed(0)} KB — targets < 10 s and < 300 KB: ${batchMs < 10_000 && batch.bytes / batch.sheets < 300 * 1024 ? 'met' : 'NOT met'}`);

  // Photo desk: the full curtain check over 200 12 MP JPEGs, against sharp alone decoding them
  // (rotate().resize(1000).raw()) with the same parallelism (two in flight).
  const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 200);
  const photoDir = join(dir, 'photos');
  mkdirSync(photoDir);
  const variants = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
    const base = await curtainPhoto({ width: 3000 - i * 10, height: 4000 });
    const f = join(photoDir, `variant-${i}.jpg`);
    writeFileSync(f, base);
    return f;
  }));
  const files = Array.from({ length: PHOTOS }, (_, i) => variants[i % variants.length]!);
  const twoAtATime = async (fn: (f: string) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < files.length) await fn(files[next++]!);
    };
    const t = performance.now();
    await Promise.all([worker(), worker()]);
    return performance.now() - t;
  };
  // both sides warm: sharp has decoded once, the check's workers have loaded their detectors
  await sharp(variants[0]!).rotate().resize(1000).raw().toBuffer();
  await checkPhotos(variants.slice(0, 2), { provider: 'tencent', kind: 'curtain' }, { progress: () => undefined, cancelled: false });
  const baselineMs = await twoAtATime((f) => sharp(f).rotate().resize(1000).raw().toBuffer());
  const t4 = performance.now();
  await checkPhotos(files, { provider: 'tencent', kind: 'curtain' }, { progress: () => undefined, cancelled: false });
  const checkMs = performance.now() - t4;
  const ratio = (PHOTOS / checkMs) / (PHOTOS / baselineMs);
  console.log(`photos: sharp alone ${(PHOTOS / (baselineMs / 1000)).toFixed(1)} img/s; full curtain check ${(PHOTOS / (checkMs / 1000)).toFixed(1)} img/s = ${ratio.toFixed(2)} × baseline — target ≥ 0.6: ${ratio >= 0.6 ? 'met' : 'NOT met'}`);

  // Faces: the curtain face check on the labelled set (faces pasted at known boxes on a curtain, and
  // pictures without a face), the tiny detector alone (the check before the SSD fallback) against the
  // tiny detector with the SSD fallback, both on the same measured copies in this run.
  const faceSet = await labelledSet('bench');
  const faceRgb = await Promise.all(faceSet.map(async (p) => (await measure(p.jpeg)).rgb));
  const rgbOf = new Map(faceSet.map((p, i) => [p, faceRgb[i]!]));
  await detectUpperBodyFaces(faceRgb[0]!); // both models loaded before timing
  const timed = async (detect: typeof detectUpperBodyFaces) => {
    const t = performance.now();
    const score = await scoreFaces(faceSet, (p) => detect(rgbOf.get(p)!));
    return { score, msPerPhoto: (performance.now() - t) / faceSet.length };
  };
  const tinyOnly = await timed(tinyUpperBodyFaces);
  const withFallback = await timed(detectUpperBodyFaces);
  const facesLine = (label: string, r: typeof tinyOnly) =>
    `faces (${label.padEnd(19)}): recall ${(r.score.recall * 100).toFixed(1)} % (${r.score.found}/${r.score.frontal} frontal ≥ 15 % width; all pasted faces ${(r.score.recallAll * 100).toFixed(1)} %), false positives ${(r.score.falsePositiveRate * 100).toFixed(1)} % (${r.score.falsePositives}/${r.score.noFace} no-face pictures${r.score.falseAlarms.length ? `: ${r.score.falseAlarms.join(', ')}` : ''}; ${r.score.strayBoxes} stray boxes on face pictures), ${r.msPerPhoto.toFixed(1)} ms/photo`;
  console.log(facesLine('tiny alone', tinyOnly));
  console.log(facesLine('tiny + SSD fallback', withFallback));
  const facesMet = withFallback.score.recall >= 0.95 && withFallback.score.falsePositives <= tinyOnly.score.falsePositives;
  const fallbackRuns = tinyOnly.score.silent;
  const perRun = ((withFallback.msPerPhoto - tinyOnly.msPerPhoto) * faceSet.length) / Math.max(1, fallbackRuns);
  console.log(`faces: with the fallback ${(withFallback.msPerPhoto / tinyOnly.msPerPhoto).toFixed(2)} × the tiny detector alone per photo (${withFallback.msPerPhoto.toFixed(1)} against ${tinyOnly.msPerPhoto.toFixed(1)} ms); the SSD detector ran on the ${fallbackRuns} of ${faceSet.length} photos where the tiny one found nothing, ${perRun.toFixed(0)} ms each — target recall ≥ 95 %, false positives ≤ tiny alone: ${facesMet ? 'met' : 'NOT met'}`);
  desk.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
