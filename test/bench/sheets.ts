// The 核验单 section of `npm run bench` (`npm run bench -- sheets` runs it alone on a store of its own,
// `BENCH_SHEETS` websites, default 1000). Issue 20's targets: 1000 sheets < 6 s on 2 cores, and the
// per-sheet cost in the batch ≤ 1.2 × a warm plain pdf-lib page with the same fonts and text
// (sheetBaseline.ts: same subset route, same strings, no layout). Printed beside them:
// - the sheet renderer alone on this thread against the same plain page (what the layout costs);
// - generating one sheet through the service (store read, worker round trip, audit), cold and warm.
// The batch runs on the one worker pool (jobs/pool.ts) after an earlier job has warmed its workers,
// as a batch that follows a preview does. Costs are CPU time of the whole process (every thread: the
// workers' renders and the store reads, file writes and audit of the thread that feeds them), so they
// hold on a machine shared with other work; the batch's wall time is printed beside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { writeSheetSettings } from '../../main/db/repositories/settings';
import { getEntity } from '../../main/db/repositories/entities';
import { getWebsite } from '../../main/db/repositories/websites';
import { clientRecordSchema, type ClientRecord } from '../../main/domain/schemas';
import { POOL_THREADS } from '../../main/jobs/pool';
import { SheetRenderer } from '../../main/pdf/sheet';
import { sheetDataFor, type SheetData } from '../../main/pdf/sheetData';
import { createClients } from '../../main/services/clients';
import { batchSheets, generateSheet, sheetSettingsFor } from '../../main/services/sheets';
import { companyRecord } from '../fixtures/records';
import { PlainPdfPage } from './sheetBaseline';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const noControl = { progress: () => undefined, cancelled: false };

async function dataOf(desk: Desk, websiteId: number): Promise<SheetData> {
  const site = (await getWebsite(desk.ctx, websiteId))!;
  const entity = (await getEntity(desk.ctx, site.entityId))!;
  return sheetDataFor(entity, websiteId, await sheetSettingsFor(desk, websiteId));
}

/** The 核验单 figures over `desk`'s first `count` websites (the desk must have that many). */
export async function benchSheetsOn(desk: Desk, count: number): Promise<void> {
  await writeSheetSettings(desk.ctx, { accessMethod: '云接入', verifierName: '陈核验', providers: { tencent: { providerName: '', serverLocation: '广东省' } } });
  const websiteIds = (desk.sql.raw.prepare('SELECT id FROM website ORDER BY id LIMIT ?').all(count) as { id: number }[]).map((r) => r.id);
  if (websiteIds.length < count) throw new Error(`the store has ${websiteIds.length} websites, ${count} asked for`);

  // One sheet through the service: the first starts a worker (fonts, HarfBuzz's wasm); then warm.
  const t0 = performance.now();
  await generateSheet(desk, websiteIds[0]!);
  const cold = performance.now() - t0;
  const oneAtATime: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const t = performance.now();
    await generateSheet(desk, websiteIds[i % websiteIds.length]!);
    oneAtATime.push(performance.now() - t);
  }
  console.log(`核验单: one sheet through the service: cold ${cold.toFixed(0)} ms, warm median ${median(oneAtATime).toFixed(1)} ms`);

  // The renderer against the plain page on this thread, same sheets, both warm. Costs are CPU time (this
  // process's, every thread): on a shared machine wall time says more about the neighbours than the code.
  const sample = await Promise.all(websiteIds.slice(0, 30).map((id) => dataOf(desk, id)));
  const renderer = await SheetRenderer.create();
  const plain = await PlainPdfPage.create();
  const cpuOf = async (fn: () => Promise<unknown>) => {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    const used = process.cpuUsage(c);
    return { cpu: (used.user + used.system) / 1000, wall: performance.now() - t };
  };
  let sheetCost = { cpu: 0, wall: 0 };
  let plainCost = { cpu: 0, wall: 0 };
  try {
    for (const d of sample.slice(0, 3)) await Promise.all([renderer.render(d), plain.render(d)]);
    for (let round = 0; round < 3; round++) {
      const s1 = await cpuOf(async () => {
        for (const d of sample) await renderer.render(d);
      });
      const p1 = await cpuOf(async () => {
        for (const d of sample) await plain.render(d);
      });
      sheetCost = { cpu: sheetCost.cpu + s1.cpu, wall: sheetCost.wall + s1.wall };
      plainCost = { cpu: plainCost.cpu + p1.cpu, wall: plainCost.wall + p1.wall };
    }
  } finally {
    renderer.close();
    plain.close();
  }
  const n = sample.length * 3;
  const plainPage = plainCost.cpu / n;
  const sheetAlone = sheetCost.cpu / n;
  console.log(`核验单: a plain pdf-lib page with the sheet's fonts and text (the baseline, warm, this thread) ${plainPage.toFixed(1)} ms CPU (${(plainCost.wall / n).toFixed(1)} ms wall); the sheet renderer alone ${sheetAlone.toFixed(1)} ms CPU (${(sheetCost.wall / n).toFixed(1)} ms wall) = ${(sheetAlone / plainPage).toFixed(2)} ×`);

  // The batch, after a small job has warmed the pool's workers.
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-sheets-'));
  try {
    await batchSheets(desk, { websiteIds: websiteIds.slice(0, POOL_THREADS * 4), outDir: join(dir, 'warm-up'), combined: false }, noControl);
    const c = process.cpuUsage();
    const t = performance.now();
    const batch = await batchSheets(desk, { websiteIds, outDir: join(dir, 'batch'), combined: false }, noControl);
    const batchMs = performance.now() - t;
    const used = process.cpuUsage(c);
    // every thread of the process: the workers' renders and this thread's store reads, files and audit
    const perSheet = (used.user + used.system) / 1000 / batch.sheets;
    const ratio = perSheet / plainPage;
    const kb = batch.bytes / batch.sheets / 1024;
    const perThousand = (batchMs / batch.sheets) * 1000;
    console.log(`核验单: batch of ${batch.sheets} on ${POOL_THREADS} worker threads ${(batchMs / 1000).toFixed(2)} s wall (${(perThousand / 1000).toFixed(2)} s per 1000 — target < 6 s on 2 cores: ${perThousand < 6000 ? 'met' : 'NOT met'}); per sheet ${perSheet.toFixed(1)} ms CPU (every thread) = ${ratio.toFixed(2)} × the plain page — target ≤ 1.2 ×: ${ratio <= 1.2 ? 'met' : 'NOT met'}; average ${kb.toFixed(0)} KB — target < 300 KB: ${kb < 300 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const SITES_PER_ENTITY = 3;

/** A bench client with SITES_PER_ENTITY websites of its own domains (the sheets and the whole bench seed these). */
export function benchSitesRecord(n: number): ClientRecord {
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

/** `npm run bench -- sheets`: a store of its own with `BENCH_SHEETS` websites (3 per client). */
export async function benchSheets(): Promise<void> {
  const count = Number(process.env.BENCH_SHEETS ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-'));
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.setup('bench-passphrase');
    const entities = Math.ceil(count / SITES_PER_ENTITY);
    for (let start = 1; start <= entities; start += 500) {
      await createClients(desk, Array.from({ length: Math.min(500, entities - start + 1) }, (_, i) => benchSitesRecord(start + i)));
    }
    await benchSheetsOn(desk, count);
    await desk.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
