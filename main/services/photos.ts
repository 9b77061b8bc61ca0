// The photo desk's services: check a folder of photos as a job (with thumbnails for the grid, made on the
// worker pool from each check's own decode, and
// duplicates judged against every photo already stored), and repair chosen files into an output folder
// beside the checked one, never over a file.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import type { JobControl } from '../jobs/jobs';
import { checkPhotoOffThread, checkPhotos, inferKind, kindFromName, photoFolder, repairOnWorker, skippedReport } from '../photos/batch';
import { ordersUsing, photoTwinCandidates, savePhotoCheck } from '../db/repositories/photoGate';
import { storedFileOwners } from '../db/repositories/materials';
import { duplicateIndex, PHOTO_CHECKER_VERSION, type PhotoReport } from '../photos/checks';
import { duplicateCheck, sameAs } from '../photos/duplicates';
import { WATERMARK_KINDS } from '../photos/profiles';
import { isPhotoKind, type PhotoKind } from '../domain/enums';
import { writeNewFileAtomic } from '../files/atomicWrite';
import { ensureOutputFolder, fileSystemError } from '../files/outputFolder';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readMaterial } from './materials';

/** How a photo's kind was decided: set by the operator, guessed from its file name, or neither (幕布照片 assumed). */
export type KindSource = 'chosen' | 'name' | 'default';

export interface DeskPhotoReport extends PhotoReport {
  thumbnail: string | null;
  kindSource: KindSource;
}

export interface PhotoCheckOptions {
  /** One kind for the whole batch. */
  kind?: PhotoKind;
  /** A kind per photo, by its full path: the operator's choice in the grid, kept over a re-check. */
  kinds?: Record<string, PhotoKind>;
  provider: string;
}

const kindSourceOf = (file: string, options: PhotoCheckOptions): KindSource => (options.kinds?.[file] || options.kind ? 'chosen' : kindFromName(file) ? 'name' : 'default');

async function knownPhotos(desk: Desk) {
  // Stored photos are named by content: an exact duplicate of a stored file is found by its SHA-256.
  return (await storedFileOwners(desk.ctx)).map((k) => ({ ...k, dhash: null }));
}

/**
 * The photos of a folder checked, then the entries left out of it (a link, a name that is not UTF-8, a
 * FIFO …) as failed reports with the reason, so the grid shows why they were not checked.
 */
export async function checkPhotoFolder(desk: Desk, dir: string, options: PhotoCheckOptions, control: JobControl): Promise<DeskPhotoReport[]> {
  let folder: ReturnType<typeof photoFolder>;
  try {
    folder = photoFolder(resolve(dir));
  } catch (err) {
    if (err instanceof DeskError) throw err;
    throw new DeskError('FILE_INVALID', `找不到文件夹：${dir}`);
  }
  const { files, skipped } = folder;
  if (!files.length && !skipped.length) throw new DeskError('FILE_INVALID', '文件夹中没有照片（JPG/PNG 等）');
  const reports = files.length ? await checkPhotos(files, { ...(options.kind ? { kind: options.kind } : {}), kindOf: (f) => options.kinds?.[f], provider: options.provider, known: await knownPhotos(desk), thumbnails: true }, control) : [];
  const left = skipped.map((s) => skippedReport(s, options.kinds?.[s.file] ?? options.kind ?? inferKind(s.file, 'curtain')));
  return [...reports, ...left].map((r) => ({ ...r, thumbnail: r.thumbnail ?? null, kindSource: kindSourceOf(r.file, options) }));
}

/**
 * One photo of the grid checked again as the kind the operator chose for it. Duplicates are judged
 * against the store only (the rest of the batch was judged when the folder was checked).
 */
export async function recheckPhoto(desk: Desk, file: string, kind: PhotoKind, provider: string): Promise<DeskPhotoReport> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new DeskError('FILE_INVALID', `找不到照片：${path}（可能已被移动或删除），请重新检查文件夹`);
  const [r] = await checkPhotos([path], { kind, provider, known: await knownPhotos(desk), threads: 1, thumbnails: true }, { progress: () => undefined, cancelled: false });
  return { ...r!, thumbnail: r!.thumbnail ?? null, kindSource: 'chosen' };
}

/** What fixPhotos did with one photo: where its repaired copy went, or why there is none. */
export interface FixedPhoto {
  file: string;
  out: string | null;
  bytes: number;
  error: string | null;
}

/** Whether a path relative to a folder leads out of it (a name such as “..照片” stays inside). */
const leadsOut = (rel: string) => rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
const isInside = (folder: string, path: string) => !leadsOut(relative(folder, path));

/**
 * A path as the file system names it, so that a link or a differently written path to the same folder
 * compares equal: its longest existing part resolved, the rest (a folder not made yet) appended.
 */
function realPath(path: string): string {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...missing);
    } catch {
      if (dirname(at) === at) return resolve(path);
      missing.unshift(basename(at));
    }
  }
}

/** `a.jpg`, then `a-2.jpg`, `a-3.jpg` … */
function* freeNames(target: string): Generator<string> {
  yield target;
  const stem = target.replace(/\.jpg$/, '');
  for (let n = 2; n <= 999; n++) yield `${stem}-${n}.jpg`;
}

