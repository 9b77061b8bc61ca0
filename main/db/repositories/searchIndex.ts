// The denormalised search text of an entity: its name, 备案号, people's names, website names, domains
// and homepages, lower-cased. Rebuilt inside every transaction that changes any of them.
import { sql as rawSql, type RawBuilder } from 'kysely';
import { performance } from 'node:perf_hooks';
import type { Store } from '../store';
import { parseList, type RepoContext } from './context';

/** How many domains a client-list row shows (entities.ts reads them from entity_list_row). */
export const LIST_ROW_DOMAINS = 3;

/**
 * Rebuilds a client's search text and its client-list row (migration 0023: the principal's name, the number
 * of websites, the first LIST_ROW_DOMAINS domains in website and position order), in the caller's
 * transaction. Every write that changes a name, 备案号, person, website or domain of a client, or its
 * principal, calls it: the list then reads the client row and this one row.
 */
export async function refreshSearchIndex(ctx: RepoContext, entityId: number): Promise<void> {
  const e = await ctx.db.selectFrom('entity').select(['name', 'icp_number', 'city', 'district', 'principal_person_id']).where('id', '=', entityId).executeTakeFirst();
  if (!e) return;
  const parts: (string | null)[] = [e.name, e.icp_number, e.city, e.district];
  let principalName: string | null = null;
  for (const p of await ctx.db.selectFrom('person').select(['id', 'name']).where('entity_id', '=', entityId).execute()) {
    parts.push(p.name);
    if (Number(p.id) === Number(e.principal_person_id)) principalName = p.name;
  }
  if (principalName === null && e.principal_person_id !== null) {
    // the principal is one of the client's own people (services/clients.ts checks it); read as the list did, by id, whatever it is
    principalName = (await ctx.db.selectFrom('person').select('name').where('id', '=', e.principal_person_id).executeTakeFirst())?.name ?? null;
  }
  const websites = await ctx.db.selectFrom('website').select(['name', 'icp_number', 'homepages']).where('entity_id', '=', entityId).execute();
  for (const w of websites) parts.push(w.name, w.icp_number, ...parseList(w.homepages));
  const domains = await ctx.db.selectFrom('domain').select(['name', 'ascii_name', 'website_id', 'position']).where('entity_id', '=', entityId).execute();
  for (const d of domains) parts.push(d.name, d.ascii_name === d.name ? null : d.ascii_name);
  const haystack = parts.filter((p): p is string => !!p).join('\n').toLowerCase();
  await ctx.db
      .insertInto('entity_search')
      .values({ entity_id: entityId, haystack })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet({ haystack })).execute();
  const firstDomains = [...domains]
      .sort((a, b) => Number(a.website_id) - Number(b.website_id) || Number(a.position) - Number(b.position))
      .slice(0, LIST_ROW_DOMAINS)
      .map((d) => d.name)
      .join('\n');
  const row = { principal_name: principalName, website_count: websites.length, first_domains: firstDomains };
  await ctx.db
      .insertInto('entity_list_row')
      .values({ entity_id: entityId, ...row })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet(row)).execute();
}

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Below this many characters a trigram index cannot answer a substring query by itself. */
const TRIGRAM = 3;
/** Past every character: the upper bound of the index terms that begin with a 1- or 2-character text. */
const LAST_CHARS = '\u{10FFFF}\u{10FFFF}';

/** A text quoted for an FTS5 MATCH: one phrase, taken literally (a quote inside is doubled). */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** From this many characters a PostgreSQL search reads migration 0018's character-pair index; a shorter text has no pair. */
export const PAIR_INDEX_FROM = 2;

/**
 * A pair more clients than this hold may be common (commonPairHits): a text made only of such pairs is read
 * sequentially on PostgreSQL (bounded, it stops after the cap's thousand hits) rather than from their
 * posting lists, which the index reads whole (about 30 000 at 100 000 clients for 科技, 85 000 for cn).
 */
const BROAD_PAIR_HITS = 4000;

