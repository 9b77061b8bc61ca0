// `npm run bench -- ui --clients N`: the client list in Chromium over the real browser-mode web host (the
// bundle out/node/serve.js that `npm start` runs without Electron, started the same way), with N clients in
// a fresh temporary store. Issue 20's Renderer and Memory targets, each printed as a ratio to a baseline
// measured in the same run, the absolute value beside it:
// - initial JS: the JS files the first visit of the client list loads (counted as the browser receives
//   them, each gzipped here — the host sends them uncompressed — at zlib's default level), against every
//   JS file of the build (what one unsplit bundle would load) — target ≤ 450 KB gzip;
// - first paint: navigation start (the token URL, its redirect included) to the first row of the list
//   laid out and a frame drawn, at N clients against a 100-client store — target < 0.5 s at 100,000;
// - paging: the first page scrolled to its end, then page 2: the API calls and the rows each returns —
//   target: never more than one page per request, nothing that returns the whole list;
// - memory: the web host's RSS (VmRSS, and its peak VmHWM, from /proc) idle after a search, at N clients
//   against the same over an empty store — target < 300 MB.
// Unlocking: the host starts with BEIAN_DESK_PASSPHRASE (as scripts start it) and derives the key before it
// prints its address, so no timed visit includes scrypt; the bench's keyring is at 2^12 besides.
// The clients are the search benchmark's (searchData.ts benchRecord: realistic names, people, one to four
// websites each), seeded through createClients as the desk writes them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BUNDLE_DIR, ensureNodeBundle, ROOT } from '../../electron/node-bundle.mjs';
import { ensureRendererBuild } from '../../electron/rendererBuild';
import { Desk } from '../../main/desk';
import { FIRST_ANSWERS_ID } from '../../main/web/firstAnswers';
import { FIRST_PAINT_ID } from '../../renderer/firstPaint';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const PASSPHRASE = BENCH_PASSPHRASE;
const BASELINE_CLIENTS = 100;
const VISITS = Number(process.env.BENCH_UI_VISITS ?? 5);
const PAGE_SIZE = 100; // the client list's default page (ClientListPage.tsx)
const JS_TARGET_KB = 450;
const PAINT_TARGET_MS = 500;
const RSS_TARGET_MB = 300;
const TARGETS_AT = 100_000;
const ROW = '.ant-table-tbody .ant-table-row';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (kbytes: number) => `${(kbytes / 1024).toFixed(0)} MB`;
const judged = (met: boolean) => (met ? 'met' : 'NOT met');


interface Host {
  openUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** serve.js as `npm start` runs it without Electron, unlocked by BEIAN_DESK_PASSPHRASE; ready when it prints its address. */
export async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, [join(BUNDLE_DIR, 'serve.js'), '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BEIAN_DESK_PASSPHRASE: PASSPHRASE },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const openUrl = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the web host exited (${code}):\n${out}\n${err}`)));
  });
  return {
    openUrl,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

/** A fresh temporary store with `clients` of the benchmark's clients, its vault set up with PASSPHRASE (seededStores.ts). */
async function seededStore(clients: number): Promise<{ dir: string; seedMs: number }> {
  return seededCopy(clients, 'beian-desk-bench-ui-');
}

/** Host memory from /proc: resident now and its peak, in kB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

interface ApiCall {
  method: string;
  input: Record<string, unknown>;
  /** The longest array anywhere in the answer (a list's rows). */
  longest: number;
  /** entity.list's rows, and the name of its last. */
  rows: number;
  lastName?: string;
  bytes: number;
  /** Not a call: the answer the web host wrote into the page (main/web/firstAnswers.ts). */
  inPage?: true;
}

function longestArray(v: unknown): number {
  if (Array.isArray(v)) return Math.max(v.length, ...v.map(longestArray));
  if (v && typeof v === 'object') return Math.max(0, ...Object.values(v).map(longestArray));
  return 0;
}

/** Every /api/ call of the page with what it asked and how much came back. */
function recordApi(page: Page): ApiCall[] {
  const calls: ApiCall[] = [];
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const body = await res.body().catch(() => Buffer.alloc(0));
    let value: unknown;
    try {
      value = (JSON.parse(body.toString()) as { value?: unknown }).value;
    } catch {
      value = undefined;
    }
    const items = method === 'entity.list' ? ((value as { items?: { name: string }[] } | undefined)?.items ?? []) : [];
    calls.push({ method, input: (res.request().postDataJSON() ?? {}) as Record<string, unknown>, longest: longestArray(value), rows: items.length, ...(items.length ? { lastName: items.at(-1)!.name } : {}), bytes: body.length });
  });
  return calls;
}

