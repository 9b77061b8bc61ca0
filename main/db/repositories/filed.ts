// Filed snapshots (已备案信息), and the record each order submitted (order_submitted, migration 0027), from
// which its approval builds the next snapshot. Both records are kept as JSON with every personal value
// sealed by the codec under the same kind as its column, so they are as protected at rest as the rows they
// were taken from.
import type { FiledOrigin, FiledRecord, FiledState, FiledStatus } from '../../domain/filed';
import type { FilingType } from '../../domain/enums';
import type { SensitiveKind } from '../sensitive';
import { sql } from 'kysely';
import { batchRows, chunks, inList } from '../chunk';
import { runPrepared } from '../dialect';
import type { RepoContext } from './context';

const PERSON_SEALED: [keyof FiledRecord['people'][number], SensitiveKind][] = [
  ['certNumber', 'cert'],
  ['mobile', 'mobile'],
  ['emergencyPhone', 'phone'],
  ['email', 'email'],
];

function mapSealed(record: FiledRecord, f: (kind: SensitiveKind, v: string) => string): FiledRecord {
  return {
    entity: { ...record.entity, certNumber: f('cert', record.entity.certNumber) },
    people: record.people.map((p) => {
      const out = { ...p } as Record<string, unknown>;
      for (const [k, kind] of PERSON_SEALED) out[k] = f(kind, String(p[k] ?? ''));
      return out as FiledRecord['people'][number];
    }),
    websites: record.websites,
  };
}

export const sealFiledRecord = (ctx: RepoContext, r: FiledRecord) => JSON.stringify(mapSealed(r, (k, v) => ctx.codec.seal(k, v)));
export const openFiledRecord = (ctx: RepoContext, json: string) => mapSealed(JSON.parse(json) as FiledRecord, (k, v) => ctx.codec.open(k, v));

type Row = { id: number; entity_id: number; version: number; filed_at: string; origin: FiledOrigin; order_id: number | null; status: FiledStatus; entity_icp_number: string | null; providers_json: string; record_json: string };

function toState(ctx: RepoContext, r: Row): FiledState {
  return {
    id: r.id,
    entityId: r.entity_id,
    version: r.version,
    filedAt: r.filed_at,
    origin: r.origin,
    orderId: r.order_id,
    status: r.status,
    entityIcpNumber: r.entity_icp_number,
    providers: JSON.parse(r.providers_json) as string[],
    record: openFiledRecord(ctx, r.record_json),
  };
}

/** The client's filed state now (its highest version), or null when nothing was filed. */
export async function latestFiled(ctx: RepoContext, entityId: number): Promise<FiledState | null> {
  const r = await ctx.db.selectFrom('filed_snapshot').selectAll().where('entity_id', '=', entityId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? toState(ctx, r) : null;
}

/**
 * The filed state now of each of many clients (latestFiled for each), one query per slice of ids: check-all reads
 * it for a slice's clients with an open order. A client with nothing filed is absent.
 */
export async function latestFiledOf(ctx: RepoContext, entityIds: readonly number[]): Promise<Map<number, FiledState>> {
  const out = new Map<number, FiledState>();
  for (const part of chunks(entityIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('filed_snapshot').selectAll().where(inList(ctx, 'entity_id', part)).orderBy('entity_id').orderBy('version', 'desc'));
    // each client's first row is its highest version: only that one's record is opened
    for (const r of rows) if (!out.has(Number(r.entity_id))) out.set(Number(r.entity_id), toState(ctx, r));
  }
  return out;
}

/**
 * Per client, the websites a filed version listed that its newest one no longer lists: taken off the record by
 * an approved 注销网站, 取消接入 or 注销主体 (filings/filedTransitions.ts). Their 备案号 was cleared on approval,
 * which leaves them looking like drafts never filed; this tells the two apart. Clients with none are absent.
 * Only the websites' ids are read: they are not sealed, so no personal value is opened.
 */
export async function websitesOffRecordOf(ctx: RepoContext, entityIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const part of chunks(entityIds)) {
    let entity = -1;
    let newest = -1;
    let listedNow = new Set<number>();
    // one row per website of each version in the record's order (one with no website id for a version listing
    // none), each client's newest version first: what is on record now
    for (const r of (await runPrepared(ctx.db, ctx.sql.dialect, listedWebsites(ctx, part))).rows) {
      if (Number(r.entity_id) !== entity) {
        entity = Number(r.entity_id);
        newest = Number(r.version);
        listedNow = new Set();
      }
      if (r.website_id === null) continue;
      const id = Number(r.website_id);
      if (Number(r.version) === newest) {
        listedNow.add(id);
        continue;
      }
      if (listedNow.has(id)) continue;
      const off = out.get(entity) ?? [];
      if (!off.includes(id)) off.push(id);
      out.set(entity, off);
    }
  }
  return out;
}

