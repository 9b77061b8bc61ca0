// Kept check-all verdicts (client_verdict, client_verdict_key; migration 0014). services/checkAll.ts decides
// which are stale; this file only reads and writes them.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { chunks, batchRows, inList } from '../chunk';
import type { Database, Statement } from 'better-sqlite3';
import type { RepoContext } from './context';

export type VerdictKeyKind = 'domain' | 'cert';
export interface VerdictKey {
  kind: VerdictKeyKind;
  shared: string;
}

/** What a kept verdict must have been worked out from to be current (besides its client's revision). */
export interface VerdictBasis {
  verdictVersion: string;
  settingsJson: string;
  checkedDay: string;
}

/**
 * The clients a run re-checks: without a kept verdict, or whose verdict is stale, made from another
 * revision, or on another basis (`all`: every client). Worked out by the store, so that after one edit a
 * run reads the few stale clients rather than every client's verdict. `changed`: the client's own data
 * moved (or it is new), so verdicts sharing its keys go stale with it.
 */
export async function clientsToRecheck(ctx: RepoContext, basis: VerdictBasis, all: boolean): Promise<{ id: number; revision: number; changed: boolean }[]> {
  // SQLite probes each client's verdict through migration 0017's index, which holds every column asked here
  // (made when the verdict rows held their first findings, ~15 times its size; its planner takes the table's rowid
  // otherwise). PostgreSQL has no such index since 0025 — the narrow verdict rows read in one pass of a hash join —,
  // so that its updates stay on their page (HOT)
  const indexed = ctx.sql.dialect.name === 'sqlite' ? sql.raw('INDEXED BY client_verdict_state') : sql``;
  const stale = all
    ? sql``
    : sql`WHERE v.entity_id IS NULL OR v.stale <> 0 OR v.revision <> e.revision OR v.verdict_version <> ${basis.verdictVersion}
        OR v.settings_json <> ${basis.settingsJson} OR v.checked_day <> ${basis.checkedDay}`;
  const { rows } = await sql<{ id: number; revision: number; v_revision: number | null }>`SELECT e.id, e.revision, v.revision AS v_revision
    FROM entity e LEFT JOIN client_verdict v ${indexed} ON v.entity_id = e.id ${stale} ORDER BY e.id`.execute(ctx.db);
  return rows.map((r) => ({ id: Number(r.id), revision: Number(r.revision), changed: r.v_revision === null || Number(r.v_revision) !== Number(r.revision) }));
}

/** Whether any verdict is kept (current or not, a deleted client's included). */
export async function anyVerdictKept(ctx: RepoContext): Promise<boolean> {
  return (await ctx.db.selectFrom('client_verdict').select('entity_id').limit(1).executeTakeFirst()) !== undefined;
}

/** The revisions of these clients (a deleted one absent). */
export async function revisionsOf(ctx: RepoContext, entityIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunks(entityIds)) for (const r of await batchRows(ctx, ctx.db.selectFrom('entity').select(['id', 'revision']).where(inList(ctx, 'id', part)))) out.set(Number(r.id), Number(r.revision));
  return out;
}

export type VerdictGroup = 'notReady' | 'warned';

/** Kept verdicts that are current on this basis: not stale, of their client's present revision. */
const currentVerdicts = (ctx: RepoContext, basis: VerdictBasis) =>
  ctx.db
    .selectFrom('client_verdict as v')
    .innerJoin('entity as e', 'e.id', 'v.entity_id')
    .where('v.stale', '=', 0)
    .whereRef('v.revision', '=', 'e.revision')
    .where('v.verdict_version', '=', basis.verdictVersion)
    .where('v.settings_json', '=', basis.settingsJson)
    .where('v.checked_day', '=', basis.checkedDay);