// Installed before the page's own scripts: the time (ms from navigation start) when a row of the client
// list is first laid out with a height, and when the frame after it was drawn; the same for the first row
// of the React table itself (not inside the early page renderer/firstPaint.ts draws before React loads,
// which is a picture: the list answers clicks from the React table's rows on).
const FIRST_ROW_PROBE = `(() => {
  const mark = (key, seen) => requestAnimationFrame(() => setTimeout(() => { window[key] = { seen, painted: performance.now() }; }, 0));
  let firstSeen = false;
  const check = () => {
    for (const row of document.querySelectorAll(${JSON.stringify(ROW)})) {
      if (row.getBoundingClientRect().height === 0) continue;
      const now = performance.now();
      if (!firstSeen) { firstSeen = true; mark('__firstRow', now); }
      if (!row.closest('#${FIRST_PAINT_ID}')) { observer.disconnect(); mark('__liveRow', now); return; }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface Visit {
  page: Page;
  paintMs: number;
  /** When the React table's first row was drawn (the list answers clicks): the same as paintMs when nothing was drawn early. */
  liveMs: number;
  /** Where the paint's time went (ms from navigation start): the page's scripts run, the list asked for and answered. */
  timeline: { domContentLoaded: number; pageIn: number; listAsked: number; listAnswered: number };
  jsRaw: number;
  jsGzip: number;
  jsFiles: string[];
  calls: ApiCall[];
  close(): Promise<void>;
}

/** A first visit of the client list in a fresh browser context (no cache, no cookie). */
export async function visit(browser: Browser, host: Host): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(FIRST_ROW_PROBE);
  const js = new Map<string, number>();
  const jsGzip = new Map<string, number>();
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    js.set(res.url(), body.length);
    jsGzip.set(res.url(), gzipSync(body).length);
  });
  const calls = recordApi(page);
  await page.goto(host.openUrl);
  const probe = await page.waitForFunction(() => (window as unknown as { __firstRow?: { painted: number } }).__firstRow, undefined, { timeout: 120_000 });
  const { painted } = (await probe.jsonValue()) as { painted: number };
  const live = await page.waitForFunction(() => (window as unknown as { __liveRow?: { painted: number } }).__liveRow, undefined, { timeout: 120_000 });
  const { painted: livePainted } = (await live.jsonValue()) as { painted: number };
  await page.waitForLoadState('networkidle');
  const timeline = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/entity.list')) as PerformanceResourceTiming | undefined;
    return { domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN, pageIn: nav?.responseEnd ?? NaN, listAsked: list?.startTime ?? NaN, listAnswered: list?.responseEnd ?? NaN };
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { page, paintMs: painted, liveMs: livePainted, timeline, jsRaw: sum(js), jsGzip: sum(jsGzip), jsFiles: [...js.keys()].map((u) => new URL(u).pathname), calls, close: () => context.close() };
}

/** The first paint of `VISITS` first visits: the first (the host's caches cold) and the median. */
export async function paints(browser: Browser, host: Host): Promise<{ first: number; median: number; runs: number[]; liveMedian: number; timeline: Visit['timeline'] }> {
  const visits: Pick<Visit, 'paintMs' | 'liveMs' | 'timeline'>[] = [];
  for (let i = 0; i < VISITS; i++) {
    const v = await visit(browser, host);
    visits.push({ paintMs: v.paintMs, liveMs: v.liveMs, timeline: v.timeline });
    await v.close();
  }
  const runs = visits.map((v) => v.paintMs);
  const mid = visits.find((v) => v.paintMs === median(runs))!;
  return { first: runs[0]!, median: mid.paintMs, runs, liveMedian: median(visits.map((v) => v.liveMs)), timeline: mid.timeline };
}

// The single desk's web host sends the list's first page inside the page (main/web/firstAnswers.ts): then
// no entity.list call precedes the row, and the page's own arrival is its answer.
const timelineText = (t: Visit['timeline'], paint: number) =>
  Number.isNaN(t.listAsked)
    ? `the page with the list's first page in it in by ${t.pageIn.toFixed(0)} ms (no call asked for it), scripts run by ${t.domContentLoaded.toFixed(0)} ms, the row drawn ${(paint - t.pageIn).toFixed(0)} ms after the page`
    : `scripts run by ${t.domContentLoaded.toFixed(0)} ms, the list asked at ${t.listAsked.toFixed(0)} ms and answered in ${(t.listAnswered - t.listAsked).toFixed(0)} ms, the row drawn ${(paint - t.listAnswered).toFixed(0)} ms after`;

const firstRowText = (page: Page) => page.evaluate((row) => document.querySelector(row)?.textContent ?? '', ROW);