/**
 * The website ids each filed version of these clients lists, taken out of the record's JSON by the store: check-all
 * asks this of every client with a site without 备案号 — those a 注销 left, and every cancelled 主体's — and parsing
 * each of their versions' whole records here (1.5–2 KB apiece, sealed values and all) cost about 40 µs a client of
 * five versions, more than its share of the worker's rules, and on a team database shipped every record to the desk.
 */
function listedWebsites(ctx: RepoContext, entityIds: readonly number[]) {
  const where = inList(ctx, 's.entity_id', entityIds);
  return ctx.sql.dialect.name === 'postgres'
    ? sql<ListedWebsite>`SELECT s.entity_id, s.version, (w.value ->> 'websiteId')::bigint AS website_id FROM filed_snapshot s LEFT JOIN LATERAL json_array_elements(s.record_json::json -> 'websites') WITH ORDINALITY AS w(value, i) ON true WHERE ${where} ORDER BY s.entity_id, s.version DESC, w.i`
    : sql<ListedWebsite>`SELECT s.entity_id, s.version, json_extract(w.value, '$.websiteId') AS website_id FROM filed_snapshot s LEFT JOIN json_each(s.record_json, '$.websites') AS w ON 1 = 1 WHERE ${where} ORDER BY s.entity_id, s.version DESC, w.key`;
}
type ListedWebsite = { entity_id: number; version: number; website_id: number | null };

/** Every version, newest first, without opening the records. */
export async function filedVersions(ctx: RepoContext, entityId: number): Promise<{ version: number; filedAt: string; origin: FiledOrigin; orderId: number | null; status: FiledStatus }[]> {
  return (await ctx.db.selectFrom('filed_snapshot').select(['version', 'filed_at', 'origin', 'order_id', 'status']).where('entity_id', '=', entityId).orderBy('version', 'desc').execute())
    .map((r) => ({ version: r.version, filedAt: r.filed_at, origin: r.origin, orderId: r.order_id, status: r.status }));
}

export async function allFiled(ctx: RepoContext, entityId: number): Promise<FiledState[]> {
  return (await ctx.db.selectFrom('filed_snapshot').selectAll().where('entity_id', '=', entityId).orderBy('version').execute()).map((r) => toState(ctx, r));
}

/** Adds the next version; returns it. */
export async function insertFiled(ctx: RepoContext, s: Omit<FiledState, 'id' | 'version'> & { version?: number }): Promise<number> {
  const last = (await ctx.db.selectFrom('filed_snapshot').select((eb) => eb.fn.max<number>('version').as('v')).where('entity_id', '=', s.entityId).executeTakeFirst())?.v ?? 0;
  const version = s.version ?? Number(last) + 1;
  await ctx.db.insertInto('filed_snapshot').values({
      entity_id: s.entityId,
      version,
      filed_at: s.filedAt,
      origin: s.origin,
      order_id: s.orderId,
      status: s.status,
      entity_icp_number: s.entityIcpNumber,
      providers_json: JSON.stringify(s.providers),
      record_json: sealFiledRecord(ctx, s.record),
      created_at: ctx.now(),
    }).execute();
  return version;
}