/** How many current verdicts there are, and how many of them are not ready (an error) or ready with warnings. */
export async function tallyVerdicts(ctx: RepoContext, basis: VerdictBasis): Promise<{ checked: number; notReady: number; warned: number }> {
  const r = await currentVerdicts(ctx, basis)
    .select((eb) => [
      eb.fn.countAll().as('checked'),
      eb.fn.sum(eb.case().when('v.error_count', '>', 0).then(1).else(0).end()).as('not_ready'),
      eb.fn.sum(eb.case().when(eb.and([eb('v.error_count', '=', 0), eb('v.warning_count', '>', 0)])).then(1).else(0).end()).as('warned'),
    ])
    .executeTakeFirstOrThrow();
  return { checked: Number(r.checked), notReady: Number(r.not_ready ?? 0), warned: Number(r.warned ?? 0) };
}

/**
 * One page of a group of current verdicts, by client id: the client's name, counts and top findings (JSON).
 * The page's ids are found from the narrow verdict rows (0024; through 0017's index on SQLite) and only the page's
 * first findings read: an offset deep into 87 000 not-ready clients then skips narrow rows, not whole findings.
 */
export async function verdictPage(
  ctx: RepoContext,
  basis: VerdictBasis,
  group: VerdictGroup,
  offset: number,
  limit: number,
): Promise<{ id: number; name: string; counts: { error: number; warning: number; info: number }; topJson: string }[]> {
  const q = currentVerdicts(ctx, basis).select('v.entity_id');
  const ids = (await (group === 'notReady' ? q.where('v.error_count', '>', 0) : q.where('v.error_count', '=', 0).where('v.warning_count', '>', 0)).orderBy('v.entity_id').limit(limit).offset(offset).execute()).map((r) => Number(r.entity_id));
  if (!ids.length) return [];
  const rows = await ctx.db
    .selectFrom('client_verdict as v')
    .innerJoin('entity as e', 'e.id', 'v.entity_id')
    .innerJoin('client_verdict_top as t', 't.entity_id', 'v.entity_id')
    .select(['e.id', 'e.name', 'v.error_count', 'v.warning_count', 'v.info_count', 't.top_json'])
    .where(inList(ctx, 'v.entity_id', ids))
    .orderBy('v.entity_id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, counts: { error: Number(r.error_count), warning: Number(r.warning_count), info: Number(r.info_count) }, topJson: r.top_json }));
}

/** Verdicts kept for clients that no longer exist. */
export async function orphanVerdictIds(ctx: RepoContext): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('client_verdict as v')
    .leftJoin('entity as e', 'e.id', 'v.entity_id')
    .select('v.entity_id')
    .where('e.id', 'is', null)
    .execute();
  return rows.map((r) => Number(r.entity_id));
}

/** The keys the kept verdicts of these clients asked about. */
export async function keysOfVerdicts(ctx: RepoContext, entityIds: readonly number[]): Promise<VerdictKey[]> {
  const out: VerdictKey[] = [];
  for (const part of chunks(entityIds)) {
    for (const r of await batchRows(ctx, ctx.db.selectFrom('client_verdict_key').select(['kind', 'shared']).where(inList(ctx, 'entity_id', part)))) out.push({ kind: r.kind, shared: r.shared });
  }
  return out;
}

/**
 * Marks stale the verdicts of other clients that asked about one of these keys (their findings named, or
 * missed, the changed client), except those of `except` (re-checked in the same run anyway). Returns them.
 */
export async function markSharingStale(ctx: RepoContext, keys: readonly VerdictKey[], except: ReadonlySet<number>): Promise<number[]> {
  const marked: number[] = [];
  for (const kind of ['domain', 'cert'] as const) {
    const values = [...new Set(keys.filter((k) => k.kind === kind).map((k) => k.shared))];
    for (const part of chunks(values)) {
      const sharing = await batchRows(ctx, ctx.db.selectFrom('client_verdict_key').select('entity_id').distinct().where('kind', '=', kind).where(inList(ctx, 'shared', part)));
      const ids = sharing.map((r) => Number(r.entity_id)).filter((id) => !except.has(id));
      for (const ids_ of chunks(ids)) await ctx.db.updateTable('client_verdict').set({ stale: 1 }).where(inList(ctx, 'entity_id', ids_)).where('stale', '=', 0).execute();
      marked.push(...ids);
    }
  }
  return marked;
}