/**
 * What testing one row of the sequential read with the LIKE costs, in entries of a posting list the index
 * reads (measured at 100 000 clients, warm: about 2.3 µs a row tested, 0.37 µs a posting entry; taken
 * lower, 4, so that a text near the line goes the sequential way, which was the rule before).
 */
const ROW_PER_POSTING = 4;

/**
 * Above how many holders of its rarest pair a text is read sequentially rather than from the index, in a
 * store of `rows` clients, for a read bounded at `bound` hits: the index reads the posting list whole
 * (∝ its holders h) and then the bounded rows; the sequential read tests about bound × rows / h rows to
 * find them. Even where h² ≈ ROW_PER_POSTING × bound × rows: about 20 000 of 100 000 clients (墨染, held
 * by 9 400, through the index in 5 ms instead of 25 ms of sequential read at 100 000, warm), never below
 * BROAD_PAIR_HITS.
 */
export function commonPairHits(rows: number, bound: number): number {
  // reltuples is -1 on a table never analysed or vacuumed: no size known, the floor
  return Math.max(BROAD_PAIR_HITS, Math.round(Math.sqrt(ROW_PER_POSTING * bound * Math.max(rows, 0))));
}

/**
 * How long the pair statistics read from pg_stats serve searches before they are read again. They only
 * choose how a text is read, never what it finds (a stale figure costs time, never a wrong client), and
 * they change when ANALYZE runs (autovacuum, after about a tenth of the clients changed).
 */
const PAIR_STATISTICS_FOR_MS = 60_000;

/** The bound commonPairHits assumes for a read of every hit (a page past the list's exact count): the list's. */
const TYPICAL_BOUND = 1001;

/** At most this many of a text's pairs, its rarest, are asked of the index; the LIKE checks the rows found. */
const PAIRS_ASKED = 3;

/** Per store: the pair statistics and when they were read. */
const pairStatisticsKept = new WeakMap<Store, { holders: ReadonlyMap<string, number>; rows: number; readAt: number }>();

/**
 * How many clients hold each of the commonest character pairs, by migration 0018's index's own statistics
 * (ANALYZE's most common elements of entity_search_pairs times the table's rows; empty before the first
 * ANALYZE). A pair not in it is rarer than every pair in it. Reading pg_stats costs about 1–3 ms (the
 * view's planning and the text form of its arrays), so the figures are kept per store for
 * PAIR_STATISTICS_FOR_MS instead of being asked by every search (as desk_search_broad was, in the
 * search's own statement, until stop 32).
 */
export async function pairHolders(ctx: RepoContext): Promise<ReadonlyMap<string, number>> {
  return (await pairStatistics(ctx)).holders;
}

/** pairHolders, with the number of clients the statistics counted (pg_class.reltuples; 0 or less before the first ANALYZE). */
async function pairStatistics(ctx: RepoContext): Promise<{ holders: ReadonlyMap<string, number>; rows: number }> {
  const kept = pairStatisticsKept.get(ctx.sql);
  if (kept && performance.now() - kept.readAt < PAIR_STATISTICS_FOR_MS) return kept;
  const { rows } = await rawSql<{ pair: string | null; holders: number | null; tuples: number }>`WITH t AS (SELECT reltuples AS tuples FROM pg_class WHERE oid = 'entity_search'::regclass)
    SELECT u.pair, u.freq * t.tuples AS holders, t.tuples
    FROM t LEFT JOIN (pg_stats AS s CROSS JOIN unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(pair, freq))
      ON s.schemaname = current_schema() AND s.tablename = 'entity_search_pairs' AND u.pair IS NOT NULL`.execute(ctx.db);
  const holders = new Map(rows.filter((r) => r.pair !== null).map((r) => [r.pair!, Number(r.holders)]));
  const statistics = { holders, rows: Number(rows[0]?.tuples ?? 0), readAt: performance.now() };
  pairStatisticsKept.set(ctx.sql, statistics);
  return statistics;
}

