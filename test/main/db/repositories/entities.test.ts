// The client list's page rows (repositories/entities.ts, summaryRows), read since migration 0020 through
// narrow indexes — each sort key by id, a person's name by id, a client's domains in website order with
// their names — instead of the wide rows. What a row shows must not change with that: on a small store of
// the benchmark's clients (1–4 websites of 1–2 domains each), every row of every page, in every sort order
// and through every read the list has (the whole list, a search within the bound, the walk past it, the
// LIKE scan), is compared with the same client read whole (getClientClear): name, 证件号码 masked,
// principal, website count, first three domains in website and position order, and the list's order.
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../../../main/desk';
import { DB_FILE_NAME } from '../../../../main/db/open';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../main/db/migrations/index';
import type { MigrationProgressEvent } from '../../../../main/db/migrations/steps';
import { entityFieldsOf, type ListQuery } from '../../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../../main/db/repositories/websites';
import { openPostgresStore } from '../../../../main/db/openPostgres';
import { maskNumber } from '../../../../main/domain/identifiers';
import type { EntitySummary } from '../../../../main/domain/views';
import { addWebsite, createClients, deleteClient, editPerson, editWebsite, getClientClear, removeWebsite, listClients, updateClientEntity } from '../../../../main/services/clients';
import { benchRecord } from '../../../bench/searchData';
import { openTestDesk, tempDir } from '../../../helpers';
import { expectRefusedByBuildBefore, turnBackToVersion } from '../../../support/olderStore';
import { expectTeamDatabaseRefusedByBuildBefore } from '../../../support/olderTeamDatabase';
import { describeEachStore } from '../../../support/eachStore';
import { createTestDatabase, describePostgres } from '../../../support/pgTestDatabase';

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
    const dir = await expectRefusedByBuildBefore(20);
    const desk = await openTestDesk(dir);
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await desk.close();
    }
  });
});

// ---- migration 0023: the list row's parts from other tables, one row per client ----------------------------

/** What a list row shows from other tables than the client's own row. */
interface RowParts {
  principalName: string | null;
  websiteCount: number;
  domains: string[];
}

/**
 * Those parts as the list read them before migration 0023: per row, the principal's name from person, a
 * count(*) of the client's websites, its first three domains in website and position order from domain.
 */
async function perRowSubqueries(desk: Desk): Promise<Map<number, RowParts>> {
  const pg = desk.sql.dialect.name === 'postgres';
  const domains = pg
    ? sql`ARRAY(SELECT d.name FROM domain d WHERE d.entity_id = e.id ORDER BY d.website_id, d."position" LIMIT 3)`
    : sql`(SELECT json_group_array(d.name ORDER BY d.website_id, d."position") FROM (SELECT d.name, d.website_id, d."position" FROM domain d WHERE d.entity_id = e.id ORDER BY d.website_id, d."position" LIMIT 3) AS d)`;
  const { rows } = await sql<{ id: number; principal_name: string | null; website_count: number; domains: string | string[] }>`SELECT e.id,
      (SELECT p.name FROM person p WHERE p.id = e.principal_person_id) AS principal_name,
      (SELECT count(*) FROM website w WHERE w.entity_id = e.id) AS website_count,
      ${domains} AS domains
    FROM entity e`.execute(desk.ctx.db);
  return new Map(rows.map((r) => [Number(r.id), {
    principalName: r.principal_name,
    websiteCount: Number(r.website_count),
    domains: typeof r.domains === 'string' ? (JSON.parse(r.domains) as string[]) : r.domains,
  }]));
}

/** The same parts as the client list shows them now (every client, one page). */
async function listed(desk: Desk): Promise<Map<number, RowParts>> {
  const page = await listClients(desk, { offset: 0, limit: 10_000, sortBy: 'updatedAt', sortDir: 'desc' });
  return new Map(page.items.map((r) => [r.id, { principalName: r.principalName, websiteCount: r.websiteCount, domains: r.domains }]));
}

/** The list shows what the per-row subqueries read, for every client, and entity_list_row has one row per client. */
async function expectListAsSubqueries(desk: Desk): Promise<Map<number, RowParts>> {
  const now = await listed(desk);
  expect(now).toEqual(await perRowSubqueries(desk));
  const { rows } = await sql<{ n: number; clients: number }>`SELECT (SELECT count(*) FROM entity_list_row) AS n, (SELECT count(*) FROM entity) AS clients`.execute(desk.ctx.db);
  expect(Number(rows[0]!.n)).toBe(Number(rows[0]!.clients));
  return now;
}

