// move-to-server copies the tables named in db/storeTables.ts: the list must be every table a desk's
// SQLite file holds (without SQLite's own and the search index's FTS5 tables), so a table added by a
// later migration and not named there fails here, besides failing the type check of its label.
import { expect, it } from 'vitest';
import { sqliteTableNames, sqliteTableShape } from '../../../main/db/storeCopy';
import { STORE_TABLE_LABELS, STORE_TABLES } from '../../../main/db/storeTables';
import { openTestDesk } from '../../helpers';

it('names every table of a desk’s store once, in an order where each NOT NULL reference points to a table copied before it', async () => {
  const desk = await openTestDesk();
  const tables = await sqliteTableNames(desk.sql.db);
  expect(tables).toContain('entity');
  expect(tables.some((t) => t.startsWith('entity_search_trigram'))).toBe(false);
  expect([...STORE_TABLES].sort()).toEqual(tables);
  expect(new Set(STORE_TABLES).size).toBe(STORE_TABLES.length);
  expect(Object.keys(STORE_TABLE_LABELS).sort()).toEqual(tables);
  const deferred: string[] = [];
  for (const t of STORE_TABLES) for (const c of (await sqliteTableShape(desk.sql.db, t)).deferred) deferred.push(`${t}.${c}`);
  // the one reference that runs backwards: a client's 主体负责人 is one of its people
  expect(deferred).toEqual(['entity.principal_person_id']);
});

it('refuses an order in which a NOT NULL reference would be written before its table', async () => {
  const desk = await openTestDesk();
  const order = STORE_TABLES as string[];
  const [p, e] = [order.indexOf('person'), order.indexOf('entity')];
  order.splice(e, 1);
  order.splice(p, 0, 'entity');
  try {
    await expect(sqliteTableShape(desk.sql.db, 'person')).rejects.toThrow(/person\.entity_id 引用其后才复制的表 entity 且不可为空/);
  } finally {
    order.splice(order.indexOf('entity'), 1);
    order.splice(e, 0, 'entity');
  }
  expect(order.slice(e, e + 2)).toEqual(['entity', 'person']);
});
