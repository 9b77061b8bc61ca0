// 0023: the parts of a client-list row that come from other tables, kept in one narrow row per client (issue
// 20, "growth 10k → 100k ≤ 2×"). A page row read the client row and then three keyed lookups in other tables —
// the principal's name (person), the number of websites (website), the first three domains in website and
// position order (domain) —; at 100 000 clients those tables and indexes are larger than SQLite's page cache,
// so each lookup was mostly a page read (stop 35: 21–27 µs of SQL a row). entity_list_row holds the three,
// ≈ 60 bytes a client (6 MB at 100 000 on SQLite, against 30 MB for the search text's entity_search, which is why they
// are not columns there — and an update of entity_search re-indexes its FTS5 text on SQLite), so a page row is
// the client row and one primary-key lookup in a table that mostly stays in the cache.
// Derived data, like entity_search: rebuilt by repositories/searchIndex.ts (refreshSearchIndex) in the
// transaction of every write that changes the search text or the list row (the principal, a person's name,
// a website added or removed, a domain added, removed or reordered); a deleted client's row goes with it
// (ON DELETE CASCADE). first_domains: the names joined by a newline ('' for none; a domain holds no newline).
// Existing stores are filled here, 2000 clients a statement, with progress. IF NOT EXISTS and the upsert: a
// team database set back to an older version number keeps this table (the upgrade tests of 0010 and 0018 do
// so) and runs this again.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { all, exec, inIdBatches, run, type MigrationSteps } from './steps';

export const version = 23;
export const name = 'list-row';

const WHAT = '建立客户列表行';
/** Clients filled per statement; progress is reported after each. */
const FILL_BATCH = 2000;

/** The first domains of client `e`, in website and position order, joined by a newline: per dialect. */
function firstDomainsSql(dialect: DialectName): string {
  const ordered = 'SELECT d.name, d.website_id, d."position" FROM domain d WHERE d.entity_id = e.id ORDER BY d.website_id, d."position" LIMIT 3';
  return dialect === 'postgres'
    ? `array_to_string(ARRAY(SELECT f.name FROM (${ordered}) AS f ORDER BY f.website_id, f."position"), E'\\n')`
    : `coalesce((SELECT group_concat(f.name, char(10) ORDER BY f.website_id, f."position") FROM (${ordered}) AS f), '')`;
}

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(ddl(dialect, `
    CREATE TABLE IF NOT EXISTS entity_list_row (
      entity_id INTEGER PRIMARY KEY REFERENCES entity(id) ON DELETE CASCADE,
      principal_name TEXT,
      website_count INTEGER NOT NULL,
      first_domains TEXT NOT NULL
    ) STRICT;
  `));
  const total = Number((yield* all<{ n: number }>('SELECT count(*) AS n FROM entity'))[0]!.n);
  yield* inIdBatches('entity', 'id', FILL_BATCH, total, WHAT, (after, last) =>
    run(`INSERT INTO entity_list_row (entity_id, principal_name, website_count, first_domains)
        SELECT e.id,
          (SELECT p.name FROM person p WHERE p.id = e.principal_person_id),
          (SELECT count(*) FROM website w WHERE w.entity_id = e.id),
          ${firstDomainsSql(dialect)}
        FROM entity e WHERE e.id > ? AND e.id <= ?
        ON CONFLICT (entity_id) DO UPDATE SET principal_name = excluded.principal_name, website_count = excluded.website_count, first_domains = excluded.first_domains`,
      [after, last],
    ),
  );
}
