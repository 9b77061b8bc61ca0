// npm run bench: seed 10 000 entities / 30 000 websites into a temp store, then time client-list searches,
// rule checks, 核验单, the photo batch (photos.ts, `npm run bench -- photos`), the face check's recall on a labelled set and licence/ID OCR (ocr.ts;
// `npm run bench -- ocr` runs that section alone), and the start times of the CLI and the hosts (start.ts,
// `npm run bench -- start`), and the client list in Chromium with the web host's memory (ui.ts, `npm run bench -- ui`).
// `npm run bench -- --clients 100000` runs every section at that size.
// Every verdict is a ratio against a competing or baseline approach measured in the same run on the same
// data, so it holds across machines; absolute times are printed beside it, never judged alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { clientRecordSchema, type ClientRecord } from '../../main/domain/schemas';
import { getClient, createClients, listClients } from '../../main/services/clients';
import { checkClient } from '../../main/services/checks';
import { checkAllClients } from '../../main/services/checkAll';
import { companyRecord, personId } from '../fixtures/records';
import { benchDocumentOcr } from './ocr';
import { runBundledSection } from './bundledChild';
import { benchSearch } from './search';
import { benchSheets, benchSheetsOn, benchSitesRecord } from './sheets';
import { benchStart } from './start';
import { benchTeam } from './team';
import { benchUi } from './ui';
import { benchPhotos } from './photos';
import { benchFaces } from './faces';

/**
 * The check-all section (checkAll.ts) as the app runs check-all: bundled, in a process of its own (bundledChild.ts),
 * so the one-thread run, the store's thread and the pool's workers all run the built code — both sides of each
 * ratio alike.
 */
const benchCheckAll = (sizes: readonly number[]) => runBundledSection('./checkAllChild.ts', 'checkall', sizes.map(String));

// `npm run bench -- ocr`: only the licence/ID OCR section (it needs no seeded store).
// `npm run bench -- search --clients 1000,10000,100000`: only the client search, at each size (search.ts).
const args = process.argv.slice(2);
const clientsFlag = args.indexOf('--clients');
const searchSizes = clientsFlag >= 0 ? (args[clientsFlag + 1] ?? '').split(',').map(Number) : [1_000, 10_000];
if (searchSizes.some((n) => !Number.isInteger(n) || n < 10)) {
  console.error('--clients 后应为逗号分隔的客户数，例如 --clients 1000,10000,100000');
  process.exit(2);
}
const sections = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--clients');
// `npm run bench -- start`: only the start times of the CLI and the hosts (start.ts, a store of its own).
if (sections.length && sections.every((s) => s === 'start')) {
  await benchStart();
  process.exit(0);
}
// `npm run bench -- sheets`: only the 核验单 batch against a plain pdf-lib page (sheets.ts, a store of its own).
if (sections.length && sections.every((s) => s === 'sheets')) {
  await benchSheets();
  process.exit(0);
}
// `npm run bench -- photos`: only the photo batch, throughput and peak memory (photos.ts, processes of its own).
if (sections.length && sections.every((s) => s === 'photos')) {
  await benchPhotos();
  process.exit(0);
}
// `npm run bench -- faces`: only the face check's recall and cost on the labelled set (faces.ts).
if (sections.length && sections.every((s) => s === 'faces')) {
  await benchFaces();
  process.exit(0);
}
if (sections.length && sections.every((s) => s === 'ocr')) {
  await benchDocumentOcr();
  process.exit(0);
}
// `npm run bench -- team --clients 10000`: both stores and the team server with 10 operators (team.ts).
const teamSize = clientsFlag >= 0 ? searchSizes[0]! : 10_000;
if (sections.length && sections.every((s) => s === 'team')) {
  await benchTeam(teamSize);
  process.exit(0);
}
// `npm run bench -- checkall --clients 10000`: check-all with kept verdicts, cold against after one edit (checkAll.ts).
if (sections.length && sections.every((s) => s === 'checkall')) {
  await benchCheckAll(searchSizes);
  process.exit(0);
}
if (sections.length && sections.every((s) => s === 'search')) {
  await benchSearch(searchSizes);
  process.exit(0);
}
// `npm run bench -- ui --clients 100000`: the client list in Chromium over the web host, and the host's memory (ui.ts).
// The whole bench with `--clients N` runs every section at N: the main store seeded with N clients, the
// search curve 1000 / 10 000 / N, check-all at 10 000 and N and the UI at N (team stays at its 10 000, sheets at
// BENCH_SHEETS); search, check-all and the UI share one seeding per size (seededStores.ts).
const wholeSize = clientsFlag >= 0 ? Math.max(...searchSizes) : undefined;
if (sections.length && sections.every((s) => s === 'ui')) {
  await benchUi(wholeSize ?? 10_000);
  process.exit(0);
}

