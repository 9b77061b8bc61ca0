// Checking many photos on worker threads (one per core, at most two): decode, measure and detect faces
// in parallel; duplicates are judged here in file order, against the store and the batch. Progress
// after each photo; a cancelled batch returns at once with the photos it finished.
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { DeskError } from '../domain/errors';
import type { JobControl } from '../jobs/jobs';
import type { WorkerTask } from '../jobs/taskWorker';
import { PastDeadline, PHOTO_TASK_DEADLINE_MS, POOL_THREADS, runOnWorker, withDeadline } from '../jobs/pool';
import { duplicateIndex, withDuplicateCheck, type PhotoReport } from './checks';
import { matchesNearly } from './duplicates';
import { SKIPPED } from './photoFile';
import type { PhotoKind } from './profiles';
import type { RepairResult } from './repair';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic']);
const isPhotoName = (name: string) => IMAGE_EXT.has(extname(name).toLowerCase());

/** An entry of a dropped folder that is not checked, and why (photoFile.ts SKIPPED). */
export interface SkippedEntry {
  file: string;
  reason: string;
}

/** How a name that is not UTF-8 reads as GBK (what a Windows zip writes), so the operator finds the file to rename. */
function asGbk(raw: Buffer): string {
  try {
    return `：按 GBK 读作“${new TextDecoder('gbk', { fatal: true }).decode(raw)}”`;
  } catch {
    return '';
  }
}

/**
 * The image files of a file or folder (one level of sub-folders, one per client), in name order, and the
 * entries left out with the reason. Each entry is looked at by itself (lstat), so one odd entry never
 * makes the whole folder unreadable: a symbolic link is not followed (it may lead to another client's
 * photo), a name that is not UTF-8 cannot be opened by the name the system gives back, and only a
 * regular file is a photo (a FIFO named .jpg would block the worker that reads it).
 */
export function photoFolder(path: string): { files: string[]; skipped: SkippedEntry[] } {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  if (statSync(path).isFile()) return { files: [path], skipped };
  const list = (dir: string, depth: number) => {
    let names: Buffer[];
    try {
      names = readdirSync(dir, { encoding: 'buffer' });
    } catch {
      if (depth === 0) throw new DeskError('FILE_INVALID', `无法读取文件夹：${dir}`);
      skipped.push({ file: dir, reason: SKIPPED.unreadable });
      return;
    }
    const entries = names.map((raw) => ({ raw, name: raw.toString('utf8') })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { raw, name } of entries) {
      const file = join(dir, name);
      let st: Stats;
      try {
        // by its own bytes: a name that is not UTF-8 has no string the file system would find
        st = lstatSync(Buffer.concat([Buffer.from(dir + sep), raw]));
      } catch {
        if (isPhotoName(name)) skipped.push({ file, reason: SKIPPED.unreadable });
        continue;
      }
      const folder = st.isDirectory() && depth === 0;
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        if (folder || isPhotoName(name)) skipped.push({ file, reason: SKIPPED.notUtf8 + asGbk(raw) });
      } else if (st.isSymbolicLink()) skipped.push({ file, reason: SKIPPED.link });
      else if (folder) list(file, 1);
      else if (!isPhotoName(name) || st.isDirectory()) continue;
      else if (st.isFile()) files.push(file);
      else skipped.push({ file, reason: SKIPPED.notFile });
    }
  };
  list(path, 0);
  return { files, skipped };
}

/** The image files of a file or folder (photoFolder without the entries it left out). */
export function photoFiles(path: string): string[] {
  return photoFolder(path).files;
}

/** The report of an entry left out of a folder's check: failed as unreadable, with the reason. */
export function skippedReport({ file, reason }: SkippedEntry, kind: PhotoKind): PhotoReport {
  return { file, kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: reason }], faces: [], sha256: null, dhash: null };
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

const timedOut = (ms: number) => `照片处理超时（超过 ${Math.round(ms / 1000)} 秒）：请重试；若一再超时，请重启备案助手`;

