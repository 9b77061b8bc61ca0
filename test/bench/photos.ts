// Photo batch (`npm run bench -- photos` runs it alone; BENCH_PHOTOS photos, default 1000): the desk's
// folder check of 12 MP curtain photos (worker pool, duplicates, thumbnails) against only the decode the
// check itself needs (file read, then readImage's shrink-on-load to the same working size), two in flight
// like the pool's two workers. Each side runs in a process of its own started as the desk's launchers
// start one (electron/malloc-env.mjs), so each peak resident size (VmHWM, every thread) is its own; and
// as the desk runs, from a bundle beside out/node's (so the pool starts the built taskWorker.js, not the
// sources through tsx, whose loader thread in every worker is not the product's memory).
// Targets: peak < 600 MB; throughput ≥ 0.7 × the decode.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMallocEnv } from '../../electron/malloc-env.mjs';
import { BUNDLE_DIR, ensureNodeBundle, ROOT } from '../../electron/node-bundle.mjs';
import { curtainPhoto } from '../fixtures/photos';

const CHILD_SOURCE = fileURLToPath(new URL('./photoBatchChild.ts', import.meta.url));

/** The child bundled into out/node beside the built worker (removed by the caller). */
async function bundleChild(): Promise<string> {
  await ensureNodeBundle();
  const { build } = await import('esbuild');
  const outfile = join(BUNDLE_DIR, `.photo-bench-${process.pid}.js`);
  await build({ absWorkingDir: ROOT, entryPoints: [CHILD_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent' });
  return outfile;
}
const PEAK_TARGET_MB = 600;

interface SideResult {
  mode: string;
  count: number;
  ms: number;
  /** CPU time of the whole process (every thread) over the timed part. */
  cpuMs: number;
  hwmKb: number;
  rssKb: number;
}

function runSide(child: string, mode: 'decode' | 'check', folder: string, env: NodeJS.ProcessEnv): SideResult {
  const r = spawnSync(process.execPath, [child, mode, folder], { env, encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`photo bench (${mode}) failed: ${r.stderr || r.stdout}`);
  if (env.BENCH_PHOTOS_THREADS) process.stderr.write(r.stderr); // each thread's CPU time (photoBatchChild.ts)
  return JSON.parse(line) as SideResult;
}

const mbOf = (kb: number) => kb / 1024;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** `count` photos in one folder (hard links to 8 generated 12 MP photos: no disk for a thousand copies). */
export async function benchPhotos(count = Number(process.env.BENCH_PHOTOS ?? 1000)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-photos-'));
  const child = await bundleChild();
  try {
    const originals = join(dir, 'originals');
    const folder = join(dir, 'batch');
    mkdirSync(originals);
    mkdirSync(folder);
    // A phone's 12 MP photo is a JPEG of several MB; the drawn curtain alone makes 0.4 MB. The sensor's grain
    // (BENCH_PHOTOS_GRAIN, default 4 grey levels) brings each to about 1.6 MB, within Tencent's 2 MB; 0: the bare drawing.
    const grain = Number(process.env.BENCH_PHOTOS_GRAIN ?? 4);
    const sizes: number[] = [];
    const variants = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const f = join(originals, `variant-${i}.jpg`);
      const jpeg = await curtainPhoto({ width: 3000 - i * 10, height: 4000, grain });
      sizes.push(jpeg.byteLength);
      writeFileSync(f, jpeg);
      return f;
    }));
    for (let i = 0; i < count; i++) linkSync(variants[i % variants.length]!, join(folder, `幕布-${String(i).padStart(4, '0')}.jpg`));
    // BENCH_PHOTOS_ENV=plain: the sides start without the launchers' variables (the desk before they set them)
    const env = process.env.BENCH_PHOTOS_ENV === 'plain' ? process.env : withMallocEnv(process.env);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    console.log(`photos: ${count} curtain photos of 12 MP (JPEG ${(mean / 1048576).toFixed(2)} MB on average, grain ${grain}), MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX ?? '(unset)'}, load average ${load()}`);
    const decode = runSide(child, 'decode', folder, env);
    const check = runSide(child, 'check', folder, env);
    const rate = (s: SideResult) => s.count / (s.ms / 1000);
    const ratio = rate(check) / rate(decode);
    const peak = mbOf(check.hwmKb);
    console.log(`photos: decode alone ${rate(decode).toFixed(1)} img/s (${(decode.ms / 1000).toFixed(1)} s), peak RSS ${mbOf(decode.hwmKb).toFixed(0)} MB (the baseline: the same process having only decoded the photos)`);
    console.log(`photos: the desk's folder check ${rate(check).toFixed(1)} img/s (${(check.ms / 1000).toFixed(1)} s) = ${ratio.toFixed(2)} × the decode — target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
    const cpuPer = (s: SideResult) => s.cpuMs / s.count;
    console.log(`photos: CPU a photo (every thread of each process): the decode ${cpuPer(decode).toFixed(1)} ms, the check ${cpuPer(check).toFixed(1)} ms : the check does ${(cpuPer(decode) / cpuPer(check)).toFixed(2)} × the decode's photos per CPU second (printed beside the throughput, not judged)`);
    console.log(`photos: the desk's folder check peak RSS ${peak.toFixed(0)} MB = ${(check.hwmKb / decode.hwmKb).toFixed(2)} × the decode's (${mbOf(check.rssKb).toFixed(0)} MB after the batch) — target < ${PEAK_TARGET_MB} MB: ${peak < PEAK_TARGET_MB ? 'met' : 'NOT met'}; load average ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(child, { force: true });
  }
}