export interface NewVerdict {
  entityId: number;
  revision: number;
  verdictVersion: string;
  settingsJson: string;
  checkedDay: string;
  counts: { error: number; warning: number; info: number };
  topJson: string;
  /** The digest of the whole findings list (rules/checkRecords.ts findingsDigest): the list itself is not kept. */
  findingsDigest: number;
  keys: VerdictKey[];
}

/**
 * A share of a slice's verdicts in columns, as a worker hands them back: a few arrays cross the thread
 * boundary, moved rather than copied (jobs/taskWorker.ts), not an object per verdict and per key that the
 * store's thread would deserialize and collect again; the top findings' JSON arrives as the UTF-8 bytes SQLite
 * keeps (`CAST(? AS TEXT)`), so the store's thread neither copies nor encodes it. Made by `verdictColumns`,
 * read by `saveVerdicts`.
 */
export interface VerdictColumns {
  ids: Float64Array;
  /** Error, warning and info counts, three a verdict. */
  counts: Int32Array;
  /** The digest of each verdict's whole findings list, one a verdict. */
  digests: Uint32Array;
  /** Two a verdict: where its top findings' JSON ends in `json` (bytes), and its keys in `keys` (characters). */
  ends: Int32Array;
  /** Every verdict's top findings, JSON in UTF-8, one after the other. */
  json: Uint8Array;
  /** Every verdict's keys (`keysText`), one after the other. */
  keys: string;
}

/** Verdicts in columns to keep, all on one basis, with the revision each client's verdict is of. */
export interface ColumnsToSave {
  basis: VerdictBasis;
  revisionOf: (entityId: number) => number;
  parts: readonly VerdictColumns[];
}

const byKindShared = (a: VerdictKey, b: VerdictKey) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.shared < b.shared ? -1 : a.shared > b.shared ? 1 : 0);
const hasSeparator = (s: string) => s.includes('\t') || s.includes('\n');

/**
 * A verdict's keys as one text: each key once, in (kind, shared) order, `kind TAB shared` lines joined by
 * newlines — as SQLite's group_concat writes a verdict's kept key rows, so that keys asked again are found
 * unchanged by one comparison. A key holding a tab or a newline (never a punycode domain or a blind index)
 * makes the text a JSON list instead, which is never compared that way.
 */
export function keysText(keys: readonly VerdictKey[]): string {
  const seen = new Set<string>();
  const list: VerdictKey[] = [];
  let plain = true;
  for (const k of keys) {
    const id = `${k.kind} ${k.shared}`;
    if (seen.has(id)) continue;
    seen.add(id);
    list.push(k);
    if (hasSeparator(k.kind) || hasSeparator(k.shared)) plain = false;
  }
  if (!plain) return JSON.stringify(list.map((k) => [k.kind, k.shared]));
  list.sort(byKindShared);
  let out = '';
  for (let i = 0; i < list.length; i++) out += `${i ? '\n' : ''}${list[i]!.kind}\t${list[i]!.shared}`;
  return out;
}

/** The keys of a `keysText`. */
export function keysOfText(text: string): VerdictKey[] {
  if (!text) return [];
  if (text.startsWith('[')) return (JSON.parse(text) as [VerdictKeyKind, string][]).map(([kind, shared]) => ({ kind, shared }));
  return text.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return { kind: line.slice(0, tab) as VerdictKeyKind, shared: line.slice(tab + 1) };
  });
}

/** Verdicts (a worker's share of a slice) in columns. */
export function verdictColumns(verdicts: readonly { id: number; counts: { error: number; warning: number; info: number }; topJson: string; findingsDigest: number; keys: readonly VerdictKey[] }[]): VerdictColumns {
  const n = verdicts.length;
  const ids = new Float64Array(n);
  const counts = new Int32Array(3 * n);
  const digests = new Uint32Array(n);
  const ends = new Int32Array(2 * n);
  let bytes = 0;
  for (const v of verdicts) bytes += Buffer.byteLength(v.topJson);
  // its own ArrayBuffer (never the shared pool's), so that it can be moved to the store's thread
  const json = Buffer.allocUnsafeSlow(bytes);
  const keys: string[] = [];
  for (let i = 0, at = 0, keyAt = 0; i < n; i++) {
    const v = verdicts[i]!;
    const k = keysText(v.keys);
    ids[i] = v.id;
    counts[3 * i] = v.counts.error;
    counts[3 * i + 1] = v.counts.warning;
    counts[3 * i + 2] = v.counts.info;
    digests[i] = v.findingsDigest;
    ends[2 * i] = at += json.write(v.topJson, at);
    ends[2 * i + 1] = keyAt += k.length;
    keys.push(k);
  }
  return { ids, counts, digests, ends, json, keys: keys.join('') };
}