/** Snapshots written by an older codec (the plaintext first version): re-sealed with ctx.codec. */
export async function resealFiled(ctx: RepoContext, old: { open(kind: SensitiveKind, sealed: string): string }, marker: string): Promise<number> {
  const rows = await ctx.db.selectFrom('filed_snapshot').select(['id', 'record_json']).execute();
  let n = 0;
  for (const r of rows) {
    if (!r.record_json.includes(`"${marker}`)) continue;
    const clear = mapSealed(JSON.parse(r.record_json) as FiledRecord, (k, v) => (v.startsWith(marker) ? old.open(k, v) : ctx.codec.open(k, v)));
    await ctx.db.updateTable('filed_snapshot').set({ record_json: sealFiledRecord(ctx, clear) }).where('id', '=', r.id).execute();
    n++;
  }
  return n;
}

/** An order's submitted record as stored: its time and the sealed JSON (a check-in carries it as it is). */
export interface SealedSubmitted {
  submittedAt: string;
  sealed: string;
}

/** The sealed record the order submitted at its last move to 初审中; null when it has none (see below). */
export async function submittedSealedOf(ctx: RepoContext, orderId: number): Promise<SealedSubmitted | null> {
  const r = await ctx.db.selectFrom('order_submitted').select(['submitted_at', 'record_json']).where('order_id', '=', orderId).executeTakeFirst();
  return r ? { submittedAt: r.submitted_at, sealed: r.record_json } : null;
}

/**
 * What the order submitted, opened; null when it was never submitted, or was submitted before migration
 * 0027 (its approval then takes the client's current record, as it did before).
 */
export async function submittedRecordOf(ctx: RepoContext, orderId: number): Promise<{ submittedAt: string; record: FiledRecord } | null> {
  const s = await submittedSealedOf(ctx, orderId);
  return s ? { submittedAt: s.submittedAt, record: openFiledRecord(ctx, s.sealed) } : null;
}

/** Every submitted record kept for the client's orders, opened, oldest order first (a person's access request lists them). */
export async function submittedOfEntity(ctx: RepoContext, entityId: number): Promise<{ orderId: number; type: FilingType; submittedAt: string; record: FiledRecord }[]> {
  const rows = await ctx.db
    .selectFrom('order_submitted')
    .innerJoin('filing_order', 'filing_order.id', 'order_submitted.order_id')
    .select(['order_submitted.order_id', 'filing_order.type', 'order_submitted.submitted_at', 'order_submitted.record_json'])
    .where('filing_order.entity_id', '=', entityId)
    .orderBy('order_submitted.order_id')
    .execute();
  return rows.map((r) => ({ orderId: Number(r.order_id), type: r.type, submittedAt: r.submitted_at, record: openFiledRecord(ctx, r.record_json) }));
}

/** Keeps (or replaces: a resubmission after 驳回) the order's submitted record, already sealed. */
export async function putSubmittedSealed(ctx: RepoContext, orderId: number, s: SealedSubmitted): Promise<void> {
  await ctx.db
    .insertInto('order_submitted')
    .values({ order_id: orderId, submitted_at: s.submittedAt, record_json: s.sealed })
    .onConflict((oc) => oc.column('order_id').doUpdateSet({ submitted_at: s.submittedAt, record_json: s.sealed }))
    .execute();
}

/** Keeps (or replaces) what the order submitted now, sealed as a filed snapshot is. */
export const saveSubmittedRecord = (ctx: RepoContext, orderId: number, record: FiledRecord): Promise<void> =>
  putSubmittedSealed(ctx, orderId, { submittedAt: ctx.now(), sealed: sealFiledRecord(ctx, record) });

/** Submitted records written by an older codec: re-sealed with ctx.codec, as resealFiled does for snapshots. */
export async function resealSubmitted(ctx: RepoContext, old: { open(kind: SensitiveKind, sealed: string): string }, marker: string): Promise<number> {
  const rows = await ctx.db.selectFrom('order_submitted').select(['order_id', 'record_json']).execute();
  let n = 0;
  for (const r of rows) {
    if (!r.record_json.includes(`"${marker}`)) continue;
    const clear = mapSealed(JSON.parse(r.record_json) as FiledRecord, (k, v) => (v.startsWith(marker) ? old.open(k, v) : ctx.codec.open(k, v)));
    await ctx.db.updateTable('order_submitted').set({ record_json: sealFiledRecord(ctx, clear) }).where('order_id', '=', r.order_id).execute();
    n++;
  }
  return n;
}