/**
 * The share of the clients a PostgreSQL search for `text` is expected to find, by the pair statistics: that
 * of its least held pair (a client holding the text holds each of its pairs); undefined when it cannot be
 * told (SQLite, no statistics yet, or a pair rarer than the statistics list). A 1-character text has no pair
 * of its own: the share of the most held pair it is part of, which at most as many clients hold as the
 * character (州 at 100 000 clients: 33 200 for 州市 against 33 400 for 州; 科 30 100 / 30 000 — sampled —,
 * 网 60 000 / 63 900, 王 3 700 / 3 700), so the walk's first step, sized by it, reads enough rows rather than
 * too few (a step too short costs a round trip and a plan: 州 took three steps of 200, 1 600 and more rows).
 */
export async function expectedHitShare(ctx: RepoContext, text: string): Promise<number | undefined> {
  const q = text.toLowerCase();
  if (ctx.sql.dialect.name !== 'postgres' || !q) return undefined;
  const { holders, rows } = await pairStatistics(ctx);
  if (rows <= 0) return undefined;
  if ([...q].length < PAIR_INDEX_FROM) {
    let most = 0;
    for (const [pair, held] of holders) if (held > most && pair.includes(q)) most = held;
    return most ? Math.min(1, most / rows) : undefined;
  }
  const held = searchPairs(q).map((p) => holders.get(p));
  if (held.some((h) => h === undefined)) return undefined;
  return Math.min(1, Math.min(...(held as number[])) / rows);
}

/**
 * What reading a hit of the pair index costs against a row of the walk in list order (clientSearch.ts), in
 * buffers: a hit read and ordered is its search text's heap page and three pages of the sort key's index
 * (4); a row walked, three pages of its search text's key lookup and the LIKE (3), and the walk reads about
 * 1.2 × 100 × clients / hits rows for a page of 100 after a bounded read of the cap's thousand hits. The
 * two are even where hits² ≈ 90 × clients: about 3 000 at 100 000 clients (q-, 2 100 holders: 8 400
 * buffers read whole against 19 300 for the bounded read, the walk and the page; 墨染, 9 300, stays with the
 * walk).
 */
const EVERY_HIT_PER_CLIENT = 90;

/** Up to how many holders of a text's least held pair its hits are read whole and ordered (everyHitMatch), in a store of `rows` clients. */
export function everyHitLimit(rows: number): number {
  return Math.round(Math.sqrt(EVERY_HIT_PER_CLIENT * Math.max(rows, 0)));
}

/**
 * PostgreSQL: every client a text of 2 or more characters finds, read through the pair index with no bound,
 * when the statistics say there are few enough to read and order them all in one statement
 * (entities.ts) — at most `limit` (unless a test names it, everyHitLimit of the store's size) hold the
 * text's least held pair, so at most that many hold the text. Above the cap's thousand that is cheaper than
 * the bounded read followed by the walk in list order, which tests rows one by one. Undefined otherwise
 * (SQLite, a 1-character text, no statistics, a pair rarer than the statistics list — then the bounded read
 * finds at most about the cap —, or more holders): the bounded read, and the walk past the cap.
 */
export async function everyHitMatch(ctx: RepoContext, text: string, limit?: number): Promise<RawBuilder<unknown> | undefined> {
  const q = text.toLowerCase();
  if (ctx.sql.dialect.name !== 'postgres' || [...q].length < PAIR_INDEX_FROM) return undefined;
  const { holders, rows } = await pairStatistics(ctx);
  const pairs = searchPairs(q);
  const held = pairs.map((p) => holders.get(p));
  if (rows <= 0 || held.some((h) => h === undefined) || Math.min(...(held as number[])) > (limit ?? everyHitLimit(rows))) return undefined;
  return rawSql`SELECT entity_id FROM desk_search_ids(${rarestPairs(pairs, holders)}::text[], ${likePattern(text)}, NULL) AS i(entity_id)`;
}

/**
 * The pairs of a text asked of the index: its PAIRS_ASKED rarest by the statistics (those not among the
 * commonest first, then the least held; in the text's order among equals). Every pair of the text is in
 * the search text of every client that holds it, so any of them finds a superset of the hits, which the
 * LIKE narrows to exactly them; the rarest few already leave about that set (an 18-digit ID number: 11
 * index pages read instead of 73 for its 12 pairs, at 100 000 clients), and each further pair asked only
 * costs more of the index read.
 */
