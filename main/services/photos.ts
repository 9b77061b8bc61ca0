// The photo desk's services: check a folder of photos as a job (with thumbnails for the grid, made on the
// worker pool from each check's own decode, and
// duplicates judged against every photo already stored), and repair chosen files into an output folder.
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import type { JobControl } from '../jobs/jobs';
import { checkPhotoOffThread, checkPhotos, inferKind, kindFromName, photoFiles, repairOnWorker } from '../photos/batch';
import { ordersUsing, photoTwinCandidates, savePhotoCheck } from '../db/repositories/photoGate';
import { storedFileOwners } from '../db/repositories/materials';
import { duplicateIndex, PHOTO_CHECKER_VERSION, type PhotoReport } from '../photos/checks';
import { duplicateCheck, sameAs } from '../photos/duplicates';
import { WATERMARK_KINDS } from '../photos/profiles';
import { isPhotoKind, type PhotoKind } from '../domain/enums';
import { writeFileAtomic } from '../files/atomicWrite';
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

export async function checkPhotoFolder(desk: Desk, dir: string, options: PhotoCheckOptions, control: JobControl): Promise<DeskPhotoReport[]> {
  let files: string[];
  try {
    files = photoFiles(resolve(dir));
  } catch {
    throw new DeskError('FILE_INVALID', `找不到文件夹：${dir}`);
  }
  if (!files.length) throw new DeskError('FILE_INVALID', '文件夹中没有照片（JPG/PNG 等）');
  const reports = await checkPhotos(files, { ...(options.kind ? { kind: options.kind } : {}), kindOf: (f) => options.kinds?.[f], provider: options.provider, known: await knownPhotos(desk), thumbnails: true }, control);
  return reports.map((r) => ({ ...r, thumbnail: r.thumbnail ?? null, kindSource: kindSourceOf(r.file, options) }));
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

export async function fixPhotos(files: string[], outDir: string, options: PhotoCheckOptions & { watermark?: string }): Promise<{ file: string; out: string | null; bytes: number; error: string | null }[]> {
  const target = resolve(outDir);
  mkdirSync(target, { recursive: true });
  const results = [];
  for (const file of files) {
    const kind = options.kinds?.[file] ?? options.kind ?? inferKind(file, 'curtain');
    try {
      const r = await repairOnWorker(file, kind, options.provider, WATERMARK_KINDS.includes(kind) ? options.watermark : undefined);
      const out = join(target, `${basename(file).replace(/\.[^.]+$/, '')}.jpg`);
      writeFileAtomic(out, r.jpeg);
      results.push({ file, out, bytes: r.jpeg.byteLength, error: null });
    } catch (err) {
      results.push({ file, out: null, bytes: 0, error: err instanceof DeskError ? err.message : '修复失败' });
    }
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

