// 0015: the client list read in its own order. A broad search (1–2 common characters, thousands of hits)
// walks the clients in the list's order and stops once the page is found (repositories/clientSearch.ts),
// which needs an index on each sort key that gives the rows in exactly that order, id breaking ties.
// SQLite: entity_updated and entity_name (0001) already do (an index entry ends with the rowid, which is
// id, and text compares by code point as the list sorts); province gains one.
// PostgreSQL: the list sorts every text key COLLATE "C" (dialect.ts textOrder; updated_at is text too),
// which the database-collation indexes of 0001 cannot serve, and orders ties by id: one index per sort
// key in exactly that order.
import type { DialectName } from '../dialect';
import { exec, type MigrationSteps } from './steps';

export const version = 15;
export const name = 'list-order-indexes';

export function* up(dialect: DialectName): MigrationSteps {
  if (dialect === 'postgres') {
    yield exec(`
      CREATE INDEX entity_list_updated ON entity ((updated_at COLLATE "C"), id);
      CREATE INDEX entity_list_name ON entity ((name COLLATE "C"), id);
      CREATE INDEX entity_list_province ON entity ((province COLLATE "C"), id);
    `);
    return;
  }
  yield exec('CREATE INDEX entity_list_province ON entity(province);');
}
