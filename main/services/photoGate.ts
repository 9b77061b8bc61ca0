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
import { readMaterial } from './materials';

/** The photo kind a material is checked as, or null when it is not a photo (a PDF 核验单, a 授权书 …). */
export function photoKindOf(m: Pick<MaterialView, 'kind' | 'mime'>): PhotoKind | null {
  const kind = isPhotoKind(m.kind) ? m.kind : null;
  // a signed 核验单 may be uploaded as a PDF scan (S4): nothing to measure there
  if (kind === 'sheet' && !m.mime.startsWith('image/')) return null;
  return kind;
}

/** Measures the photos among `materialIds` that have no stored result yet for this provider and checker. */
export async function measurePhotos(desk: Desk, materialIds: readonly number[], provider: string): Promise<void> {
  // the checker and its worker pool (sharp, fft.js, piscina) load when a photo is measured, not when orders are read
  const { checkPhotoOffThread } = await import('../photos/batch');
  const known = await photoChecksOf(desk.ctx, materialIds, provider, PHOTO_CHECKER_VERSION);
  for (const id of new Set(materialIds)) {
    if (known.has(id)) continue;
    const m = await getMaterial(desk.ctx, id);
    const kind = m && photoKindOf(m);
    if (!m || !kind) continue;
    const { data } = await readMaterial(desk, id);
    const report = await checkPhotoOffThread(m.fileName, data, kind, provider);
    await desk.sql.tx(() => savePhotoCheck(desk.ctx, provider, PHOTO_CHECKER_VERSION, { materialId: id, status: report.status, checks: report.checks, dhash: report.dhash }));
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
  if (!kind) return null;
  const stored = (await photoChecksOf(desk.ctx, [m.id], provider, PHOTO_CHECKER_VERSION)).get(m.id);
  if (!stored) return { status: 'unchecked', checks: [] };
  if (!ctx) return { status: stored.status, checks: stored.checks };
  const twins = sameAs(kind, stored.dhash, await photoTwinCandidates(desk.ctx, m.id, m.sha256));
  const checks = [...stored.checks, duplicateCheck(kind, twins, (await ordersUsing(desk.ctx, [m.id])).get(m.id) ?? [], ctx)];
  return { status: overall(checks.map((c) => c.status)), checks };
}
