// The client list's page rows (repositories/entities.ts, summaryRows), read since migration 0020 through
// narrow indexes — each sort key by id, a person's name by id, a client's domains in website order with
// their names — instead of the wide rows. What a row shows must not change with that: on a small store of
// the benchmark's clients (1–4 websites of 1–2 domains each), every row of every page, in every sort order
// and through every read the list has (the whole list, a search within the bound, the walk past it, the
// LIKE scan), is compared with the same client read whole (getClientClear): name, 证件号码 masked,
// principal, website count, first three domains in website and position order, and the list's order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../../../main/desk';
import { DB_FILE_NAME, openDatabase } from '../../../../main/db/open';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../main/db/migrations/index';
import type { MigrationProgressEvent } from '../../../../main/db/migrations/steps';
import { entityFieldsOf, type ListQuery } from '../../../../main/db/repositories/entities';
import { maskNumber } from '../../../../main/domain/identifiers';
import type { EntitySummary } from '../../../../main/domain/views';
import { createClients, getClientClear, removeWebsite, listClients, updateClientEntity } from '../../../../main/services/clients';
import { benchRecord } from '../../../bench/searchData';
import { openTestDesk, tempDir } from '../../../helpers';
import { turnBackToVersion } from '../../../support/olderStore';
import { describeEachStore } from '../../../support/eachStore';

const CLIENTS = 60;

/** A list row as the whole client says it should read. */
async function expectedRow(desk: Desk, id: number): Promise<EntitySummary> {
  const c = await getClientClear(desk, id);
  return {
    id,
    name: c.name,
    nature: c.nature,
    province: c.province,
    city: c.city,
    certType: c.certType,
    certNumberMasked: maskNumber(c.certNumber),
    icpNumber: c.icpNumber,
    principalName: c.people.find((p) => p.id === c.principalPersonId)?.name ?? null,
    websiteCount: c.websites.length,
    domains: c.websites.flatMap((w) => w.domains).slice(0, 3),
    updatedAt: c.updatedAt,
  };
}

const keyOf = { updatedAt: (r: EntitySummary) => r.updatedAt, name: (r: EntitySummary) => r.name, province: (r: EntitySummary) => r.province } as const;
// code-point order, as both stores sort (dialect.ts textOrder), id breaking ties
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every page of this query, each row compared with the whole client, and the pages in the list's order.
 * `whole` holds each client's expected row once read: nothing is written while the pages are read, and the
 * 52 reads of the list below would otherwise read every whole client 52 times (most of the test's time).
 */
async function expectPagesAsWhole(desk: Desk, whole: Map<number, Promise<EntitySummary>>, q: Omit<ListQuery, 'offset' | 'limit'>, pageSize: number): Promise<number> {
  const seen: EntitySummary[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await listClients(desk, { ...q, offset, limit: pageSize });
    for (const row of page.items) {
      if (!whole.has(row.id)) whole.set(row.id, expectedRow(desk, row.id));
      expect(row, `“${q.text ?? ''}” ${q.sortBy} ${q.sortDir}, client ${row.id}`).toEqual(await whole.get(row.id));
    }
    seen.push(...page.items);
    if (page.items.length < pageSize) break;
  }
  const key = keyOf[q.sortBy];
  const sign = q.sortDir === 'asc' ? 1 : -1;
  const ordered = [...seen].sort((a, b) => sign * (byCodePoint(key(a), key(b)) || a.id - b.id));
  expect(seen.map((r) => r.id)).toEqual(ordered.map((r) => r.id));
  expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
  return seen.length;
}

describeEachStore('the client list page read through the narrow indexes (migration 0020)', (openDesk) => {
  it('shows every row as the whole client reads, in the list order, through every read of the list', async () => {
    const desk = await openDesk();
    const created = await createClients(desk, Array.from({ length: CLIENTS }, (_, i) => benchRecord(i + 1)));
    // a few changed after the seed: newest first is then not the creation order, one client without a
    // principal's website left, one whose first website is gone (its first domains move up)
    for (const n of [7, 3, 41]) {
      const id = created[n]!.id;
      await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), remark: `改过 ${n}` });
    }
    const withSites = (await Promise.all(created.map(async (c) => await getClientClear(desk, c.id)))).find((c) => c.websites.length >= 3)!;
    await removeWebsite(desk, withSites.websites[0]!.id);
    const sorts = [['updatedAt', 'desc'], ['name', 'asc'], ['province', 'desc'], ['updatedAt', 'asc']] as const;
    let rows = 0;
    const whole = new Map<number, Promise<EntitySummary>>();
    for (const [sortBy, sortDir] of sorts) {
      rows += await expectPagesAsWhole(desk, whole, { sortBy, sortDir }, 25); // the whole list
      for (const text of ['有限', '科', benchRecord(9).people[1]!.name, benchRecord(12).websites[0]!.domains[0]!]) {
        rows += await expectPagesAsWhole(desk, whole, { text, sortBy, sortDir }, 7); // within the bound
        rows += await expectPagesAsWhole(desk, whole, { text, sortBy, sortDir, totalCap: 5 }, 4); // the walk past it, and past the bound
        rows += await expectPagesAsWhole(desk, whole, { text, sortBy, sortDir, matchBy: 'scan' }, 9);
      }
    }
    expect(rows).toBeGreaterThan(4 * CLIENTS); // the comparison said something
  }, 120_000);
});

describe('upgrading a store to the list page indexes (migration 0020)', () => {
  it('adds them to a version-18 store with its progress, and the list reads them', async () => {
    const dir = tempDir();
    const old = await openTestDesk(dir);
    await createClients(old, Array.from({ length: 20 }, (_, i) => benchRecord(i + 1)));
    const before = await listClients(old, { text: '有限', offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' });
    await old.close();
    turnBackToVersion(join(dir, DB_FILE_NAME), 18);
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { onMigrationProgress: (e) => events.push(e) });
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(events.filter((e) => e.version === 20).map((e) => [e.name, e.done, e.total])).toEqual([0, 1, 2, 3, 4, 5].map((i) => ['list-page-indexes', i, 5]));
      const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE name IN ('entity_page_updated', 'entity_page_name', 'entity_page_province', 'person_name_by_id', 'domain_first_names') ORDER BY name`.execute(desk.ctx.db);
      expect(rows.map((r) => r.name)).toEqual(['domain_first_names', 'entity_page_name', 'entity_page_province', 'entity_page_updated', 'person_name_by_id']);
      expect(await listClients(desk, { text: '有限', offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' })).toEqual(before);
    } finally {
      await desk.close();
    }
  });

  it('is refused by a build from before 0020 (DB_TOO_NEW), the store untouched', async () => {
    const dir = tempDir();
    await (await openTestDesk(dir)).close();
    const file = join(dir, DB_FILE_NAME);
    const before = readFileSync(file);
    expect(() => openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 18) })).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(readFileSync(file).equals(before)).toBe(true);
    const desk = await openTestDesk(dir);
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await desk.close();
    }
  });
});