export function rarestPairs(pairs: readonly string[], holders: ReadonlyMap<string, number>): string[] {
  return pairs
      .map((pair, at) => ({ pair, at, held: holders.get(pair) ?? -1 }))
      .sort((x, y) => x.held - y.held || x.at - y.at)
      .slice(0, PAIRS_ASKED)
      .map((x) => x.pair);
}

/**
 * The entries of migration 0018's index (PostgreSQL) that every search text holding `q` (lower-cased,
 * at least two characters) has: each of its pairs of consecutive characters, each once. Characters are
 * code points, as PostgreSQL's substr counts them.
 */
export function searchPairs(q: string): string[] {
  const chars = [...q];
  return [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
}

/**
 * The ids of the clients whose search text holds `text` (already trimmed) — exactly the set
 * `haystack LIKE '%text%'` finds, read from a text index instead of every row.
 * SQLite (migration 0010), 3 characters or more: the FTS5 trigram table, the text as one phrase
 * (consecutive trigrams are the substring). 1 or 2 characters, which no trigram holds: every indexed
 * trigram that begins with the text (the index stores each haystack with two trailing newlines, so each
 * of its characters begins one), read from the index's term list by range and matched as one OR query.
 * PostgreSQL, PAIR_INDEX_FROM characters or more: the LIKE itself on the rows migration 0018's index finds
 * holding every character pair of the text, whatever the database's locale (pg_trgm's trigrams take no
 * Chinese character under LC_CTYPE "C"), read through desk_search_ids (never computing the pairs row by
 * row; only the text's rarest pairs are asked, rarestPairs) and at most `bound` of them. A text whose every
 * pair more than `commonHits` clients hold (by the index's statistics, pairHolders, kept by the desk; unless
 * a test names it, commonPairHits of the store's size and the bound) and a 1-character text: the LIKE alone, a
 * sequential read that the caller bounds at the cap (it stops after about a thousand hits, where the
 * posting lists of common pairs would be read whole first).
 */
export async function textMatch(ctx: RepoContext, text: string, bound: number | null = null, commonHits?: number): Promise<RawBuilder<unknown>> {
  const q = text.toLowerCase();
  if (ctx.sql.dialect.name === 'postgres') {
    if ([...q].length < PAIR_INDEX_FROM) return likeScan(text);
    const pairs = searchPairs(q);
    const { holders, rows } = await pairStatistics(ctx);
    const common = commonHits ?? commonPairHits(rows, bound ?? TYPICAL_BOUND);
    if (pairs.every((p) => (holders.get(p) ?? 0) > common)) return likeScan(text);
    return rawSql`SELECT entity_id FROM desk_search_ids(${rarestPairs(pairs, holders)}::text[], ${likePattern(text)}, ${bound}) AS i(entity_id)`;
  }
  if ([...q].length >= TRIGRAM) {
    return rawSql`SELECT rowid FROM entity_search_trigram WHERE entity_search_trigram MATCH ${ftsPhrase(q)}`;
  }
  const terms = (await rawSql<{ term: string }>`SELECT term FROM entity_search_terms WHERE term >= ${q} AND term <= ${q + LAST_CHARS}`.execute(ctx.db)).rows
      .map((r) => r.term)
      .filter((t) => t.startsWith(q));
  if (!terms.length) return rawSql`SELECT rowid FROM entity_search_trigram WHERE 0`;
  return rawSql`SELECT rowid FROM entity_search_trigram WHERE entity_search_trigram MATCH ${terms.map(ftsPhrase).join(' OR ')}`;
}

/**
 * The ids of the clients whose search text matches `haystack LIKE '%text%'` by a sequential read of every
 * client's search text (the search before migration 0010, kept as the reference the index is held to
 * (tests) and the benchmark's baseline; on PostgreSQL also the search of a 1-character text, see textMatch).
 */
export function likeScan(text: string): RawBuilder<unknown> {
  return rawSql`SELECT entity_id FROM entity_search WHERE haystack LIKE ${likePattern(text)} ESCAPE '\\'`;
}
