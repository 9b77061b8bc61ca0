// One side of the photo batch bench (photos.ts) in a process of its own, so that its peak memory is its
// own: `decode` reads and decodes the photos as the check needs them (two in flight, like the pool's two
// workers), `check` runs the desk's folder check (the worker pool, duplicates, thumbnails) on a temp store.
// Prints one JSON line: wall time, the CPU time the process spent meanwhile (every thread: under another
// load the wall time is the machine's, the CPU time still the side's own) and the process's peak and final
// resident memory (every thread counted).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { closeWorkerPool } from '../../main/jobs/pool';
import { checkPhotos, photoFiles } from '../../main/photos/batch';
import { readImage } from '../../main/photos/metrics';
import { checkPhotoFolder } from '../../main/services/photos';

/** VmHWM and VmRSS of this process in kB (Linux /proc). */
function memoryKb(): { hwm: number; rss: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { hwm: field('VmHWM'), rss: field('VmRSS') };
}

const [mode, folder] = process.argv.slice(2);
if ((mode !== 'decode' && mode !== 'check') || !folder) {
  console.error('用法：photoBatchChild.ts decode|check <folder>');
  process.exit(2);
}
/** Each thread's CPU time so far in ms (Linux /proc), by thread id, with its name. */
function threadCpu(): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), ms: (Number(f[11]) + Number(f[12])) * 10 });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * BENCH_PHOTOS_THREADS=1: each thread's CPU time over the timed part on stderr (its time so far less its time
 * when the timing started: start-up, module loading and the detectors' load are left out), to see which one
 * bounds a side.
 */
function threadTimes(before: Map<string, { name: string; ms: number }>): void {
  if (!process.env.BENCH_PHOTOS_THREADS) return;
  for (const [tid, { name, ms }] of threadCpu()) console.error(`${mode}: thread ${tid} ${name}: ${ms - (before.get(tid)?.ms ?? 0)} ms CPU over the timed part`);
}

const files = photoFiles(folder);
let ms: number;
let cpuMs: number;
let count: number;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
if (mode === 'decode') {
  const decodeOnly = async (f: string) => void (await readImage(readFileSync(f)));
  await decodeOnly(files[0]!); // warm, as the check's side is
  let next = 0;
  const worker = async () => {
    while (next < files.length) await decodeOnly(files[next++]!);
  };
  const threads = threadCpu();
  const t = performance.now();
  const c = cpuNow();
  await Promise.all([worker(), worker()]);
  ms = performance.now() - t;
  cpuMs = cpuNow() - c;
  threadTimes(threads);
  count = files.length;
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'beian-desk-photobench-'));
  try {
    const desk = await Desk.open({ dataDir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.setup('bench-passphrase');
    // both workers started with their detectors loaded before timing
    await checkPhotos(files.slice(0, 2), { provider: 'tencent', kind: 'curtain' }, { progress: () => undefined, cancelled: false });
    const threads = threadCpu();
    const t = performance.now();
    const c = cpuNow();
    const reports = await checkPhotoFolder(desk, folder, { kind: 'curtain', provider: 'tencent' }, { progress: () => undefined, cancelled: false });
    ms = performance.now() - t;
    cpuMs = cpuNow() - c;
    threadTimes(threads);
    count = reports.length;
    if (reports.some((r) => r.checks.find((c) => c.id === 'face')?.status !== 'pass')) throw new Error('a bench photo failed its face check');
    await desk.close();
  } finally {
    await closeWorkerPool();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const mem = memoryKb();
console.log(JSON.stringify({ mode, count, ms, cpuMs, hwmKb: mem.hwm, rssKb: mem.rss }));