/** Scroll the first page to its last row, then go to page 2: the API calls each step made. */
export async function pagingOf(v: Visit): Promise<{ initial: ApiCall[]; scroll: ApiCall[]; page2: ApiCall[]; lastRowSeen: boolean; page2Rows: number }> {
  const { page, calls } = v;
  const initial = calls.splice(0);
  // the list's first page the host wrote into the page (no entity.list call then), counted as a request
  const carried = await page.evaluate((id) => {
    const text = document.getElementById(id)?.textContent;
    return text ? (JSON.parse(text) as { listInput: Record<string, unknown>; answers: Record<string, { ok: boolean; value?: { items: { name: string }[] } }> }) : null;
  }, FIRST_ANSWERS_ID);
  const carriedItems = carried?.answers['entity.list']?.value?.items;
  if (carried && carriedItems && !initial.some((c) => c.method === 'entity.list')) {
    initial.unshift({ method: 'entity.list', input: carried.listInput, longest: longestArray(carried.answers), rows: carriedItems.length, ...(carriedItems.length ? { lastName: carriedItems.at(-1)!.name } : {}), bytes: JSON.stringify(carried.answers).length, inPage: true });
  }
  const holder = page.locator('.ant-table-tbody-virtual-holder').first();
  // wheel down to the end of the virtualised page, as a user scrolls
  for (let i = 0; i < 40; i++) {
    await holder.hover();
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  // the page's last client is on screen after the scroll (the virtual list renders only what is in view)
  const lastName = initial.filter((c) => c.method === 'entity.list').at(-1)?.lastName;
  const lastRowSeen = lastName !== undefined && (await page.locator(ROW, { hasText: lastName }).first().isVisible());
  const scroll = calls.splice(0);
  const before = await firstRowText(page);
  await page.locator('.ant-pagination-item-2').click();
  await page.waitForFunction(([row, old]) => document.querySelector(row!)?.textContent !== old && !document.querySelector('.ant-spin-spinning'), [ROW, before], { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const page2 = calls.splice(0);
  const page2Rows = page2.filter((c) => c.method === 'entity.list').reduce((a, c) => a + c.rows, 0);
  return { initial, scroll, page2, lastRowSeen, page2Rows };
}

/** A search typed into the list's box, its answer shown, then the host left idle: its memory. */
export async function memoryAfterSearch(v: Visit, host: Host, text: string): Promise<{ rss: number; hwm: number }> {
  const box = v.page.getByLabel('搜索客户');
  await box.fill(text);
  await box.press('Enter');
  await v.page.waitForFunction((t) => (history.state as { usr?: { search?: string } } | null)?.usr?.search === t, text);
  await v.page.waitForLoadState('networkidle');
  await v.page.waitForTimeout(Number(process.env.BENCH_UI_IDLE_MS ?? 3000));
  return memoryOf(host.child.pid!);
}

function builtJsGzip(): number {
  const dir = join(ROOT, 'out', 'renderer', 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((a, f) => a + gzipSync(readFileSync(join(dir, f))).length, 0);
}

const describeCalls = (calls: ApiCall[]) =>
  calls.length ? calls.map((c) => `${c.inPage ? 'in the page: ' : ''}${c.method}${c.method === 'entity.list' ? `(offset ${String(c.input.offset)}, limit ${String(c.input.limit)}: ${c.rows} rows)` : c.longest ? `(${c.longest} items)` : ''}`).join(', ') : 'none';

export async function benchUi(clients: number): Promise<void> {
  console.log(`ui (client list in Chromium over the web host of npm start) at ${clients} clients — ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  if (ensureRendererBuild(ROOT, () => console.log('ui: building the UI (electron-vite build) …')) !== 0) throw new Error('electron-vite build failed');
  await ensureNodeBundle();
  const stores: string[] = [];
  const browser = await chromium.launch({
    executablePath: process.env.BEIAN_DESK_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // baselines: an empty store (memory) and a 100-client store (first paint)
    const empty = await seededStore(0);
    stores.push(empty.dir);
    const emptyHost = await startHost(empty.dir);
    let emptyMemory: { rss: number; hwm: number };
    try {
      // an empty store shows no row: this visit waits for the list's empty state instead
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(emptyHost.openUrl);
      await page.getByText('还没有客户').first().waitFor({ timeout: 120_000 });
      emptyMemory = await memoryAfterSearch({ page } as Visit, emptyHost, '科技');
      await context.close();
    } finally {
      await emptyHost.stop();
    }

    const small = await seededStore(BASELINE_CLIENTS);
    stores.push(small.dir);
    const smallHost = await startHost(small.dir);
    let smallPaint: Awaited<ReturnType<typeof paints>>;
    try {
      smallPaint = await paints(browser, smallHost);
    } finally {
      await smallHost.stop();
    }

    const big = await seededStore(clients);
    stores.push(big.dir);
    console.log(`ui: seeded ${clients} clients in ${(big.seedMs / 1000).toFixed(1)} s`);
    const bigHost = await startHost(big.dir);
    try {
      const first = await visit(browser, bigHost);
      const paging = await pagingOf(first);
      await first.page.goto(bigHost.openUrl.replace(/\/\?token=.*$/, '/#/clients'));
      await first.page.locator(ROW).first().waitFor();
      const shotsDir = join(ROOT, 'test-results');
      mkdirSync(shotsDir, { recursive: true });
      const shot = join(shotsDir, `bench-ui-${clients}.png`);
      await first.page.screenshot({ path: shot });
      const memory = await memoryAfterSearch(first, bigHost, '科技');
      await first.close();
      const bigPaint = await paints(browser, bigHost);

      const all = builtJsGzip();
      console.log(`ui: initial JS of the client list: ${kb(first.jsGzip)} gzip (${first.jsFiles.length} files, ${kb(first.jsRaw)} as sent) = ${(first.jsGzip / all).toFixed(2)} × every JS file of the build (${kb(all)} gzip) — target ≤ ${JS_TARGET_KB} KB: ${judged(first.jsGzip <= JS_TARGET_KB * 1024)}`);
      const paintTarget = clients >= TARGETS_AT ? judged(bigPaint.median < PAINT_TARGET_MS) : `${judged(bigPaint.median < PAINT_TARGET_MS)} here, stated at ${TARGETS_AT.toLocaleString('en')} clients`;
      console.log(`ui: first paint of the client list at ${clients} clients: median ${bigPaint.median.toFixed(0)} ms of ${VISITS} first visits (first ${bigPaint.first.toFixed(0)} ms; runs ${bigPaint.runs.map((r) => r.toFixed(0)).join(', ')}) = ${(bigPaint.median / smallPaint.median).toFixed(2)} × ${BASELINE_CLIENTS} clients (median ${smallPaint.median.toFixed(0)} ms, first ${smallPaint.first.toFixed(0)} ms); the median visit at ${clients}: ${timelineText(bigPaint.timeline, bigPaint.median)}; at ${BASELINE_CLIENTS}: ${timelineText(smallPaint.timeline, smallPaint.median)}; the React table's own first row (the list answering clicks) median ${bigPaint.liveMedian.toFixed(0)} ms at ${clients}, ${smallPaint.liveMedian.toFixed(0)} ms at ${BASELINE_CLIENTS} (printed, not judged) — target < ${PAINT_TARGET_MS} ms: ${paintTarget}`);

      const lists = [...paging.initial, ...paging.scroll, ...paging.page2].filter((c) => c.method === 'entity.list');
      const overPage = [...paging.initial, ...paging.scroll, ...paging.page2].filter((c) => c.longest > PAGE_SIZE || (c.method === 'entity.list' && (typeof c.input.limit !== 'number' || c.input.limit > PAGE_SIZE)));
      const scrollLists = paging.scroll.filter((c) => c.method === 'entity.list').length;
      const page2Lists = paging.page2.filter((c) => c.method === 'entity.list').length;
      const rowsFetched = lists.reduce((a, c) => a + c.rows, 0);
      const pagingMet = paging.lastRowSeen && overPage.length === 0 && scrollLists === 0 && page2Lists === 1 && paging.page2Rows === PAGE_SIZE;
      console.log(`ui: paging at ${clients} clients: first visit ${describeCalls(paging.initial)}; scrolled to the end of page 1: ${describeCalls(paging.scroll)}${paging.lastRowSeen ? ' (its last row on screen)' : ' (its last row NOT reached)'}; page 2: ${describeCalls(paging.page2)} — ${rowsFetched} rows in ${lists.length} list requests = ${(rowsFetched / Math.max(1, lists.length) / PAGE_SIZE).toFixed(2)} × a page per request${overPage.length ? `; more than a page: ${describeCalls(overPage)}` : ''} — target one page per request, none for the whole list: ${judged(pagingMet)}`);
      const rssTarget = clients >= TARGETS_AT ? judged(memory.rss < RSS_TARGET_MB * 1024) : `${judged(memory.rss < RSS_TARGET_MB * 1024)} here, stated at ${TARGETS_AT.toLocaleString('en')} clients`;
      console.log(`ui: web host memory idle after a search at ${clients} clients: RSS ${mb(memory.rss)} (peak ${mb(memory.hwm)}) = ${(memory.rss / emptyMemory.rss).toFixed(2)} × an empty store (RSS ${mb(emptyMemory.rss)}, peak ${mb(emptyMemory.hwm)}) — target < ${RSS_TARGET_MB} MB: ${rssTarget}`);
      console.log(`ui: the client list at ${clients} clients: ${shot}`);
    } finally {
      await bigHost.stop();
    }
  } finally {
    await browser.close();
    for (const d of stores) rmSync(d, { recursive: true, force: true });
  }
}
