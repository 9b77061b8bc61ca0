// 主体 rows, the client list and its search.
import { sql as rawSql, type RawBuilder, type Selectable } from 'kysely';
import { DeskError } from '../../domain/errors';
import { maskNumber } from '../../domain/identifiers';
import { FIELD_LABELS } from '../../domain/labels';
import type { EntityFields } from '../../domain/schemas';
import type { EntitySummary, EntityView } from '../../domain/views';
import { chunks, batchRows, inList } from '../chunk';
import { PG_DEADLOCK, pgErrorCode, runPrepared } from '../dialect';
import { ONE_CLIENT_INDEX } from '../migrations/0030-one-client-per-entity';
import type { EntityTable } from '../schema';
import { bumpOf, type VersionedWrite } from './rowVersion';
import type { RepoContext } from './context';
import type { StoredKeys } from './storedKeys';
import { damagedClientError, damagedFieldsOfEntity, openOrNull } from './damagedFields';
import { peopleOfEntities } from './people';
import { boundedMatches, personalMatchIds, planBeyondCap, SEARCH_TOTAL_CAP, type SortKey } from './clientSearch';
import { everyHitMatch, likeScan, textMatch } from './searchIndex';
import { websitesOfEntities } from './websites';

function toColumns(ctx: RepoContext, e: EntityFields) {
  return {
    province: e.province,
    city: e.city,
    district: e.district,
    nature: e.nature,
    cert_type: e.certType,
    cert_number_sealed: ctx.codec.seal('cert', e.certNumber),
    cert_number_index: ctx.codec.index('cert', e.certNumber),
    name: e.name,
    cert_address: e.certAddress,
    investor: e.investor,
    mailing_address: e.mailingAddress,
    remark: e.remark,
    icp_number: e.icpNumber,
    cert_valid_to: e.certValidTo ?? null,
    business_scope: e.businessScope ? e.businessScope : null,
    principal_person_id: e.principalPersonId,
  };
}

/**
 * The new client's id, or null when the store already holds a client with its 主体证件号码 (migration 0030's
 * index): on a team database, another operator's, committed after the caller looked for one. Nothing is
 * written then and, unlike a violation, the transaction goes on (PostgreSQL would abort it), so the caller can
 * read that client to say which it is. The entity table has no other unique key a new row could collide on.
 */
