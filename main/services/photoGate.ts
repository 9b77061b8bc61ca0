// The photo gate: the verdict on each photo an order uses. A photo's own checks (what the file shows)
// are measured once per provider profile and checker version and kept; duplicates are judged each time,
// against the store, for this client and this order (main/photos/duplicates.ts).
import type { Desk } from '../desk';
import { getMaterial } from '../db/repositories/materials';
import { ordersUsing, photoChecksOf, photoTwinCandidates, savePhotoCheck } from '../db/repositories/photoGate';
import type { MaterialView } from '../domain/views';
import type { PhotoVerdict } from '../filings/checklist';
import { PHOTO_CHECKER_VERSION } from '../photos/checkerVersion';
import type { PhotoCheckStatus } from '../domain/enums';
import { duplicateCheck, sameAs, type DuplicateContext } from '../photos/duplicates';
import { isPhotoKind, type PhotoKind } from '../domain/enums';
import { megabytes, thresholdsFor } from '../photos/profiles';
import { stopIfCancelled, type JobControl } from '../jobs/jobs';
import { readMaterial } from './materials';

/** The photo kind a material is checked as, or null when it is not a photo (a PDF 核验单, a 授权书 …). */
export function photoKindOf(m: Pick<MaterialView, 'kind' | 'mime'>): PhotoKind | null {
  const kind = isPhotoKind(m.kind) ? m.kind : null;
  // the store takes a signed 核验单 as a PDF too (materialContent.ts): no pixels to measure there
  if (kind === 'sheet' && !m.mime.startsWith('image/')) return null;
  return kind;
}

/**
 * The verdict on a signed 核验单 stored as a PDF, or null when there is none to give. A provider that
 * publishes its formats (a sourced profile) takes the scan as an image only — Tencent: “将证件原件、核验单
 * 原件清晰拍照或彩色扫描后上传，图片后缀必须为.jpg，大小2M内” (S4, domain.md §6) — so the PDF fails there.
 * Where a provider publishes none, whether it takes a PDF is unknown (domain.md §6 UNSOURCED): not judged.
 * The desk cannot turn a PDF into a picture, so the fix is a new scan.
 */
export function sheetFileVerdict(m: Pick<MaterialView, 'kind' | 'mime'>, provider: string): PhotoVerdict | null {
  if (m.kind !== 'sheet' || m.mime.startsWith('image/')) return null;
  const { t, sourced, providerName } = thresholdsFor('sheet', provider);
  if (!sourced) return null;
  const formats = t.formats.map((f) => f.toUpperCase()).join('/');
  const message = `${providerName}要求核验单为 ${formats} 扫描件或照片（${megabytes(t.maxBytes)} 以内），这份是 PDF：请把签字（盖章）后的核验单扫描或拍照为 ${formats} 后重新上传`;
  return { status: 'fail', checks: [{ id: 'format', status: 'fail', value: 'pdf', threshold: t.formats.join('/'), message }] };
}

/**
 * Measures the photos among `materialIds` that have no stored result yet for this provider and checker. Under a job
 * (`control`), each photo is a step it reports — none when every one is measured — and a 取消 is heard between photos.
 */
export async function measurePhotos(desk: Desk, materialIds: readonly number[], provider: string, control?: JobControl): Promise<void> {
  // the checker and its worker pool (sharp, fft.js, piscina) load when a photo is measured, not when orders are read
  const { checkPhotoOffThread } = await import('../photos/batch');
  const known = await photoChecksOf(desk.ctx, materialIds, provider, PHOTO_CHECKER_VERSION);
  const todo: { m: MaterialView; kind: PhotoKind }[] = [];
  for (const id of new Set(materialIds)) {
    if (known.has(id)) continue;
    const m = await getMaterial(desk.ctx, id);
    const kind = m && photoKindOf(m);
    if (m && kind) todo.push({ m, kind });
  }
  if (todo.length) control?.progress(0, todo.length);
  for (const [i, { m, kind }] of todo.entries()) {
    if (control) stopIfCancelled(control);
    const { data } = await readMaterial(desk, m.id);
    const report = await checkPhotoOffThread(m.fileName, data, kind, provider);
    await desk.sql.tx(() => savePhotoCheck(desk.ctx, provider, PHOTO_CHECKER_VERSION, { materialId: m.id, status: report.status, checks: report.checks, dhash: report.dhash }));
    control?.progress(i + 1, todo.length);
  }
}

const overall = (statuses: PhotoCheckStatus[]): PhotoCheckStatus => (statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass');

/**
 * The verdict on one stored photo for this client and order; null when the material is not a photo.
 * Without a context the stored result alone is read (check-all over every client: duplicates compare
 * against the whole store, so they are judged where an order uses the photo).
 */
export async function photoVerdict(desk: Desk, m: MaterialView, provider: string, ctx: DuplicateContext | null): Promise<PhotoVerdict | null> {
  const kind = photoKindOf(m);
  if (!kind) return sheetFileVerdict(m, provider);
  const stored = (await photoChecksOf(desk.ctx, [m.id], provider, PHOTO_CHECKER_VERSION)).get(m.id);
  if (!stored) return { status: 'unchecked', checks: [] };
  if (!ctx) return { status: stored.status, checks: stored.checks };
  const twins = sameAs(kind, stored.dhash, await photoTwinCandidates(desk.ctx, m.id, m.sha256));
  const checks = [...stored.checks, duplicateCheck(kind, twins, (await ordersUsing(desk.ctx, [m.id])).get(m.id) ?? [], ctx)];
  return { status: overall(checks.map((c) => c.status)), checks };
}
