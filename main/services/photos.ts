// The photo desk's services: check a folder of photos as a job (with thumbnails for the grid, and
// duplicates judged against every photo already stored), and repair chosen files into an output folder.
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import sharp from 'sharp';
import { DeskError } from '../api/errors';
import type { Desk } from '../desk';
import type { JobControl } from '../jobs/jobs';
import { checkPhotos, inferKind, photoFiles } from '../photos/batch';
import { ordersUsing, photoTwinCandidates, savePhotoCheck } from '../db/repositories/photoGate';
import { checkPhoto, PHOTO_CHECKER_VERSION, type PhotoReport } from '../photos/checks';
import { duplicateCheck, sameAs } from '../photos/duplicates';
import type { PhotoKind } from '../photos/profiles';
import { repairPhoto } from '../photos/repair';
import { writeFileAtomic } from '../secrets/atomicWrite';
import { readFileSync } from 'node:fs';
import { readMaterial } from './materials';

export interface DeskPhotoReport extends PhotoReport {
  thumbnail: string | null;
}

async function thumbnail(file: string): Promise<string | null> {
  try {
    return (await sharp(file, { limitInputPixels: 100_000_000 }).rotate().resize(320, 320, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer()).toString('base64');
  } catch {
    return null;
  }
}

export async function checkPhotoFolder(desk: Desk, dir: string, options: { kind?: PhotoKind; provider: string }, control: JobControl): Promise<DeskPhotoReport[]> {
  let files: string[];
  try {
    files = photoFiles(resolve(dir));
  } catch {
    throw new DeskError('FILE_INVALID', `找不到文件夹：${dir}`);
  }
  if (!files.length) throw new DeskError('FILE_INVALID', '文件夹中没有照片（JPG/PNG 等）');
  // Stored photos are named by content: an exact duplicate of a stored file is found by its SHA-256.
  const known = (desk.sql.raw.prepare('SELECT m.sha256, e.name AS owner FROM material m JOIN entity e ON e.id = m.entity_id').all() as { sha256: string; owner: string }[]).map((k) => ({ ...k, dhash: null }));
  const reports = await checkPhotos(files, { ...options, known }, control);
  const out: DeskPhotoReport[] = [];
  for (const r of reports) out.push({ ...r, thumbnail: await thumbnail(r.file) });
  return out;
}

export async function fixPhotos(files: string[], outDir: string, options: { kind?: PhotoKind; provider: string; watermark?: string }): Promise<{ file: string; out: string | null; bytes: number; error: string | null }[]> {
  const target = resolve(outDir);
  mkdirSync(target, { recursive: true });
  const results = [];
  for (const file of files) {
    const kind = options.kind ?? inferKind(file, 'curtain');
    try {
      const r = await repairPhoto(readFileSync(file), kind, options.provider, kind === 'curtain' || !options.watermark ? {} : { watermark: options.watermark });
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
  const { material, data } = readMaterial(desk, materialId);
  const kind = PHOTO_KIND_OF[material.kind];
  if (!kind || !material.mime.startsWith('image/')) return null;
  const report = await checkPhoto(material.fileName, data, kind, provider);
  desk.sql.tx(() => savePhotoCheck(desk.ctx, provider, PHOTO_CHECKER_VERSION, { materialId, status: report.status, checks: report.checks, dhash: report.dhash }));
  if (!report.sha256) return report;
  const twins = sameAs(kind, report.dhash, photoTwinCandidates(desk.ctx, materialId, material.sha256));
  const checks = [...report.checks, duplicateCheck(kind, twins, ordersUsing(desk.ctx, [materialId]).get(materialId) ?? [], { entityId: material.entityId, orderId: null })];
  const status = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return { ...report, checks, status };
}

const PHOTO_KIND_OF: Partial<Record<string, PhotoKind>> = { curtain: 'curtain', 'id-front': 'id-front', 'id-back': 'id-back', licence: 'licence', sheet: 'sheet' };