export async function insertEntity(ctx: RepoContext, e: EntityFields): Promise<number | null> {
  const now = ctx.now();
  const r = await ctx.db
    .insertInto('entity')
    .values({ ...toColumns(ctx, e), created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}

/**
 * Whether a new client's insert was given up by PostgreSQL (a deadlock): it waited at the one-client-per-主体
 * index on another transaction's uncommitted client of the same 主体, which waits on this one for another.
 * The only wait a new entity row has is at that index.
 */
export function isDeadlockedClient(err: unknown): boolean {
  return pgErrorCode(err) === PG_DEADLOCK;
}

/**
 * Whether a write failed on the one-client-per-主体 index (migration 0030): another client holds the 主体证件号码
 * it gives a client, committed after the caller looked (an edit of the 主体 on a team server).
 */
export function isSecondClient(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code === '23505') return (err as { constraint?: unknown }).constraint === ONE_CLIENT_INDEX;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && err instanceof Error && err.message.includes('entity.cert_number_index');
}

/** The row's version after the write, or null when it holds another version than `w.readVersion` (or is gone). */
export async function updateEntity(ctx: RepoContext, id: number, e: EntityFields, w: VersionedWrite = {}): Promise<number | null> {
  let q = ctx.db.updateTable('entity').set((eb) => ({ ...toColumns(ctx, e), updated_at: ctx.now(), row_version: eb('row_version', '+', bumpOf(w)) })).where('id', '=', id);
  if (w.readVersion !== undefined) q = q.where('row_version', '=', w.readVersion);
  const r = await q.returning('row_version').executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

/**
 * Writes the 主体备案号 alone (approval, a 注销, 登记已备案), moving the row's version: another operator's save of
 * the 主体's other fields committed meanwhile is kept (a whole-row write from this transaction's earlier read
 * undid it on a team server), and a form still open on the row is refused as stale.
 */
export async function setEntityIcpNumber(ctx: RepoContext, id: number, icpNumber: string | null): Promise<void> {
  await ctx.db.updateTable('entity').set((eb) => ({ icp_number: icpNumber, updated_at: ctx.now(), row_version: eb('row_version', '+', 1) })).where('id', '=', id).execute();
}

/** The version an entity row holds now, or null when it is gone. */
export async function entityVersion(ctx: RepoContext, id: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('entity').select('row_version').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function setEntityPrincipal(ctx: RepoContext, id: number, personId: number): Promise<void> {
  await ctx.db.updateTable('entity').set({ principal_person_id: personId }).where('id', '=', id).execute();
}

export async function touchEntity(ctx: RepoContext, id: number): Promise<void> {
  await ctx.db.updateTable('entity').set({ updated_at: ctx.now(), revision: rawSql<number>`revision + 1` }).where('id', '=', id).execute();
}

export async function deleteEntity(ctx: RepoContext, id: number): Promise<void> {
  await ctx.db.deleteFrom('entity').where('id', '=', id).execute();
}

/** The client holding this 主体证件号码, found by its search key (the number itself is sealed). */
export async function entityWithCertNumber(ctx: RepoContext, certNumber: string, exceptId: number | null = null): Promise<{ id: number; name: string } | undefined> {
  let q = ctx.db.selectFrom('entity').select(['id', 'name']).where('cert_number_index', '=', ctx.codec.index('cert', certNumber));
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return await q.limit(1).executeTakeFirst();
}

export async function entityExists(ctx: RepoContext, id: number): Promise<boolean> {
  return !!await ctx.db.selectFrom('entity').select('id').where('id', '=', id).executeTakeFirst();
}

export async function getEntity(ctx: RepoContext, id: number): Promise<EntityView | undefined> {
  try {
    return await readEntity(ctx, id);
  } catch (err) {
    const damaged = err instanceof DeskError && err.code === 'DATA_TAMPERED' ? await damagedFieldsOfEntity(ctx, id) : [];
    if (!damaged.length) throw err;
    throw damagedClientError(id, (await entityName(ctx, id)) ?? '', damaged);
  }
}

/** A client's name alone (in clear: no personal field is read), or undefined when it is gone. */
export async function entityName(ctx: RepoContext, id: number): Promise<string | undefined> {
  return (await ctx.db.selectFrom('entity').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

async function readEntity(ctx: RepoContext, id: number): Promise<EntityView | undefined> {
  const r = await ctx.db.selectFrom('entity').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return viewOf(ctx, r, await peopleOfEntities(ctx, [id]), await websitesOfEntities(ctx, [id]));
}

/**
 * Many clients read with one query per table (check-all's cold run reads every client): the same views
 * as getEntity, by id; a deleted id is absent. A damaged field throws as in readEntity — the caller reads
 * that slice one by one with getEntity to name the damaged client.
 */
/** With `stored`: the keys of the clients' domains and people's 证件号码 as stored (storedKeys.ts), from the rows read. */
export async function getEntities(ctx: RepoContext, ids: readonly number[], stored?: StoredKeys): Promise<Map<number, EntityView>> {
  const out = new Map<number, EntityView>();
  for (const part of chunks(ids)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('entity').selectAll().where(inList(ctx, 'id', part)));
    const people = byEntity(await peopleOfEntities(ctx, part, stored));
    const websites = byEntity(await websitesOfEntities(ctx, part, stored));
    for (const r of rows) out.set(r.id, viewOf(ctx, r, people.get(r.id) ?? [], websites.get(r.id) ?? []));
  }
  return out;
}

/** Rows of many clients grouped by client (the batch loaders' results). */
export function byEntity<T extends { entityId: number }>(items: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const x of items) {
    const list = map.get(x.entityId);
    if (list) list.push(x);
    else map.set(x.entityId, [x]);
  }
  return map;
}

function viewOf(ctx: RepoContext, r: Selectable<EntityTable>, people: EntityView['people'], websites: EntityView['websites']): EntityView {
  return {
    id: r.id,
    province: r.province,
    city: r.city,
    district: r.district,
    nature: r.nature,
    certType: r.cert_type,
    certNumber: ctx.codec.open('cert', r.cert_number_sealed),
    name: r.name,
    certAddress: r.cert_address,
    investor: r.investor,
    mailingAddress: r.mailing_address,
    remark: r.remark,
    icpNumber: r.icp_number,
    certValidTo: r.cert_valid_to,
    businessScope: r.business_scope,
    principalPersonId: r.principal_person_id,
    people,
    websites,
    masked: false,
    serviceEndedAt: r.service_ended_at,
    retentionMonths: r.retention_months,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rowVersion: Number(r.row_version),
  };
}

export function entityFieldsOf(v: EntityView): EntityFields {
  const { id: _i, people: _p, websites: _w, masked: _m, serviceEndedAt: _s, retentionMonths: _r, createdAt: _c, updatedAt: _u, rowVersion: _v, ...fields } = v;
  return fields as EntityFields;
}

export type EntitySort = 'updatedAt' | 'name' | 'province';

export interface ListQuery {
  text?: string | undefined;
  offset: number;
  limit: number;
  sortBy: EntitySort;
  sortDir: 'asc' | 'desc';
  /** 'scan': free text matched by the LIKE scan the text index replaced (the benchmark's baseline), total always exact. */
  matchBy?: 'index' | 'scan';
  /** The exact-count bound of a text search; SEARCH_TOTAL_CAP unless a test wants a small store to pass it. */
  totalCap?: number;
  /** Rows the walk in list order reads in its first step (clientSearch.ts); tests set it low to take several steps. */
  firstWalkBatch?: number;
  /** PostgreSQL: up to how many holders of a text's least held pair every hit is read (searchIndex.ts everyHitMatch); tests set it. */
  everyHitLimit?: number;
}

const SORT_COLUMNS = { updatedAt: 'e.updated_at', name: 'e.name', province: 'e.province' } as const;

/**
 * Migration 0020's index of each sort key by id: the hits of a search are ordered by it without reading
 * their rows (at 100 000 clients the client table is ten times SQLite's page cache, so each hit's row was
 * a page read, and a name fragment has 250 hits for a page of 100).
 */
const PAGE_KEY_INDEXES: Record<SortKey, string> = { 'e.updated_at': 'entity_page_updated', 'e.name': 'entity_page_name', 'e.province': 'entity_page_province' };

/**
 * `INDEXED BY` on SQLite, whose planner prefers the table's own rowid lookup to a covering index by id (it
 * has no statistics to tell them apart); nothing on PostgreSQL, whose planner weighs the index by itself.
 */
function indexedBy(ctx: RepoContext, index: string): RawBuilder<unknown> {
  return ctx.sql.dialect.name === 'sqlite' ? rawSql.raw(`INDEXED BY ${index}`) : rawSql``;
}

/** A client list row as the one page statement reads it (summaryRows). */
interface SummaryRow {
  matched_total?: number | null;
  id: number | null;
  name: string;
  nature: EntitySummary['nature'];
  province: string;
  city: string;
  cert_type: EntitySummary['certType'];
  cert_number_sealed: string;
  icp_number: string | null;
  updated_at: string;
  principal_name: string | null;
  website_count: number | null;
  /** entity_list_row.first_domains: the names joined by a newline. */
  domain_names: string | null;
}

/**
 * The list's rows for the page `pageIds` selects (ids, by the sort key alone), in the list's order, with
 * everything a row shows — principal, website count, first domains — in ONE statement: on a team server
 * each statement is a round trip and a plan. With `bounded` (a text search: the bounded match ids of
 * clientSearch.ts), the statement also counts those matches, reads them once (a MATERIALIZED CTE `m`
 * that `pageIds` selects from) and reads the page only when they are at most `cap` (`pageIds` tests
 * `(SELECT matched_total FROM n) <= cap` once, so a broad text orders and reads nothing here); its first
 * row then carries the count (a single row of NULLs when there is no page to read).
 * The principal's name, the website count and the first domains are read from the client's one row of
 * entity_list_row (migration 0023, kept by refreshSearchIndex): the page row is the client row and that row.
 */
async function summaryRows(
  ctx: RepoContext,
  sortColumn: SortKey,
  sortDir: 'asc' | 'desc',
  pageIds: RawBuilder<unknown>,
  bounded?: { matches: RawBuilder<unknown>; cap: number | null },
): Promise<SummaryRow[]> {
  const dir = rawSql.raw(sortDir === 'asc' ? 'ASC' : 'DESC');
  const sortKey = ctx.sql.dialect.textOrder(sortColumn);
  // the principal's name, the website count and the first domains: one row per client kept by
  // refreshSearchIndex (migration 0023), one primary-key lookup instead of three lookups in the person,
  // website and domain tables (each mostly a page read at 100 000 clients)
  const rows = rawSql`SELECT e.id, e.name, e.nature, e.province, e.city, e.cert_type, e.cert_number_sealed, e.icp_number, e.updated_at,
      l.principal_name, l.website_count, l.first_domains AS domain_names
    FROM entity e LEFT JOIN entity_list_row l ON l.entity_id = e.id
    WHERE e.id IN (${pageIds})`;
  if (!bounded) return (await rawSql<SummaryRow>`${rows} ORDER BY ${sortKey} ${dir}, e.id ${dir}`.execute(ctx.db)).rows;
  // a prepared statement on PostgreSQL: its text takes one shape per sort and read of the text index, and
  // planning it cost as much as running it (an exact personal number: the whole search is this statement)
  return (await runPrepared(ctx.db, ctx.sql.dialect, rawSql<SummaryRow>`WITH m AS MATERIALIZED (${bounded.matches}), n AS (SELECT count(*) AS matched_total FROM m)
    SELECT n.matched_total, e.* FROM n LEFT JOIN (${rows}) AS e ON ${bounded.cap === null ? rawSql`TRUE` : rawSql`n.matched_total <= ${bounded.cap}`}
    ORDER BY ${sortKey} ${dir}, e.id ${dir}`)).rows;
}

function summaryOf(ctx: RepoContext, r: SummaryRow & { id: number }): EntitySummary {
  // One damaged value marks its row; it does not take the rest of the list down with it.
  const certNumber = openOrNull(ctx, 'cert', r.cert_number_sealed);
  const domains = r.domain_names ? r.domain_names.split('\n') : [];
  return {
    id: r.id,
    name: r.name,
    nature: r.nature,
    province: r.province,
    city: r.city,
    certType: r.cert_type,
    certNumberMasked: certNumber === null ? '' : maskNumber(certNumber),
    icpNumber: r.icp_number,
    principalName: r.principal_name,
    websiteCount: Number(r.website_count ?? 0),
    domains,
    updatedAt: r.updated_at,
    ...(certNumber === null ? { damaged: [{ field: 'certNumber', label: `主体${FIELD_LABELS.certNumber}` }] } : {}),
  };
}

/**
 * One page of the client list, filtered by free text (names, domains, 备案号) or an exact personal number.
 * With a text the total is exact up to a cap (SEARCH_TOTAL_CAP) and then `totalCapped`: the reads that
 * make a broad text cheap are in clientSearch.ts. A text that matches at most the cap (every selective
 * search, an exact personal number included) is one statement: count, page and rows together.
 */
export async function listEntities(ctx: RepoContext, q: ListQuery): Promise<{ total: number; totalCapped: boolean; items: EntitySummary[] }> {
  const text = q.text?.trim() ?? '';
  const sortColumn = SORT_COLUMNS[q.sortBy];
  const sortKey = ctx.sql.dialect.textOrder(sortColumn);
  const dir = rawSql.raw(q.sortDir === 'asc' ? 'ASC' : 'DESC');
  // the page's ids by the sort key alone (a subquery of the statement that reads the rows)
  // (among given ids through the sort key's index by id, migration 0020; the whole list through the sort key's own index)
  const byPageOrder = (ids?: RawBuilder<unknown>) => rawSql`SELECT e.id FROM entity e ${ids ? rawSql`${indexedBy(ctx, PAGE_KEY_INDEXES[sortColumn])} WHERE e.id IN (${ids})` : rawSql``}
    ORDER BY ${sortKey} ${dir}, e.id ${dir} LIMIT ${q.limit} OFFSET ${q.offset}`;
  const items = (rows: SummaryRow[]) => rows.filter((r): r is SummaryRow & { id: number } => r.id !== null).map((r) => summaryOf(ctx, r));
  let matchedBy: RawBuilder<unknown> | undefined;
  if (text && q.matchBy === 'scan') {
    matchedBy = rawSql`${likeScan(text)} UNION ${personalMatchIds(ctx, text)}`;
  } else if (text) {
    const cap = q.totalCap ?? SEARCH_TOTAL_CAP;
    const every = await everyHitMatch(ctx, text, q.everyHitLimit);
    if (every) {
      // few enough hits to read them all (PostgreSQL's pair statistics say so): one statement counts them,
      // orders them and reads the page, past the cap too; the total still reads "more than the cap" on the
      // pages within it, as with the walk
      const rows = await summaryRows(ctx, sortColumn, q.sortDir, byPageOrder(rawSql`SELECT * FROM m`), { matches: rawSql`${every} UNION ${personalMatchIds(ctx, text)}`, cap: null });
      const total = Number(rows[0]?.matched_total ?? 0);
      const capped = total > cap && q.offset + q.limit <= cap;
      return { total: capped ? cap : total, totalCapped: capped, items: items(rows) };
    }
    const bounded = await textMatch(ctx, text, cap + 1);
    const rows = await summaryRows(ctx, sortColumn, q.sortDir, byPageOrder(rawSql`SELECT * FROM m WHERE (SELECT matched_total FROM n) <= ${cap}`), { matches: boundedMatches(ctx, text, bounded, cap + 1), cap });
    const total = Number(rows[0]?.matched_total ?? 0);
    if (total <= cap) return { total, totalCapped: false, items: items(rows) };
    const plan = await planBeyondCap(ctx, { text, offset: q.offset, limit: q.limit, sortColumn, sortDir: q.sortDir, cap, firstWalkBatch: q.firstWalkBatch }, () => textMatch(ctx, text));
    if (plan.kind === 'page') {
      return { total: cap, totalCapped: true, items: plan.ids.length ? items(await summaryRows(ctx, sortColumn, q.sortDir, rawSql.join(plan.ids))) : [] };
    }
    matchedBy = plan.matched;
  }
  const counted = matchedBy ? rawSql`SELECT count(*) AS n FROM entity WHERE id IN (${matchedBy})` : rawSql`SELECT count(*) AS n FROM entity`;
  const total = Number((await rawSql<{ n: number }>`${counted}`.execute(ctx.db)).rows[0]?.n ?? 0);
  if (!total) return { total, totalCapped: false, items: [] };
  return { total, totalCapped: false, items: items(await summaryRows(ctx, sortColumn, q.sortDir, byPageOrder(matchedBy))) };
}

export interface RetentionRow {
  id: number;
  name: string;
  serviceEndedAt: string;
  retentionMonths: number | null;
}

/** Clients whose service has ended: the candidates for the retention check. */
export async function retentionCandidates(ctx: RepoContext): Promise<RetentionRow[]> {
  return (await ctx.db.selectFrom('entity').select(['id', 'name', 'service_ended_at', 'retention_months']).where('service_ended_at', 'is not', null).orderBy('service_ended_at').execute())
    .map((r) => ({ id: r.id, name: r.name, serviceEndedAt: r.service_ended_at!, retentionMonths: r.retention_months }));
}

export async function setRetentionFields(ctx: RepoContext, id: number, serviceEndedAt: string | null, retentionMonths: number | null): Promise<void> {
  await ctx.db.updateTable('entity').set({ service_ended_at: serviceEndedAt, retention_months: retentionMonths, updated_at: ctx.now() }).where('id', '=', id).execute();
}

export async function allEntityIds(ctx: RepoContext): Promise<number[]> {
  return (await ctx.db.selectFrom('entity').select('id').orderBy('id').execute()).map((r) => r.id);
}