/** The bytes from..to of a columns' JSON, not copied. */
const jsonBytes = (json: Uint8Array, from: number, to: number) => Buffer.from(json.buffer, json.byteOffset + from, to - from);

/** The keys (a `keysText`) of verdict i of columns. */
const columnsKeys = (part: VerdictColumns, i: number) => part.keys.slice(i ? part.ends[2 * i - 1]! : 0, part.ends[2 * i + 1]!);

/** One verdict of columns: its top findings' JSON as UTF-8 bytes, its keys as a `keysText`. */
function columnsRow(part: VerdictColumns, i: number): { id: number; error: number; warning: number; info: number; digest: number; top: Buffer; keys: string } {
  const { ids, counts, digests, ends, json } = part;
  return {
    id: ids[i]!,
    error: counts[3 * i]!,
    warning: counts[3 * i + 1]!,
    info: counts[3 * i + 2]!,
    digest: digests[i]!,
    top: jsonBytes(json, i ? ends[2 * i - 2]! : 0, ends[2 * i]!),
    keys: columnsKeys(part, i),
  };
}

/** The verdicts of columns, each as `verdictColumns` was given it (its keys each once, in (kind, shared) order). */
export function verdictsOfColumns(part: VerdictColumns): { id: number; counts: { error: number; warning: number; info: number }; topJson: string; findingsDigest: number; keys: VerdictKey[] }[] {
  return Array.from(part.ids, (_, i) => {
    const r = columnsRow(part, i);
    return { id: r.id, counts: { error: r.error, warning: r.warning, info: r.info }, topJson: r.top.toString('utf8'), findingsDigest: r.digest, keys: keysOfText(r.keys) };
  });
}

/** One verdict to keep, its keys as a `keysText`; its JSON as text, or as UTF-8 bytes (from columns). */
interface VerdictRow {
  entityId: number;
  revision: number;
  basis: VerdictBasis;
  error: number;
  warning: number;
  info: number;
  topJson: string | Buffer;
  findingsDigest: number;
  keys: string;
}

/** Each verdict to keep by client, with its keys (a `keysText`): what the key rows are compared with, no JSON touched. */
function* keysOfRows(verdicts: readonly NewVerdict[], columns: ColumnsToSave | undefined): Generator<{ entityId: number; keys: string }> {
  for (const v of verdicts) yield { entityId: v.entityId, keys: keysText(v.keys) };
  for (const part of columns?.parts ?? []) for (let i = 0; i < part.ids.length; i++) yield { entityId: part.ids[i]!, keys: columnsKeys(part, i) };
}

/** Every verdict to keep, one at a time (the columns' rows made as they are written, not held all at once); a worker's JSON left as bytes. */
function* rowsOf(verdicts: readonly NewVerdict[], columns: ColumnsToSave | undefined): Generator<VerdictRow> {
  for (const v of verdicts) yield { entityId: v.entityId, revision: v.revision, basis: v, error: v.counts.error, warning: v.counts.warning, info: v.counts.info, topJson: v.topJson, findingsDigest: v.findingsDigest, keys: keysText(v.keys) };
  for (const part of columns?.parts ?? []) {
    for (let i = 0; i < part.ids.length; i++) {
      const r = columnsRow(part, i);
      yield {
        entityId: r.id,
        revision: columns!.revisionOf(r.id),
        basis: columns!.basis,
        error: r.error,
        warning: r.warning,
        info: r.info,
        topJson: r.top,
        findingsDigest: r.digest,
        keys: r.keys,
      };
    }
  }
}

