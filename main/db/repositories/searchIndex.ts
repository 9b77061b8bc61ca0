// The denormalised search text of an entity: its name, 备案号, people's names, website names, domains
// and homepages, lower-cased. Rebuilt inside every transaction that changes any of them.
import { sql as rawSql, type RawBuilder } from 'kysely';
import { parseList, type RepoContext } from './context';

export async function refreshSearchIndex(ctx: RepoContext, entityId: number): Promise<void> {
  const e = await ctx.db.selectFrom('entity').select(['name', 'icp_number', 'city', 'district']).where('id', '=', entityId).executeTakeFirst();
  if (!e) return;
  const parts: (string | null)[] = [e.name, e.icp_number, e.city, e.district];
  for (const p of await ctx.db.selectFrom('person').select('name').where('entity_id', '=', entityId).execute()) parts.push(p.name);
  for (const w of await ctx.db.selectFrom('website').select(['name', 'icp_number', 'homepages']).where('entity_id', '=', entityId).execute()) {
    parts.push(w.name, w.icp_number, ...parseList(w.homepages));
  }
  for (const d of await ctx.db.selectFrom('domain').select(['name', 'ascii_name']).where('entity_id', '=', entityId).execute()) {
    parts.push(d.name, d.ascii_name === d.name ? null : d.ascii_name);
  }
  const haystack = parts.filter((p): p is string => !!p).join('\n').toLowerCase();
  await ctx.db
      .insertInto('entity_search')
      .values({ entity_id: entityId, haystack })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet({ haystack })).execute();
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
 * A pair more clients than this hold is common: a text made only of such pairs is read sequentially on
 * PostgreSQL (bounded, it stops after the cap's thousand hits within a few thousand rows) rather than from
 * their posting lists, which the index reads whole (about 20 000 at 100 000 clients for 科技, 85 000 for cn).
 */
const BROAD_PAIR_HITS = 4000;

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
 * row) and at most `bound` of them. A text whose every pair more than BROAD_PAIR_HITS clients hold (the
 * index's statistics, desk_search_broad, asked in the same statement) and a 1-character text: the LIKE
 * alone, a sequential read that the caller bounds at the cap (it stops after about a thousand hits, where
 * the posting lists of common pairs would be read whole first).
 */
export async function textMatch(ctx: RepoContext, text: string, bound: number | null = null): Promise<RawBuilder<unknown>> {
  const q = text.toLowerCase();
  if (ctx.sql.dialect.name === 'postgres') {
    if ([...q].length < PAIR_INDEX_FROM) return likeScan(text);
    const pairs = rawSql`${searchPairs(q)}::text[]`;
    const pattern = likePattern(text);
    // two branches, one run: desk_search_broad asked once, each branch gated by a one-time filter on it
    return rawSql`WITH b AS MATERIALIZED (SELECT desk_search_broad(${pairs}, ${BROAD_PAIR_HITS}) AS broad)
      SELECT entity_id FROM entity_search WHERE (SELECT broad FROM b) AND haystack LIKE ${pattern} ESCAPE '\\'
      UNION ALL SELECT entity_id FROM desk_search_ids(${pairs}, ${pattern}, ${bound}) AS i(entity_id) WHERE NOT (SELECT broad FROM b)`;
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
