// 0018: the client search on PostgreSQL served for every text, whatever the database's locale (issue 20).
// pg_trgm (0010) takes only letters and digits into its trigrams, and which characters are letters is the
// database's LC_CTYPE: under "C" (a database made with --locale=C, as the test cluster is) a Chinese
// character is no letter, so a Chinese name, person or fragment yields no trigram at all, and under any
// locale a 1- or 2-character text yields none either. Each of those read the whole table (70–86 ms at
// 100 000 clients). This index holds, per client, the distinct single characters and character pairs of
// its search text (desk_search_grams, computed by PostgreSQL itself, code point by code point, with no
// notion of letters): a text of one character is found through its own entry, a longer one through all
// of its pairs (every pair of a substring is a pair of the text that holds it), and the LIKE that
// defines a match then rechecks the few rows found (repositories/searchIndex.ts). It replaces the pg_trgm
// index, which no query uses any more (one GIN index kept per write instead of two). fastupdate off: a
// write goes into the index itself, not GIN's pending list, which every search would otherwise read
// whole until the next vacuum (156 pages, 1.2 MB, after copying 81 000 clients: 165 buffers for a
// 2-hit name instead of 9).
// SQLite: nothing (its FTS5 trigram index of 0010 is locale-free and serves 1–2 characters already).
import type { DialectName } from '../dialect';
import { all, exec, progress, type MigrationSteps } from './steps';

export const version = 18;
export const name = 'search-grams';

export function* up(dialect: DialectName): MigrationSteps {
  if (dialect !== 'postgres') return;
  const total = Number((yield* all<{ n: number }>('SELECT count(*) AS n FROM entity_search'))[0]!.n);
  yield progress(0, total, '建立客户搜索的字词索引');
  yield exec(`
    CREATE FUNCTION desk_search_grams(haystack text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(array_agg(DISTINCT gram), '{}') FROM (
          SELECT substr(haystack, i, 1) FROM generate_series(1, length(haystack)) AS i
          UNION ALL SELECT substr(haystack, i, 2) FROM generate_series(1, length(haystack) - 1) AS i
        ) AS grams(gram)
      $$;
    CREATE INDEX entity_search_grams ON entity_search USING gin (desk_search_grams(haystack)) WITH (fastupdate = off);
    DROP INDEX entity_search_trigram;
  `);
  yield progress(total, total, '建立客户搜索的字词索引');
}