/** The keys of the verdicts (in columns) of the clients `which` picks. */
export function keysInColumns(parts: readonly VerdictColumns[], which: (entityId: number) => boolean): VerdictKey[] {
  const out: VerdictKey[] = [];
  for (const part of parts) for (let i = 0; i < part.ids.length; i++) if (which(part.ids[i]!)) out.push(...keysOfText(columnsKeys(part, i)));
  return out;
}

type KeyRow = { entity_id: number; kind: VerdictKeyKind; shared: string };
const byIndexOrder = (a: KeyRow, b: KeyRow) => byKindShared(a, b) || a.entity_id - b.entity_id;

/** The SQLite statements saveVerdicts runs, prepared once per connection and bound row by row. */
interface VerdictStatements {
  upsert: Statement;
  upsertTop: Statement;
  insertKey: Statement;
  deleteKey: Statement;
  keptKeyTexts: Statement;
  keptKeyRows: Statement;
  keyIndexKept: Statement;
}
const prepared = new WeakMap<Database, VerdictStatements>();
const VERDICT_COLUMNS = ['revision', 'verdict_version', 'settings_json', 'checked_day', 'stale', 'error_count', 'warning_count', 'info_count', 'findings_digest'];
/** An upsert's update of every verdict column from the row it was given (both dialects' statements). */
const UPDATE_FROM_EXCLUDED = VERDICT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');
/**
 * A verdict's first findings written only when they differ from the kept ones (both dialects' statements): a cold
 * run after a new rule version finds most clients' findings unchanged, and on PostgreSQL an update that is not
 * skipped writes the whole row again (migration 0024).
 */
const UPDATE_TOP = 'top_json = excluded.top_json WHERE client_verdict_top.top_json <> excluded.top_json';
function statementsOf(db: Database): VerdictStatements {
  let st = prepared.get(db);
  if (!st) {
    const ids = 'entity_id IN (SELECT value FROM json_each(?))';
    st = {
      upsert: db.prepare(
        `INSERT INTO client_verdict (entity_id, ${VERDICT_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (entity_id) DO UPDATE SET ${UPDATE_FROM_EXCLUDED}`,
      ),
      upsertTop: db.prepare(`INSERT INTO client_verdict_top (entity_id, top_json) VALUES (?, CAST(? AS TEXT)) ON CONFLICT (entity_id) DO UPDATE SET ${UPDATE_TOP}`),
      insertKey: db.prepare('INSERT INTO client_verdict_key (entity_id, kind, shared) VALUES (?, ?, ?)'),
      deleteKey: db.prepare('DELETE FROM client_verdict_key WHERE entity_id = ? AND kind = ? AND shared = ?'),
      // the rows come through the primary key's index, in (entity_id, kind, shared) order: each text in (kind, shared)
      // order without the aggregate's own sort (≈ 0.15–0.25 s of the store's thread at 100 000); a text in another
      // order would only send its client to keyChanges' row-by-row diff, which finds the same rows
      keptKeyTexts: db.prepare(`SELECT entity_id, count(*) AS n, group_concat(kind || char(9) || shared, char(10)) AS keys FROM client_verdict_key WHERE ${ids} GROUP BY entity_id`),
      keptKeyRows: db.prepare(`SELECT entity_id, kind, shared FROM client_verdict_key WHERE ${ids}`),
      keyIndexKept: db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'client_verdict_key_shared'"),
    };
    prepared.set(db, st);
  }
  return st;
}

