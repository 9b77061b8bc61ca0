// The photo gate's rows: each stored photo's own check result (per provider and checker version), the
// photos an order's photo is compared with for duplicates, and the operator's written acceptances.
import type { PhotoCheckStatus } from '../../domain/enums';
import { chunks, batchRows, inList } from '../chunk';
import type { RepoContext } from './context';
import { bumpRevisionOfMaterial } from './revision';

export interface StoredPhotoCheck {
  materialId: number;
  status: PhotoCheckStatus;
  checks: { id: string; status: PhotoCheckStatus; value: string | number | null; threshold: string | number | null; message: string }[];
  dhash: string | null;
}

export async function photoChecksOf(ctx: RepoContext, materialIds: readonly number[], provider: string, checkerVersion: number): Promise<Map<number, StoredPhotoCheck>> {
  const out = new Map<number, StoredPhotoCheck>();
  for (const part of chunks(materialIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('material_photo_check').selectAll().where(inList(ctx, 'material_id', part)).where('provider', '=', provider).where('checker_version', '=', checkerVersion));
    for (const r of rows) out.set(r.material_id, { materialId: r.material_id, status: r.status, checks: JSON.parse(r.checks_json) as StoredPhotoCheck['checks'], dhash: r.dhash });
  }
  return out;
}

export async function savePhotoCheck(ctx: RepoContext, provider: string, checkerVersion: number, c: StoredPhotoCheck): Promise<void> {
  const row = { material_id: c.materialId, provider, checker_version: checkerVersion, status: c.status, checks_json: JSON.stringify(c.checks), dhash: c.dhash, checked_at: ctx.now() };
  await ctx.db.insertInto('material_photo_check').values(row).onConflict((oc) => oc.columns(['material_id', 'provider']).doUpdateSet(row)).execute();
  // a photo result is part of the client's findings (V-MAT-02/03), and no operator's act with a log entry
  await bumpRevisionOfMaterial(ctx, c.materialId);
}

/** A stored photo another one may duplicate: whose it is and which orders use it. */
export interface PhotoTwin {
  materialId: number;
  entityId: number;
  owner: string;
  exact: boolean;
  dhash: string | null;
  orderIds: number[];
}

/** Materials other than `materialId` with the same bytes, or any difference hash (the caller measures the distance). */
export async function photoTwinCandidates(ctx: RepoContext, materialId: number, sha256: string): Promise<PhotoTwin[]> {
  const exact = await ctx.db.selectFrom('material as m').innerJoin('entity as e', 'e.id', 'm.entity_id').select(['m.id', 'm.entity_id', 'e.name']).where('m.sha256', '=', sha256).where('m.id', '!=', materialId).execute();
  const hashed = await ctx.db
      .selectFrom('material_photo_check as c')
      .innerJoin('material as m', 'm.id', 'c.material_id')
      .innerJoin('entity as e', 'e.id', 'm.entity_id')
      .select(['m.id', 'm.entity_id', 'e.name', 'c.dhash', 'm.sha256'])
      .distinct()
      .where('c.dhash', 'is not', null)
      .where('m.id', '!=', materialId)
      .where('m.sha256', '!=', sha256).execute();
  const twins = new Map<number, PhotoTwin>();
  for (const r of exact) twins.set(r.id, { materialId: r.id, entityId: r.entity_id, owner: r.name, exact: true, dhash: null, orderIds: [] });
  for (const r of hashed) if (!twins.has(r.id)) twins.set(r.id, { materialId: r.id, entityId: r.entity_id, owner: r.name, exact: false, dhash: r.dhash, orderIds: [] });
  const uses = await ordersUsing(ctx, [...twins.keys()]);
  return [...twins.values()].map((t) => ({ ...t, orderIds: uses.get(t.materialId) ?? [] }));
}

/** The orders each material is attached to. */
export async function ordersUsing(ctx: RepoContext, materialIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const part of chunks(materialIds)) {
    for (const r of await batchRows(ctx, ctx.db.selectFrom('order_material').select(['material_id', 'order_id']).distinct().where(inList(ctx, 'material_id', part)))) {
      out.set(r.material_id, [...(out.get(r.material_id) ?? []), r.order_id]);
    }
  }
  return out;
}

export interface PhotoOverrideRow {
  slot: string;
  materialId: number;
  reason: string;
  actor: string;
  at: string;
}

export async function insertPhotoOverride(ctx: RepoContext, orderId: number, o: { slot: string; materialId: number; reason: string }): Promise<void> {
  await ctx.db
      .insertInto('order_photo_override')
      .values({ order_id: orderId, slot: o.slot, material_id: o.materialId, reason: o.reason, actor: ctx.actor, at: ctx.now() })
      .onConflict((oc) => oc.columns(['order_id', 'slot', 'material_id']).doUpdateSet({ reason: o.reason, actor: ctx.actor, at: ctx.now() })).execute();
}

export async function photoOverridesOf(ctx: RepoContext, orderId: number): Promise<PhotoOverrideRow[]> {
  return (await ctx.db.selectFrom('order_photo_override').selectAll().where('order_id', '=', orderId).orderBy('id').execute())
    .map((r) => ({ slot: r.slot, materialId: r.material_id, reason: r.reason, actor: r.actor, at: r.at }));
}