type FixOptions = PhotoCheckOptions & { watermark?: string | boolean };

/**
 * Repairs the chosen photos of the checked folder `dir` into `outDir`, each under its path relative to
 * `dir` (the photo desk reads one level of sub-folders, one per client: 张三/身份证正面.jpg and
 * 李四/身份证正面.jpg stay two files) as .jpg. A repaired copy never replaces a file: a name already taken
 * (a.jpg beside a.png, or an earlier repair) gets the next free one, a-2.jpg. The output folder may be
 * neither the checked folder (the originals would sit beside, or under, their copies) nor inside it (the
 * next check of the folder would read the copies as photos of their own). Progress after each photo; a
 * cancelled repair stops before the next photo and keeps what it wrote.
 */
export async function fixPhotos(files: string[], dir: string, outDir: string, options: FixOptions, control: JobControl = { progress: () => undefined, cancelled: false }): Promise<FixedPhoto[]> {
  return await repairInto(fixPlan(files, dir, outDir), options, control);
}

/**
 * The photo desk's repair as a job (photos.fix): a repair of a few hundred photos takes minutes, so the
 * grid shows its progress and can cancel it. A wrong output folder or a photo outside the checked folder
 * is refused before the job starts.
 */
export async function startPhotoFix(desk: Desk, files: string[], dir: string, outDir: string, options: FixOptions): Promise<{ jobId: string }> {
  const plan = fixPlan(files, dir, outDir);
  return { jobId: desk.jobs.start('photos.fix', (control) => repairInto(plan, options, control)) };
}

interface FixPlan {
  target: string;
  sources: { file: string; rel: string }[];
}

function fixPlan(files: string[], dir: string, outDir: string): FixPlan {
  const root = realPath(dir);
  const target = realPath(outDir);
  if (isInside(root, target)) {
    throw new DeskError('VALIDATION', `修复输出文件夹“${target}”是照片所在的文件夹或其中的子文件夹：修复后的照片会与原图混在一起，下次检查时也会被当作原图读入。请另选一个文件夹，如“${root}-已修复”`);
  }
  const sources = files.map((file) => ({ file, rel: relative(root, join(realPath(dirname(resolve(file))), basename(file))) }));
  const outside = sources.find((s) => !s.rel || leadsOut(s.rel));
  if (outside) throw new DeskError('VALIDATION', `照片“${outside.file}”不在所检查的文件夹“${root}”中：请重新检查文件夹后再修复`);
  return { target, sources };
}

async function repairInto({ target, sources }: FixPlan, options: FixOptions, control: JobControl): Promise<FixedPhoto[]> {
  ensureOutputFolder(target);
  const results: FixedPhoto[] = [];
  control.progress(0, sources.length);
  for (const { file, rel } of sources) {
    if (control.cancelled) break;
    const kind = options.kinds?.[file] ?? options.kind ?? inferKind(file, 'curtain');
    const wanted = join(target, rel.replace(/\.[^./\\]+$/, '') + '.jpg');
    try {
      const r = await repairOnWorker(file, kind, options.provider, WATERMARK_KINDS.includes(kind) ? options.watermark : undefined);
      ensureOutputFolder(dirname(wanted));
      const out = writeNewFileAtomic(freeNames(wanted), r.jpeg);
      if (!out) throw new DeskError('FILE_INVALID', `输出文件夹中已有太多名为“${basename(wanted, '.jpg')}”的照片，请另选一个空的输出文件夹`);
      results.push({ file, out, bytes: r.jpeg.byteLength, error: null });
    } catch (err) {
      results.push({ file, out: null, bytes: 0, error: err instanceof DeskError ? err.message : (fileSystemError(err, dirname(wanted))?.message ?? '修复失败') });
    }
    control.progress(results.length, sources.length);
  }
  return results;
}

/**
 * The photo checks of a stored material (decrypted in memory), for the client's material tab: duplicates
 * judged for its client (main/photos/duplicates.ts); the measured result is kept for the order gate.
 */
export async function checkMaterial(desk: Desk, materialId: number, provider = 'tencent'): Promise<PhotoReport | null> {
  const { material, data } = await readMaterial(desk, materialId);
  const kind = isPhotoKind(material.kind) ? material.kind : null;
  if (!kind || !material.mime.startsWith('image/')) return null;
  const report = await checkPhotoOffThread(material.fileName, data, kind, provider);
  await desk.sql.tx(() => savePhotoCheck(desk.ctx, provider, PHOTO_CHECKER_VERSION, { materialId, status: report.status, checks: report.checks, dhash: report.dhash }));
  if (!report.sha256) return report;
  const twins = sameAs(kind, report.dhash, await photoTwinCandidates(desk.ctx, materialId, material.sha256));
  const checks = [...report.checks, duplicateCheck(kind, twins, (await ordersUsing(desk.ctx, [materialId])).get(materialId) ?? [], { entityId: material.entityId, orderId: null })];
  const status = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return { ...report, checks, status };
}