/** The key rows to delete and to insert (a verdict's keys against those kept with its previous verdict). */
async function keyChanges(
  rows: Iterable<{ entityId: number; keys: string }>,
  keptRows: (entityIds: number[]) => Promise<KeyRow[]> | KeyRow[],
  keptText?: (entityIds: number[]) => Promise<Map<number, { n: number; keys: string }>> | Map<number, { n: number; keys: string }>,
): Promise<{ added: KeyRow[]; removed: KeyRow[] }> {
  // `added` comes in the clients' order, each client's keys in (kind, shared) order: the key table's own order
  const asked = new Map<number, string>();
  for (const r of rows) asked.set(r.entityId, r.keys);
  const ids = [...asked.keys()];
  // On SQLite the kept keys of each verdict come as one text: the keys asked again — all of them in a cold run
  // after a new rule version — are found unchanged by comparing it, and only the others' rows are read.
  // Equal texts of the same number of keys, the new one plain (no tab or newline in a key), hold the same keys.
  const texts = await keptText?.(ids);
  const toDiff = texts ? ids.filter((id) => {
    const kept = texts.get(id);
    const now = asked.get(id)!;
    if (!kept) return now !== '';
    return kept.keys !== now || now.startsWith('[') || kept.n !== now.split('\n').length;
  }) : ids;
  const kept = new Map<number, Map<string, KeyRow>>();
  const withKept = texts ? toDiff.filter((id) => texts.has(id)) : toDiff;
  for (const part of chunks(withKept)) {
    for (const r of await keptRows(part)) {
      const id = Number(r.entity_id);
      let had = kept.get(id);
      if (!had) kept.set(id, (had = new Map()));
      had.set(`${r.kind} ${r.shared}`, { entity_id: id, kind: r.kind, shared: r.shared });
    }
  }
  const added: KeyRow[] = [];
  const removed: KeyRow[] = [];
  for (const id of toDiff) {
    const had = kept.get(id);
    const asks = new Set<string>();
    for (const k of keysOfText(asked.get(id)!)) {
      const key = `${k.kind} ${k.shared}`;
      asks.add(key);
      if (!had?.has(key)) added.push({ entity_id: id, kind: k.kind, shared: k.shared });
    }
    for (const [key, row] of had ?? []) if (!asks.has(key)) removed.push(row);
  }
  return { added, removed };
}

/** The SHA-256 of a verdict's first findings (their JSON's UTF-8 bytes), in hexadecimal: what PostgreSQL compares with the kept ones. */
const topDigest = (r: VerdictRow) => createHash('sha256').update(r.topJson).digest('hex');

/** Verdict rows per INSERT on PostgreSQL (each column bound as one array). */
const VERDICT_ROWS = 500;
const KEY_ROWS = 2000;

/**
 * Replaces the verdicts (and their keys) of these clients — `verdicts` one by one, `columns` as the workers
 * hand them back —, in the caller's transaction (one is opened if there is none): each verdict upserted (a
 * cold run replaces every row, so no delete first). Of the keys only what changed is written: the kept keys
 * are compared, the keys a verdict no longer asks about deleted and the new ones inserted in (kind, shared)
 * order. A cold run after a new rule version mostly asks the same keys again, and each key row deleted or
 * inserted is also an entry of the (kind, shared) index, random in the order of the clients: rewriting them
 * all dirtied nearly every page of that index in every slice's transaction, so a run's writes grew with the
 * square of the client count. On SQLite every row is bound to a statement prepared once (no query built per
 * chunk, no row object per verdict); on PostgreSQL 500-row upserts and 2 000-row inserts, each column one array.
 */
