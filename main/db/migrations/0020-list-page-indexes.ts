// 0020: the client list's page read from narrow indexes (issue 20, "growth 10k → 100k ≤ 2×"). A search of
// at most 1000 hits orders its hits by the list's sort key and reads the page's rows with their principal,
// website count and first domains (repositories/entities.ts, summaryRows). Each of those looked a row up in
// its wide table (a client row ≈ 440 bytes, a person row ≈ 590 bytes with its sealed fields): at 100 000
// clients those tables are far larger than SQLite's page cache, so every hit cost a page read, and a name
// fragment with 250 hits made several hundred page reads for one page of 100. These indexes hold only what
// that read looks at, so it stays within a few megabytes:
// - the sort key by id (one per sort key of the list), to order the hits without their rows;
// - a person's name by id (the principal's name);
// - a client's domains in website and position order with their name (the first domains, no sort).
// The same on PostgreSQL, where the sort keys are in the list's COLLATE "C" order (dialect.ts textOrder)
// and the name travels in INCLUDE. Building them reads each table once; the progress says which.
// IF NOT EXISTS: a team database set back to an older version number keeps its later indexes (the
// upgrade tests of 0010 and 0018 do so), and runs this again.
import type { DialectName } from '../dialect';
import { exec, progress, type MigrationSteps } from './steps';

export const version = 20;
export const name = 'list-page-indexes';

const WHAT = '建立客户列表索引';

export function* up(dialect: DialectName): MigrationSteps {
  const pg = dialect === 'postgres';
  const statements = pg
    ? [
        'CREATE INDEX IF NOT EXISTS entity_page_updated ON entity (id, (updated_at COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS entity_page_name ON entity (id, (name COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS entity_page_province ON entity (id, (province COLLATE "C"))',
        'CREATE INDEX IF NOT EXISTS person_name_by_id ON person (id) INCLUDE (name)',
        'CREATE INDEX IF NOT EXISTS domain_first_names ON domain (entity_id, website_id, "position") INCLUDE (name)',
      ]
    : [
        'CREATE INDEX IF NOT EXISTS entity_page_updated ON entity(id, updated_at)',
        'CREATE INDEX IF NOT EXISTS entity_page_name ON entity(id, name)',
        'CREATE INDEX IF NOT EXISTS entity_page_province ON entity(id, province)',
        'CREATE INDEX IF NOT EXISTS person_name_by_id ON person(id, name)',
        'CREATE INDEX IF NOT EXISTS domain_first_names ON domain(entity_id, website_id, position, name)',
      ];
  for (const [i, statement] of statements.entries()) {
    yield progress(i, statements.length, WHAT);
    yield exec(`${statement};`);
  }
  yield progress(statements.length, statements.length, WHAT);
}