describeEachStore('the client list row kept per client (migration 0023)', (openDesk) => {
  /** Six of the benchmark's clients; the one with the most websites (at least two) is the one edited. */
  async function seeded() {
    const desk = await openDesk();
    const created = await createClients(desk, Array.from({ length: 6 }, (_, i) => benchRecord(i + 1)));
    const clients = await Promise.all(created.map(async (c) => await getClientClear(desk, c.id)));
    const client = clients.reduce((a, b) => (b.websites.length > a.websites.length ? b : a));
    expect(client.websites.length).toBeGreaterThanOrEqual(2);
    expect(client.people.length).toBeGreaterThanOrEqual(2);
    await expectListAsSubqueries(desk);
    return { desk, client };
  }

  it('follows a change of the principal (主体负责人)', async () => {
    const { desk, client } = await seeded();
    const other = client.people.find((p) => p.id !== client.principalPersonId)!;
    await updateClientEntity(desk, client.id, { ...entityFieldsOf(client), principalPersonId: other.id });
    expect((await expectListAsSubqueries(desk)).get(client.id)!.principalName).toBe(other.name);
  });

  it('follows the principal renamed', async () => {
    const { desk, client } = await seeded();
    const principal = client.people.find((p) => p.id === client.principalPersonId)!;
    await editPerson(desk, principal.id, { ...personFieldsOf(principal), name: '欧阳修远' });
    expect((await expectListAsSubqueries(desk)).get(client.id)!.principalName).toBe('欧阳修远');
  });

  it('follows a website added and one removed (the count, and the first domains moving up)', async () => {
    const { desk, client } = await seeded();
    const first = client.websites[0]!;
    await addWebsite(desk, client.id, { ...websiteFieldsOf(first), name: '新增的站点', icpNumber: null, domains: ['xinzeng-zhandian.cn'], homepages: ['www.xinzeng-zhandian.cn'] });
    expect((await expectListAsSubqueries(desk)).get(client.id)!.websiteCount).toBe(client.websites.length + 1);
    await removeWebsite(desk, first.id);
    const after = (await expectListAsSubqueries(desk)).get(client.id)!;
    expect(after.websiteCount).toBe(client.websites.length);
    expect(after.domains[0]).toBe(client.websites[1]!.domains[0]);
  });

  it('follows domains added, removed and reordered', async () => {
    const { desk, client } = await seeded();
    const first = client.websites[0]!;
    const edit = async (domains: string[]) => {
      const w = (await getClientClear(desk, client.id)).websites.find((x) => x.id === first.id)!;
      await editWebsite(desk, first.id, { ...websiteFieldsOf(w), domains, homepages: [`www.${domains[0]}`] });
      return (await expectListAsSubqueries(desk)).get(client.id)!.domains;
    };
    expect(await edit(['yi-paixu.cn', 'er-paixu.cn'])).toEqual(['yi-paixu.cn', 'er-paixu.cn', client.websites[1]!.domains[0]]);
    expect(await edit(['er-paixu.cn', 'yi-paixu.cn'])).toEqual(['er-paixu.cn', 'yi-paixu.cn', client.websites[1]!.domains[0]]);
    expect(await edit(['yi-paixu.cn'])).toEqual(['yi-paixu.cn', ...client.websites.slice(1).flatMap((w) => w.domains)].slice(0, 3));
  });

  it('loses a deleted client’s row with it', async () => {
    const { desk, client } = await seeded();
    await deleteClient(desk, client.id);
    expect((await expectListAsSubqueries(desk)).has(client.id)).toBe(false);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM entity_list_row WHERE entity_id = ${client.id}`.execute(desk.ctx.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('upgrading a store to the list row (migration 0023)', () => {
  it('fills it for a version-21 store with its progress, as the per-row subqueries read', async () => {
    const dir = tempDir();
    const old = await openTestDesk(dir);
    const created = await createClients(old, Array.from({ length: 20 }, (_, i) => benchRecord(i + 1)));
    const withSites = (await Promise.all(created.map(async (c) => await getClientClear(old, c.id)))).find((c) => c.websites.length >= 2)!;
    await removeWebsite(old, withSites.websites[0]!.id);
    const before = await listed(old);
    await old.close();
    turnBackToVersion(join(dir, DB_FILE_NAME), 21);
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { onMigrationProgress: (e) => events.push(e) });
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(events.filter((e) => e.version === 23).map((e) => [e.name, e.what, e.done, e.total])).toEqual([['list-row', '建立客户列表行', 0, 20], ['list-row', '建立客户列表行', 20, 20]]);
      expect(await expectListAsSubqueries(desk)).toEqual(before);
    } finally {
      await desk.close();
    }
  });

  it('is refused by a build from before 0023 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(23);
  });
});

describePostgres('upgrading a team database to the list row (migration 0023)', () => {
  it('fills it for a version-21 database with its progress, and again over a kept table', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    const created = await createClients(old, Array.from({ length: 20 }, (_, i) => benchRecord(i + 1)));
    const withSites = (await Promise.all(created.map(async (c) => await getClientClear(old, c.id)))).find((c) => c.websites.length >= 2)!;
    await removeWebsite(old, withSites.websites[0]!.id);
    const before = await listed(old);
    await sql`DROP TABLE entity_list_row`.execute(old.ctx.db);
    await sql`UPDATE schema_version SET version = 21`.execute(old.ctx.db);
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { store: await openPostgresStore(url, { onMigrationProgress: (e) => events.push(e) }) });
    try {
      expect(events.filter((e) => e.version === 23).map((e) => [e.name, e.done, e.total])).toEqual([['list-row', 0, 20], ['list-row', 20, 20]]);
      expect(await expectListAsSubqueries(desk)).toEqual(before);
      // set back again with the table kept (as the upgrade tests of 0010 and 0018 leave later tables): runs again, same rows
      await sql`UPDATE entity_list_row SET website_count = 99, first_domains = ''`.execute(desk.ctx.db);
      await sql`UPDATE schema_version SET version = 21`.execute(desk.ctx.db);
    } finally {
      await desk.close();
    }
    const again = await openTestDesk(dir, { store: await openPostgresStore(url) });
    try {
      expect(await expectListAsSubqueries(again)).toEqual(before);
    } finally {
      await again.close();
    }
  });

  it('is refused by a build from before 0023 (DB_TOO_NEW), the database untouched', async () => {
    await expectTeamDatabaseRefusedByBuildBefore(23);
  });
});