export async function saveVerdicts(ctx: RepoContext, verdicts: readonly NewVerdict[], columns?: ColumnsToSave): Promise<void> {
  await ctx.sql.tx(async () => {
    if (ctx.sql.dialect.name === 'sqlite') {
      const st = statementsOf(ctx.sql.raw);
      const { added, removed } = await keyChanges(
        keysOfRows(verdicts, columns),
        (part) => st.keptKeyRows.all(JSON.stringify(part)) as KeyRow[],
        (ids) => {
          const out = new Map<number, { n: number; keys: string }>();
          for (const part of chunks(ids, 5000)) for (const r of st.keptKeyTexts.all(JSON.stringify(part)) as { entity_id: number; n: number; keys: string }[]) out.set(Number(r.entity_id), { n: Number(r.n), keys: r.keys });
          return out;
        },
      );
      // In the (kind, shared) index's order, so that each of its pages is visited once in a row, not dirtied again
      // and again at random; with the index set aside (a first run) in the clients' order, the table's own.
      if (st.keyIndexKept.get()) added.sort(byIndexOrder);
      for (const r of removed) st.deleteKey.run(r.entity_id, r.kind, r.shared);
      for (const r of rowsOf(verdicts, columns)) {
        st.upsert.run(r.entityId, r.revision, r.basis.verdictVersion, r.basis.settingsJson, r.basis.checkedDay, r.error, r.warning, r.info, r.findingsDigest);
        st.upsertTop.run(r.entityId, r.topJson);
      }
      for (const r of added) st.insertKey.run(r.entity_id, r.kind, r.shared);
      return;
    }
    const rows = [...rowsOf(verdicts, columns)];
    const { added, removed } = await keyChanges(
      rows,
      (part) => batchRows(ctx, ctx.db.selectFrom('client_verdict_key').select(['entity_id', 'kind', 'shared']).where(inList(ctx, 'entity_id', part))) as Promise<KeyRow[]>,
      // each verdict's kept keys as one text, as on SQLite: in byte order ("C"), which is the order the keys text is
      // made in for these ASCII keys (punycode domains, hexadecimal blind indexes); another order only sends a client
      // to the row-by-row diff
      async (ids) => {
        const out = new Map<number, { n: number; keys: string }>();
        for (const part of chunks(ids, 5000)) {
          const { rows: kept } = await sql<{ entity_id: number; n: number; keys: string }>`SELECT entity_id, count(*) AS n,
              string_agg(kind || chr(9) || shared, chr(10) ORDER BY kind COLLATE "C", shared COLLATE "C") AS keys
            FROM client_verdict_key WHERE entity_id = ANY(${part}::bigint[]) GROUP BY entity_id`.execute(ctx.db);
          for (const r of kept) out.set(Number(r.entity_id), { n: Number(r.n), keys: r.keys });
        }
        return out;
      },
    );
    for (const r of removed) await ctx.db.deleteFrom('client_verdict_key').where('entity_id', '=', r.entity_id).where('kind', '=', r.kind).where('shared', '=', r.shared).execute();
    // each column bound as one array (unnest): a statement of a dozen parameters rather than eleven a row, which the
    // driver wrote out and the server parsed one by one (the store's thread's most costly step of a cold run)
    for (const part of chunks(rows, VERDICT_ROWS)) {
      // the columns in VERDICT_COLUMNS' order, as the SQLite statement writes them. The first findings go only where
      // they differ from the kept ones, told by their SHA-256 (the statement answers which): each is ≈ 1 KB of JSON
      // that the driver escaped into an array's text and the server parsed again, for every verdict of every run —
      // most of this thread's work in a cold run — while a new rule version changes few clients' first findings
      const { rows: differ } = await sql<{ entity_id: number }>`WITH v AS (
          SELECT * FROM unnest(${part.map((r) => r.entityId)}::bigint[], ${part.map((r) => r.revision)}::bigint[], ${part.map((r) => r.basis.verdictVersion)}::text[],
            ${part.map((r) => r.basis.settingsJson)}::text[], ${part.map((r) => r.basis.checkedDay)}::text[], ${part.map((r) => r.error)}::bigint[],
            ${part.map((r) => r.warning)}::bigint[], ${part.map((r) => r.info)}::bigint[], ${part.map((r) => r.findingsDigest)}::bigint[], ${part.map(topDigest)}::text[])
          AS v(entity_id, revision, verdict_version, settings_json, checked_day, error_count, warning_count, info_count, findings_digest, top_digest)),
        saved AS (INSERT INTO client_verdict (entity_id, ${sql.raw(VERDICT_COLUMNS.join(', '))})
          SELECT v.entity_id, v.revision, v.verdict_version, v.settings_json, v.checked_day, 0, v.error_count, v.warning_count, v.info_count, v.findings_digest FROM v
          ON CONFLICT (entity_id) DO UPDATE SET ${sql.raw(UPDATE_FROM_EXCLUDED)})
        SELECT v.entity_id FROM v LEFT JOIN client_verdict_top t ON t.entity_id = v.entity_id
          WHERE t.entity_id IS NULL OR encode(sha256(convert_to(t.top_json, 'UTF8')), 'hex') <> v.top_digest`.execute(ctx.db);
      if (!differ.length) continue;
      const ids = new Set(differ.map((r) => Number(r.entity_id)));
      const tops = part.filter((r) => ids.has(r.entityId));
      await sql`INSERT INTO client_verdict_top (entity_id, top_json)
        SELECT * FROM unnest(${tops.map((r) => r.entityId)}::bigint[], ${tops.map((r) => String(r.topJson))}::text[])
        ON CONFLICT (entity_id) DO UPDATE SET ${sql.raw(UPDATE_TOP)}`.execute(ctx.db);
    }
    added.sort(byIndexOrder);
    for (const part of chunks(added, KEY_ROWS)) {
      await sql`INSERT INTO client_verdict_key (entity_id, kind, shared)
        SELECT * FROM unnest(${part.map((r) => r.entity_id)}::bigint[], ${part.map((r) => r.kind)}::text[], ${part.map((r) => r.shared)}::text[])`.execute(ctx.db);
    }
  });
}

