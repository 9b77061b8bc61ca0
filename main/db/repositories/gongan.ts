// The 公安备案 follow-ups of approved orders, one per website. Each row has a row_version (migration 0026):
// the operator's form is saved only over the version it read, like the edit drawers' rows.
import type { RepoContext } from './context';
import { bumpOf } from './rowVersion';

export interface GonganRow {
  orderId: number;
  websiteId: number;
  fields: unknown;
  state: string;
  psbNumber: string | null;
  doneAt: string | null;
  doneBy: string | null;
}

/** A stored row with its id and version: what the form reads and an EDIT_CONFLICT names. */
export interface GonganRecord extends GonganRow {
  id: number;
  rowVersion: number;
}

export async function gonganRecords(ctx: RepoContext, orderId: number): Promise<GonganRecord[]> {
  return (await ctx.db.selectFrom('gongan_filing').selectAll().where('order_id', '=', orderId).orderBy('website_id').execute()).map((r) => ({
    id: Number(r.id),
    orderId: r.order_id,
    websiteId: r.website_id,
    fields: JSON.parse(r.fields_json) as unknown,
    state: r.state,
    psbNumber: r.psb_number,
    doneAt: r.done_at,
    doneBy: r.done_by,
    rowVersion: Number(r.row_version),
  }));
}

/** The rows without their id and version: what a transfer archive carries and a check-in compares. */
export async function gonganRows(ctx: RepoContext, orderId: number): Promise<GonganRow[]> {
  return (await gonganRecords(ctx, orderId)).map(({ id: _i, rowVersion: _v, ...r }) => r);
}

/** The version of the row `id`, or null when there is none (EDIT_CONFLICT's lookup). */
export async function gonganVersion(ctx: RepoContext, id: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('gongan_filing').select('row_version').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

/** The order and website of the row `id`. */
export async function gonganKey(ctx: RepoContext, id: number): Promise<{ orderId: number; websiteId: number } | null> {
  const r = await ctx.db.selectFrom('gongan_filing').select(['order_id', 'website_id']).where('id', '=', id).executeTakeFirst();
  return r ? { orderId: Number(r.order_id), websiteId: Number(r.website_id) } : null;
}

/**
 * The version a new row of a website's 公安备案 starts at: one above every version the website's row has had on
 * this order. A check-in may delete the row and a later one insert it again; a form still open on the old row
 * must not find the new one at the version it read. Every write of the row logs its version (gongan.save,
 * gongan.complete, gongan.remove), and the log only grows, so the highest logged version is the floor.
 */
export async function gonganFirstVersion(ctx: RepoContext, orderId: number, websiteId: number): Promise<number> {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select('detail')
    .where('target_type', '=', 'order')
    .where('target_id', '=', orderId)
    .where('action', 'in', ['gongan.save', 'gongan.complete', 'gongan.remove'])
    .execute();
  let floor = 0;
  for (const r of rows) {
    const d = JSON.parse(r.detail) as { website?: unknown; rowVersion?: unknown };
    if (d.website === websiteId && typeof d.rowVersion === 'number' && d.rowVersion > floor) floor = d.rowVersion;
  }
  return floor + 1;
}

export interface GonganWrite {
  orderId: number;
  websiteId: number;
  fields: unknown;
  state: string;
  psbNumber: string | null;
}

/**
 * Writes a website's 公安备案 row and returns its version after the write, or null when the stored row is
 * not the one `readVersion` names — then nothing is written:
 * - `readVersion` null: the form was read before any save (prefilled), so the row is inserted only if there
 *   still is none; of two first saves at once the second inserts nothing (ON CONFLICT DO NOTHING waits for the
 *   first on PostgreSQL, then finds its row), and is refused, not merged.
 * - a number: updated only over that version, which it bumps (by 0 when `changed` is false).
 * - undefined: a write inside a transaction that read the row itself (marking it 已完成), which cannot be stale.
 */
export async function writeGongan(ctx: RepoContext, r: GonganWrite, readVersion: number | null | undefined, changed = true): Promise<number | null> {
  const now = ctx.now();
  const done = r.state === '已完成' ? { done_at: now, done_by: ctx.actor } : { done_at: null, done_by: null };
  const values = { fields_json: JSON.stringify(r.fields), state: r.state, psb_number: r.psbNumber, ...done, updated_at: now };
  const first = await gonganFirstVersion(ctx, r.orderId, r.websiteId);
  const insert = ctx.db.insertInto('gongan_filing').values({ order_id: r.orderId, website_id: r.websiteId, ...values, created_at: now, row_version: first });
  if (readVersion === null) {
    const row = await insert.onConflict((oc) => oc.columns(['order_id', 'website_id']).doNothing()).returning('row_version').executeTakeFirst();
    return row ? Number(row.row_version) : null;
  }
  if (readVersion === undefined) {
    const row = await insert
      .onConflict((oc) => oc.columns(['order_id', 'website_id']).doUpdateSet((eb) => ({ ...values, row_version: eb('gongan_filing.row_version', '+', bumpOf({ changed })) })))
      .returning('row_version')
      .executeTakeFirstOrThrow();
    return Number(row.row_version);
  }
  const row = await ctx.db
    .updateTable('gongan_filing')
    .set((eb) => ({ ...values, row_version: eb('row_version', '+', bumpOf({ changed })) }))
    .where('order_id', '=', r.orderId)
    .where('website_id', '=', r.websiteId)
    .where('row_version', '=', readVersion)
    .returning('row_version')
    .executeTakeFirst();
  return row ? Number(row.row_version) : null;
}

/** Every website's 公安备案 is done: the order's 30-day deadline no longer runs. */
export async function clearPsbDeadline(ctx: RepoContext, orderId: number): Promise<void> {
  await ctx.db.updateTable('filing_order').set((eb) => ({ psb_due_at: null, updated_at: ctx.now(), row_version: eb('row_version', '+', 1) })).where('id', '=', orderId).execute();
}
