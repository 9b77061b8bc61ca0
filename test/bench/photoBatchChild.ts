// One side of the photo batch bench (photos.ts) in a process of its own, so that its peak memory is its
// own: `decode` reads and decodes the photos as the check needs them (two in flight, like the pool's two
// workers), `check` runs the desk's folder check (the worker pool, duplicates, thumbnails) on a temp store.
// Prints one JSON line: wall time and the process's peak and final resident memory (every thread counted).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const files = photoFiles(folder);
let ms: number;
let count: number;
if (mode === 'decode') {
  const decodeOnly = async (f: string) => void (await readImage(readFileSync(f)));
  await decodeOnly(files[0]!); // warm, as the check's side is
  let next = 0;
  const worker = async () => {
    while (next < files.length) await decodeOnly(files[next++]!);
  };
  const t = performance.now();
  await Promise.all([worker(), worker()]);
  ms = performance.now() - t;
  count = files.length;
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'beian-desk-photobench-'));
  try {
    const desk = await Desk.open({ dataDir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.setup('bench-passphrase');
    // both workers started with their detectors loaded before timing
    await checkPhotos(files.slice(0, 2), { provider: 'tencent', kind: 'curtain' }, { progress: () => undefined, cancelled: false });
    const t = performance.now();
    const reports = await checkPhotoFolder(desk, folder, { kind: 'curtain', provider: 'tencent' }, { progress: () => undefined, cancelled: false });
    ms = performance.now() - t;
    count = reports.length;
    if (reports.some((r) => r.checks.find((c) => c.id === 'face')?.status !== 'pass')) throw new Error('a bench photo failed its face check');
    await desk.close();
  } finally {
    await closeWorkerPool();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const mem = memoryKb();
console.log(JSON.stringify({ mode, count, ms, hwmKb: mem.hwm, rssKb: mem.rss }));