const ENTITIES = wholeSize ?? Number(process.env.BENCH_ENTITIES ?? 10_000);
const RUNS = 200;

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

/** Milliseconds of each of n calls, one after the other (every store call is async). */
async function samples(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-'));
try {
  const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
  await desk.vault.setup('bench-passphrase');
  const t0 = performance.now();
  const BATCH = 1000;
  for (let start = 1; start <= ENTITIES; start += BATCH) {
    await createClients(desk, Array.from({ length: Math.min(BATCH, ENTITIES - start + 1) }, (_, i) => benchSitesRecord(start + i)));
  }
  const seedMs = performance.now() - t0;
  const websites = (desk.sql.raw.prepare('SELECT count(*) AS n FROM website').get() as { n: number }).n;
  console.log(`seeded ${ENTITIES} entities / ${websites} websites in ${(seedMs / 1000).toFixed(1)} s`);

  const rnd = (i: number) => 1 + ((i * 7919) % ENTITIES);
  const baseline = await samples(RUNS, (i) => getClient(desk, rnd(i)));
  const base = p95(baseline);
  console.log(`open one client by id p95 ${base.toFixed(2)} ms`);
  const unfiltered = p95(await samples(RUNS, (i) => listClients(desk, { offset: (i % 100) * 100, limit: 100, sortBy: 'name', sortDir: 'asc' })));
  console.log(`list page (100 rows, no filter, sorted by name) p95 ${unfiltered.toFixed(2)} ms`);
  // The client search has its own section (search.ts), at every size --clients names, after this one.

  // Rule engine: one client checked alone as the baseline, then every client as the batch job does it.
  const one = p95(await samples(RUNS, (i) => checkClient(desk, rnd(i))));
  const t1 = performance.now();
  const all = await checkAllClients(desk, { progress: () => undefined, cancelled: false });
  const allMs = performance.now() - t1;
  const perClient = allMs / all.checked;
  console.log(`check one client p95 ${one.toFixed(2)} ms`);
  console.log(`check all ${all.checked} clients ${(allMs / 1000).toFixed(2)} s, ${perClient.toFixed(2)} ms per client = ${(perClient / one).toFixed(2)} × one client checked alone (${all.notReadyCount} not ready) — target ≤ 1 ×: ${perClient <= one ? 'met' : 'NOT met'}`);

  // 核验单 (sheets.ts; `npm run bench -- sheets` runs it alone): the batch against a plain pdf-lib page with
  // the same fonts and text.
  await benchSheetsOn(desk, Number(process.env.BENCH_SHEETS ?? 1000));

  // Photo batch (photos.ts; `npm run bench -- photos` runs it alone): throughput and peak memory.
  await benchPhotos();

  // Faces (faces.ts; `npm run bench -- faces` runs it alone): the face check's recall and cost on the labelled set.
  await benchFaces();
  await desk.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
await benchSearch(wholeSize ? [...new Set([1_000, 10_000, wholeSize])].filter((n) => n <= wholeSize).sort((a, b) => a - b) : searchSizes);
// at 100 000 the check-all section times the pool's cold run alone (a one-thread cold run takes minutes), so
// the whole bench takes the one-thread baseline and the ratio at 10 000 first, on the search's seeded store
await benchCheckAll(wholeSize && wholeSize > 10_000 ? [10_000, wholeSize] : [wholeSize ?? 10_000]);
await benchTeam(10_000);
await benchDocumentOcr();
await benchStart();
await benchUi(wholeSize ?? 10_000);