/**
 * The (kind, shared) index of the key rows (migration 0014), the only one whose entries land at random in
 * the clients' order. The first run of a new store on SQLite writes every client's key rows into an empty
 * table: then it goes without the index (`setAsideKeyIndex`, when no verdict is kept, so the table is empty
 * and nothing is lost) and `restoreKeyIndex` builds it once at the end from the rows in one sorted pass,
 * instead of each slice's transaction dirtying and writing through the WAL most of its pages again (at
 * 100 000 clients about 525 000 entries over some 7 000 pages, each slice touching thousands of them). The
 * index is a way in, never the data: the one query that uses it (`markSharingStale`) gives the same rows
 * without it, and it is not asked in a first run (no verdict to mark). Restored whatever way the run ends;
 * after a crash mid-run, by the next run's start (`restoreKeyIndex` costs nothing when the index is there).
 */
const KEY_INDEX = 'CREATE INDEX IF NOT EXISTS client_verdict_key_shared ON client_verdict_key(kind, shared)';

/** Drops the key rows' (kind, shared) index for a first run on SQLite; false (and nothing done) on PostgreSQL or with any verdict kept. */
export async function setAsideKeyIndex(ctx: RepoContext): Promise<boolean> {
  if (ctx.sql.dialect.name !== 'sqlite') return false;
  return await ctx.sql.tx(async () => {
    if (await anyVerdictKept(ctx)) return false;
    ctx.sql.raw.exec('DROP INDEX IF EXISTS client_verdict_key_shared');
    return true;
  });
}

/** Builds the key rows' (kind, shared) index if it is missing (SQLite; it is never dropped on PostgreSQL). */
export async function restoreKeyIndex(ctx: RepoContext): Promise<void> {
  if (ctx.sql.dialect.name !== 'sqlite' || statementsOf(ctx.sql.raw).keyIndexKept.get()) return;
  await ctx.sql.tx(async () => {
    ctx.sql.raw.exec(KEY_INDEX);
  });
}

export async function deleteVerdicts(ctx: RepoContext, entityIds: readonly number[]): Promise<void> {
  for (const part of chunks(entityIds)) {
    await ctx.db.deleteFrom('client_verdict_key').where(inList(ctx, 'entity_id', part)).execute();
    await ctx.db.deleteFrom('client_verdict_top').where(inList(ctx, 'entity_id', part)).execute();
    await ctx.db.deleteFrom('client_verdict').where(inList(ctx, 'entity_id', part)).execute();
  }
}

/**
 * What a kept verdict says of its client: its counts, its top findings (JSON) and the digest of its whole findings
 * list (null for a verdict kept before migration 0022). Tests compare it with a fresh check.
 */
export async function keptVerdict(ctx: RepoContext, entityId: number): Promise<{ counts: { error: number; warning: number; info: number }; topJson: string; findingsDigest: number | null } | null> {
  const r = await ctx.db
    .selectFrom('client_verdict as v')
    .innerJoin('client_verdict_top as t', 't.entity_id', 'v.entity_id')
    .select(['v.error_count', 'v.warning_count', 'v.info_count', 't.top_json', 'v.findings_digest'])
    .where('v.entity_id', '=', entityId)
    .executeTakeFirst();
  if (!r) return null;
  return { counts: { error: Number(r.error_count), warning: Number(r.warning_count), info: Number(r.info_count) }, topJson: r.top_json, findingsDigest: r.findings_digest === null ? null : Number(r.findings_digest) };
}
