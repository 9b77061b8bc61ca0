// 0018: the client search on PostgreSQL served for Chinese text whatever the database's locale (issue 20).
// pg_trgm (0010) takes only letters and digits into its trigrams, and which characters are letters is the
// database's LC_CTYPE: under "C" (a database made with --locale=C, as the test and bench clusters are) a
// Chinese character is no letter, so a Chinese name, person or fragment yields no trigram and read the
// whole table (70–86 ms at 100 000 clients). This index holds, per client, the character pairs of its
// search text (desk_search_pairs, computed by PostgreSQL itself, code point by code point, with no notion
// of letters; GIN keeps each distinct pair once): a text of two or more characters is found through all of
// its pairs (every pair of a substring is a pair of the text that holds it), and the LIKE that defines a
// match then rechecks the few rows found (repositories/searchIndex.ts). A 1-character text, which has no
// pair, stays the sequential read bounded at the cap that 0010 gave it: a common character's posting list
// would be read whole before any LIMIT.
// It replaces the pg_trgm index, which no query uses any more (one GIN index kept per write instead of two).
// The function costs about a millisecond per client (a substr per character): a search must never compute
// it row by row in a sequential read, which the planner chooses for a common pair under a LIMIT (the first
// attempt at this index, which let it, took 340 ms for a broad search). So the index is read through
// desk_search_ids, whose own settings leave the planner no sequential read and no parallel workers. And a
// text whose every pair is common (科技, 有限, cn, 有限公司: by the index's own statistics, ANALYZE's most
// common elements, more than `hits` clients hold each) is not read from the index at all, whose posting
// lists would be read whole, but by the sequential read bounded at the cap, which stops after the first
// thousand hits: desk_search_broad says which. (Since stop 32 repositories/searchIndex.ts reads the same
// statistics itself once a minute, pairHolders, and no longer calls desk_search_broad, which stays unused.)
// Without statistics yet (a new store) every text goes through the index.
// fastupdate off: a write goes into the index itself, not GIN's pending list, which every search would
// otherwise read whole until the next vacuum.
// SQLite: nothing (its FTS5 trigram index of 0010 is locale-free and serves 1–2 characters already).
import type { DialectName } from '../dialect';
import { all, exec, progress, type MigrationSteps } from './steps';

export const version = 18;
export const name = 'search-pairs';

export function* up(dialect: DialectName): MigrationSteps {
  if (dialect !== 'postgres') return;
  const total = Number((yield* all<{ n: number }>('SELECT count(*) AS n FROM entity_search'))[0]!.n);
  yield progress(0, total, '建立客户搜索的字符对索引');
  yield exec(`
    CREATE FUNCTION desk_search_pairs(haystack text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000
      AS $$ SELECT array(SELECT substr(haystack, i, 2) FROM generate_series(1, length(haystack) - 1) AS i) $$;
    CREATE INDEX entity_search_pairs ON entity_search USING gin (desk_search_pairs(haystack)) WITH (fastupdate = off);
    DROP INDEX entity_search_trigram;
    CREATE FUNCTION desk_search_ids(pairs text[], pattern text, bound bigint) RETURNS SETOF bigint
      LANGUAGE sql STABLE SET enable_seqscan = off SET max_parallel_workers_per_gather = 0
      AS $$ SELECT entity_id FROM entity_search WHERE desk_search_pairs(haystack) @> pairs AND haystack LIKE pattern ESCAPE '\\' LIMIT bound $$;
    CREATE FUNCTION desk_search_broad(pairs text[], hits float8) RETURNS boolean
      LANGUAGE sql STABLE
      AS $$
        SELECT count(DISTINCT u.pair) = cardinality(pairs)
        FROM pg_stats AS s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(pair, freq)
        WHERE s.schemaname = current_schema() AND s.tablename = 'entity_search_pairs' AND u.pair = ANY(pairs)
          AND u.freq * (SELECT reltuples FROM pg_class WHERE oid = 'entity_search'::regclass) > hits
      $$;
  `);
  yield progress(total, total, '建立客户搜索的字符对索引');
}
