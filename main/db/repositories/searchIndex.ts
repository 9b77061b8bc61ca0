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

/**
 * The ids of the clients whose search text holds `text` (already trimmed) — exactly the set
 * `haystack LIKE '%text%'` finds, read from the text index of migration 0010 instead of every row.
 * SQLite, 3 characters or more: the FTS5 trigram table, the text as one phrase (consecutive trigrams
 * are the substring). 1 or 2 characters, which no trigram holds: every indexed trigram that begins with
 * the text (the index stores each haystack with two trailing newlines, so each of its characters
 * begins one), read from the index's term list by range and matched as one OR query.
 * PostgreSQL: the LIKE itself; pg_trgm's GIN index answers it from 3 characters on, and a shorter
 * text is one sequential scan of entity_search (measured in the README).
 */
export async function textMatch(ctx: RepoContext, text: string): Promise<RawBuilder<unknown>> {
  const q = text.toLowerCase();
  if (ctx.sql.dialect.name === 'postgres') return likeScan(text);
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
 * The ids of the clients whose search text matches `haystack LIKE '%text%'`: on PostgreSQL the search itself (pg_trgm's index serves
 * it); on SQLite a scan of every client's search text — the search before migration 0010, kept as the
 * reference the index is held to (tests) and the benchmark's baseline.
 */
export function likeScan(text: string): RawBuilder<unknown> {
  return rawSql`SELECT entity_id FROM entity_search WHERE haystack LIKE ${likePattern(text)} ESCAPE '\\'`;
}