/** One photo's task on a worker, given up after `deadlineMs` (it runs on to its end on the worker, its result dropped). */
const photoTask = <T extends WorkerTask>(task: T, transfer: ArrayBufferLike[] = [], deadlineMs = PHOTO_TASK_DEADLINE_MS) =>
  withDeadline(deadlineMs, timedOut(deadlineMs), (signal) => runOnWorker(task, transfer, signal));

/** The kind a file name suggests, else the fallback. */
export function inferKind(file: string, fallback: PhotoKind): PhotoKind {
  return kindFromName(file) ?? fallback;
}

/** One photo on a worker thread; a worker that died under it gets one more try on a fresh one, a photo past its deadline none; then the photo fails with the reason. */
async function checkOnWorker(file: string, kind: PhotoKind, provider: string, thumbnail: boolean, deadlineMs = PHOTO_TASK_DEADLINE_MS): Promise<PhotoReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await photoTask({ task: 'photo.check', file, kind, provider, thumbnail }, [], deadlineMs);
    } catch (err) {
      if (attempt < 2 && !(err instanceof PastDeadline)) continue;
      const why = err instanceof DeskError ? err.message : '检查失败';
      return { file, kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: why }], faces: [], sha256: null, dhash: null, ...(thumbnail ? { thumbnail: null } : {}) };
    }
  }
}

/** A photo already in memory (a decrypted material), checked on a worker thread: face detection never runs on the caller's thread. */
export async function checkPhotoOffThread(file: string, data: Uint8Array, kind: PhotoKind, provider: string): Promise<PhotoReport> {
  const own = new Uint8Array(data); // a copy the worker may take over, so the caller's buffer stays usable
  return await photoTask({ task: 'photo.check', file, kind, provider, data: own }, [own.buffer]);
}

/** A photo file repaired (repair.ts) on a worker thread: the caller writes the result where it belongs. */
export async function repairOnWorker(file: string, kind: PhotoKind, provider: string, watermark?: string | boolean): Promise<Omit<RepairResult, 'jpeg'> & { jpeg: Uint8Array }> {
  return await photoTask({ task: 'photo.repair', file, kind, provider, ...(watermark ? { watermark } : {}) });
}

/**
 * `kindOf` gives a photo's own kind (the operator's choice in the grid); else `kind` for all, else the name's.
 * `thumbnails`: each report also carries the grid's thumbnail, made on the worker from the check's decode.
 * `deadlineMs` (PHOTO_TASK_DEADLINE_MS unless a test asks for less): a photo whose check takes longer fails with
 * the reason, not tried again (a worker that died under a photo is), and the batch goes on.
 */
export async function checkPhotos(files: string[], options: { kind?: PhotoKind; kindOf?: (file: string) => PhotoKind | undefined; provider: string; known?: { sha256: string; dhash: string | null; owner: string }[]; threads?: number; thumbnails?: boolean; deadlineMs?: number }, control: JobControl): Promise<PhotoReport[]> {
  const index = duplicateIndex(options.known ?? []);
  const size = Math.max(1, Math.min(options.threads ?? POOL_THREADS, files.length));
  const raw: PhotoReport[] = [];
  let next = 0;
  let done = 0;
  // 取消 is heard as a thread takes its next photo (none left: not looked at): the photos already on a worker are
  // checked to their end and kept, so a 取消 asked once the last one is taken comes too late (jobs.ts: cancelTooLate).
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < files.length && !control.cancelled) {
        const i = next++;
        const file = files[i]!;
        raw[i] = await checkOnWorker(file, options.kindOf?.(file) ?? options.kind ?? inferKind(file, 'curtain'), options.provider, options.thumbnails ?? false, options.deadlineMs);
        control.progress(++done, files.length);
      }
    }),
  );
  // Duplicates in file order: the first of two equal photos passes, the later one is flagged.
  return raw.filter(Boolean).map((r) => {
    const out = withDuplicateCheck(r, index);
    // a sheet is someone else's only as the same file: its hash joins no near match (duplicates.ts)
    if (r.sha256 && r.dhash) index.add(r.sha256, matchesNearly(r.kind) ? r.dhash : null, r.file.split(/[\\/]/).pop()!);
    return out;
  });
}
