// Photo batch (`npm run bench -- photos` runs it alone; BENCH_PHOTOS photos, default 1000): the desk's
// folder check of 12 MP curtain photos (worker pool, duplicates, thumbnails) against only the decode the
// check itself needs (file read, then readImage's shrink-on-load to the same working size), two in flight
// like the pool's two workers. Each side runs in a process of its own started as the desk's launchers
// start one (electron/malloc-env.mjs), so each peak resident size (VmHWM, every thread) is its own; and
// as the desk runs, from a bundle beside out/node's (so the pool starts the built taskWorker.js, not the
// sources through tsx, whose loader thread in every worker is not the product's memory).
// The machine's speed moves by 10–35 % minutes apart, so the two sides are timed in alternated rounds
// (BENCH_PHOTOS_ROUNDS, default 3: check, decode, check, decode, …; each round a fresh process a side, every
// round printed) and judged by the ratio of their medians: each side's median throughput and median CPU time
// a photo over the rounds, so one slow stretch of the machine does not fall on one side only.
// Targets: peak < 600 MB (the largest of the check's rounds); throughput ≥ 0.7 × the decode.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withMallocEnv } from '../../electron/malloc-env.mjs';
import { bundleBenchChild } from './bundledChild';
import { curtainPhoto } from '../fixtures/photos';

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
/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** `count` photos in one folder (hard links to 8 generated 12 MP photos: no disk for a thousand copies). */
export async function benchPhotos(count = Number(process.env.BENCH_PHOTOS ?? 1000)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-photos-'));
  const child = await bundleBenchChild('./photoBatchChild.ts', 'photo');
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
    const rounds = Math.max(1, Number(process.env.BENCH_PHOTOS_ROUNDS ?? 3));
    const rate = (s: SideResult) => s.count / (s.ms / 1000);
    const cpuPer = (s: SideResult) => s.cpuMs / s.count;
    const checks: SideResult[] = [];
    const decodes: SideResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      const check = runSide(child, 'check', folder, env);
      const decode = runSide(child, 'decode', folder, env);
      checks.push(check);
      decodes.push(decode);
      console.log(
        `photos: round ${round}/${rounds}: the check ${rate(check).toFixed(1)} img/s (${(check.ms / 1000).toFixed(1)} s), CPU ${cpuPer(check).toFixed(1)} ms a photo, peak ${mbOf(check.hwmKb).toFixed(0)} MB; ` +
          `the decode ${rate(decode).toFixed(1)} img/s (${(decode.ms / 1000).toFixed(1)} s), CPU ${cpuPer(decode).toFixed(1)} ms a photo, peak ${mbOf(decode.hwmKb).toFixed(0)} MB; ` +
          `${(rate(check) / rate(decode)).toFixed(2)} × by wall time, ${(cpuPer(decode) / cpuPer(check)).toFixed(2)} × by CPU; load average ${load()}`,
      );
    }
    const decodeRate = median(decodes.map(rate));
    const checkRate = median(checks.map(rate));
    const ratio = checkRate / decodeRate;
    const decodeCpu = median(decodes.map(cpuPer));
    const checkCpu = median(checks.map(cpuPer));
    const peakKb = Math.max(...checks.map((c) => c.hwmKb));
    const decodePeakKb = Math.max(...decodes.map((d) => d.hwmKb));
    const peak = mbOf(peakKb);
    const of = rounds > 1 ? ` (median of ${rounds} rounds)` : '';
    console.log(`photos: decode alone ${decodeRate.toFixed(1)} img/s${of}, peak RSS ${mbOf(decodePeakKb).toFixed(0)} MB (the baseline: the same process having only decoded the photos)`);
    console.log(`photos: the desk's folder check ${checkRate.toFixed(1)} img/s${of} = ${ratio.toFixed(2)} × the decode — target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
    console.log(`photos: CPU a photo (every thread of each process)${of}: the decode ${decodeCpu.toFixed(1)} ms, the check ${checkCpu.toFixed(1)} ms : the check does ${(decodeCpu / checkCpu).toFixed(2)} × the decode's photos per CPU second (printed beside the throughput, not judged)`);
    console.log(`photos: the desk's folder check peak RSS ${peak.toFixed(0)} MB (the largest of its rounds) = ${(peakKb / decodePeakKb).toFixed(2)} × the decode's (${mbOf(checks[checks.length - 1]!.rssKb).toFixed(0)} MB after the last batch) — target < ${PEAK_TARGET_MB} MB: ${peak < PEAK_TARGET_MB ? 'met' : 'NOT met'}; load average ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(child, { force: true });
  }
}
