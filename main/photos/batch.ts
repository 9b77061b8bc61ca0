// Checking many photos on worker threads (one per core, at most two): decode, measure and detect faces
// in parallel; duplicates are judged here in file order, against the store and the batch. Progress
// after each photo; a cancelled batch stops within one photo per worker.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobControl } from '../jobs/jobs';
import { workerEntry } from '../jobs/workerEntry';
import { checkPhoto, duplicateIndex, withDuplicateCheck, type PhotoReport } from './checks';
import type { PhotoKind } from './profiles';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic']);

/** The image files of a file or folder (one level of sub-folders), in name order. */
export function photoFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    const s = statSync(p);
    if (s.isFile() && IMAGE_EXT.has(extname(name).toLowerCase())) out.push(p);
    else if (s.isDirectory()) for (const inner of readdirSync(p).sort()) if (IMAGE_EXT.has(extname(inner).toLowerCase())) out.push(join(p, inner));
  }
  return out;
}

/** The kind a file name suggests (幕布, 身份证正面 …), or null when it suggests none. */
export function kindFromName(file: string): PhotoKind | null {
  const n = file.toLowerCase();
  if (/幕布|curtain/.test(n)) return 'curtain';
  if (/正面|人像|front/.test(n)) return 'id-front';
  if (/背面|国徽|back/.test(n)) return 'id-back';
  if (/执照|营业|licen[cs]e/.test(n)) return 'licence';
  if (/核验单|sheet/.test(n)) return 'sheet';
  return null;
}

/** The kind a file name suggests, else the fallback. */
export function inferKind(file: string, fallback: PhotoKind): PhotoKind {
  return kindFromName(file) ?? fallback;
}

type Checker = (file: string, kind: PhotoKind, provider: string) => Promise<PhotoReport>;

// Workers stay loaded between batches (their face detectors take a second to start); they are unref'd,
// so they never keep the process alive.
let shared: Promise<{ checkers: Checker[]; close(): Promise<void> } | null> | null = null;
let sharedSize = 0;

function pool(n: number) {
  if (!shared || sharedSize !== n) {
    sharedSize = n;
    shared = startWorkers(n);
  }
  return shared;
}

async function startWorkers(n: number): Promise<{ checkers: Checker[]; close(): Promise<void> } | null> {
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const w = new Worker(workerEntry(import.meta.url, 'photoWorker'));
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error('timeout')), 20_000);
        w.once('message', () => (clearTimeout(timer), ok()));
        w.once('error', (e) => (clearTimeout(timer), fail(e)));
      });
      w.unref();
      workers.push(w);
    }
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  let seq = 0;
  const checkers = workers.map(
    (w): Checker =>
      (file, kind, provider) =>
        new Promise((resolve, reject) => {
          const id = seq++;
          const onMessage = (m: { id: number; report: PhotoReport }) => {
            if (m.id !== id) return;
            w.off('message', onMessage);
            w.off('error', reject);
            resolve(m.report);
          };
          w.on('message', onMessage);
          w.once('error', reject);
          w.postMessage({ id, file, kind, provider });
        }),
  );
  return { checkers, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

const inThread: Checker = async (file, kind, provider) => {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return { file, kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: '无法读取文件' }], faces: [], sha256: null, dhash: null };
  }
  return checkPhoto(file, data, kind, provider);
};

/** `kindOf` gives a photo's own kind (the operator's choice in the grid); else `kind` for all, else the name's. */
export async function checkPhotos(files: string[], options: { kind?: PhotoKind; kindOf?: (file: string) => PhotoKind | undefined; provider: string; known?: { sha256: string; dhash: string | null; owner: string }[]; threads?: number }, control: JobControl): Promise<PhotoReport[]> {
  const index = duplicateIndex(options.known ?? []);
  const size = Math.max(1, Math.min(options.threads ?? Math.min(2, availableParallelism()), files.length));
  const workers = files.length > 1 ? await pool(size) : null;
  const checkers = workers?.checkers ?? [inThread, inThread];
  const raw: PhotoReport[] = [];
  let next = 0;
  let done = 0;
  await Promise.all(
    checkers.map(async (check) => {
      while (next < files.length && !control.cancelled) {
        const i = next++;
        const file = files[i]!;
        raw[i] = await check(file, options.kindOf?.(file) ?? options.kind ?? inferKind(file, 'curtain'), options.provider);
        control.progress(++done, files.length);
      }
    }),
  );
  // Duplicates in file order: the first of two equal photos passes, the later one is flagged.
  return raw.filter(Boolean).map((r) => {
    const out = withDuplicateCheck(r, index);
    if (r.sha256 && r.dhash) index.add(r.sha256, r.dhash, r.file.split(/[\\/]/).pop()!);
    return out;
  });
}
