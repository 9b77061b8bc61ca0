// The client search's text index (migration 0010) against the LIKE scan it replaced: on a small store of
// the benchmark's clients, every query of the benchmark finds exactly the clients the scan finds — none
// fewer, none more —, the index follows every write in its transaction (and not a rolled-back one),
// personal numbers are found through their blind indexes and never enter the text index, and an
// existing store gains the index in one migration that reports its progress. On PostgreSQL, migration
// 0018's character-pair index: which texts it serves, under which plan, and its upgrade and refusal.
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../../../main/desk';
import type { MigrationProgressEvent } from '../../../../main/db/migrations/steps';
import { preparedName, type DialectName } from '../../../../main/db/dialect';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../main/db/migrations/index';
import { DB_FILE_NAME, openDatabase } from '../../../../main/db/open';
import { BUILD_BATCH, up as upTo0010 } from '../../../../main/db/migrations/0010-search-index';
import { openPostgresStore } from '../../../../main/db/openPostgres';
import { nextWalkBatch } from '../../../../main/db/repositories/clientSearch';
import { commonPairHits, everyHitMatch, expectedHitShare, likePattern, pairHolders, rarestPairs, searchPairs, textMatch } from '../../../../main/db/repositories/searchIndex';
import { entityFieldsOf } from '../../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../../main/db/repositories/websites';
import { createClients, deleteClient, editPerson, editWebsite, getClientClear, listClients, updateClientEntity } from '../../../../main/services/clients';
import { benchRecord, SEARCH_QUERIES } from '../../../bench/searchData';
import { openTestDesk, tempDir } from '../../../helpers';
import { turnBackToVersion } from '../../../support/olderStore';
import { describeEachStore } from '../../../support/eachStore';
import { createTestDatabase, describePostgres } from '../../../support/pgTestDatabase';

const CLIENTS = 120;

async function seed(desk: Desk, from = 1, count = CLIENTS): Promise<void> {
  await createClients(desk, Array.from({ length: count }, (_, i) => benchRecord(from + i)));
}

/** The desk's search: every client it lists for this text, by id. */
async function searched(desk: Desk, text: string): Promise<number[]> {
  const page = await listClients(desk, { text, offset: 0, limit: 10_000, sortBy: 'name', sortDir: 'asc' });
  expect(page.items).toHaveLength(page.total);
  expect(page.totalCapped).toBe(false);
  return page.items.map((c) => c.id).sort((a, b) => a - b);
}

/** What the old search answered: a LIKE scan of every client's search text. */
async function scanned(desk: Desk, text: string): Promise<number[]> {
  const { rows } = await sql<{ entity_id: number }>`SELECT entity_id FROM entity_search WHERE haystack LIKE ${likePattern(text.trim())} ESCAPE '\\'`.execute(desk.ctx.db);
  return rows.map((r) => Number(r.entity_id)).sort((a, b) => a - b);
}

async function expectSameAsScan(desk: Desk, text: string): Promise<number[]> {
  const found = await searched(desk, text);
  const scan = await scanned(desk, text);
  // both ways: nothing the scan finds is missing, nothing the scan does not find is added
  expect(scan.filter((id) => !found.includes(id)), `“${text}”: missed by the index`).toEqual([]);
  expect(found.filter((id) => !scan.includes(id)), `“${text}”: found by the index only`).toEqual([]);
  return found;
}

/** The benchmark's first CLIENTS clients: the two tests that read them take them from a seeded desk (eachStore.ts), written once. */
const SEEDED = Array.from({ length: CLIENTS }, (_, i) => benchRecord(i + 1));

describeEachStore('client search through the text index', (openDesk, dialect, openSeededDesk) => {
  it("finds exactly the LIKE scan's clients for every text query of the benchmark", async () => {
    const { desk } = await openSeededDesk(SEEDED);
    let hits = 0;
    for (const q of SEARCH_QUERIES.filter((k) => !k.personal)) {
      for (let i = 0; i < 4; i++) hits += (await expectSameAsScan(desk, q.text(i, CLIENTS))).length;
    }
    expect(hits).toBeGreaterThan(CLIENTS); // the broad queries found many, so the comparison said something
    for (const text of ['科', '科技', 'cn', '.', '-', '限公司', 'ICP备', '州市', 'q', 'Z', 'WWW.', ' 有限 ', '有限\n公司']) await expectSameAsScan(desk, text);
  }, 120_000); // some 110 searches, each twice: over a socket to a loaded PostgreSQL past the default 30 s

  it('counts a broad search exactly up to the bound, then says "more", and pages through the same clients in the same order as the LIKE scan', async () => {
    const { desk } = await openSeededDesk(SEEDED);
    // PostgreSQL: the pair statistics, which choose between reading every hit and the walk (read once, then kept a minute)
    if (dialect === 'postgres') await sql`ANALYZE`.execute(desk.ctx.db);
    // a few clients edited after the seed: newest first is then not the order they were created in
    for (const n of [7, 3, 95, 40]) {
      const id = (await searched(desk, benchRecord(n).websites[0]!.domains[0]!))[0]!;
      await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), remark: `改过 ${n}` });
    }
    const cap = 20;
    const pageSize = 8;
    const sorts = [['updatedAt', 'desc'], ['name', 'asc'], ['province', 'desc']] as const;
    let capped = 0;
    let readWhole = 0;
    const scans = new Map<string, Awaited<ReturnType<typeof listClients>>>();
    // PostgreSQL: once never reading every hit of a text (the bounded read, then the walk), once always when the
    // statistics allow (everyHitMatch: one statement orders every hit)
    const everyHitLimits = dialect === 'postgres' ? [0, 1_000_000] : [undefined];
    for (const text of ['科', '科技', '有限', 'cn', '州', '墨染', '限公司', '.', benchRecord(9).people[1]!.name]) {
      for (const everyHitLimit of everyHitLimits) {
        if (everyHitLimit && (await everyHitMatch(desk.ctx, text, everyHitLimit))) readWhole++;
        for (const [sortBy, sortDir] of sorts) {
          // the scan's answer does not depend on everyHitLimit: read once per text and sort
          const key = `${text}\n${sortBy} ${sortDir}`;
          if (!scans.has(key)) scans.set(key, await listClients(desk, { text, offset: 0, limit: 10_000, sortBy, sortDir, matchBy: 'scan' }));
          const scan = scans.get(key)!;
          const paged: number[] = [];
          for (let offset = 0; ; offset += pageSize) {
            // the walk in list order taken in steps of a few rows, each after the last (key, id) of the one before
            const page = await listClients(desk, { text, offset, limit: pageSize, sortBy, sortDir, totalCap: cap, firstWalkBatch: 3, everyHitLimit });
            if (scan.total > cap && offset + pageSize <= cap) {
              expect(page, `“${text}” page at ${offset}`).toMatchObject({ total: cap, totalCapped: true });
              capped++;
            } else {
              expect(page, `“${text}” page at ${offset}`).toMatchObject({ total: scan.total, totalCapped: false });
            }
            paged.push(...page.items.map((c) => c.id));
            if (page.items.length < pageSize) break;
          }
          expect(paged, `“${text}” by ${sortBy} ${sortDir}${everyHitLimit === undefined ? '' : `, every hit read up to ${everyHitLimit} holders`}`).toEqual(scan.items.map((c) => c.id));
        }
      }
    }
    expect(capped).toBeGreaterThan(20); // the bounded count and the walk in list order were both exercised
    // on PostgreSQL the texts whose pairs the statistics list (科技, 有限, 墨染, 限公司 …) were also read whole
    if (dialect === 'postgres') expect(readWhole).toBeGreaterThan(3);
  }, 120_000);

  it('takes LIKE wildcards, quotes and FTS words in a query literally', async () => {
    const desk = await openDesk();
    await seed(desk, 1, 20);
    const [first] = await createClients(desk, [{ ...benchRecord(21), entity: { ...benchRecord(21).entity, name: '深圳市百分_100%"引号"科技有限公司' } }]);
    for (const text of ['100%', '%', '_1', '_', '"引号"', '"', '\\', 'OR', 'NEAR(', '*', '分_1', 'a%b']) await expectSameAsScan(desk, text);
    expect(await searched(desk, '100%')).toEqual([first!.id]);
    expect(await searched(desk, '"引号"')).toEqual([first!.id]);
  });

  it('follows every write of a name, domain, 备案号 or person in its transaction, and not a rolled-back one', async () => {
    const desk = await openDesk();
    await seed(desk, 1, 10);
    const id = (await searched(desk, benchRecord(3).websites[0]!.domains[0]!))[0]!;
    const before = await getClientClear(desk, id);
    await updateClientEntity(desk, id, { ...entityFieldsOf(before), name: '杭州市独一无二科技有限公司', icpNumber: '浙ICP备99887766号' });
    expect(await searched(desk, '独一无二')).toEqual([id]);
    expect(await searched(desk, '99887766')).toEqual([id]);
    expect(await searched(desk, '独')).toEqual([id]);
    expect(await searched(desk, before.name)).toEqual([]);
    await editPerson(desk, before.people[0]!.id, { ...personFieldsOf(before.people[0]!), name: '欧阳修远' });
    expect(await searched(desk, '欧阳修远')).toEqual([id]);
    expect(await searched(desk, '欧阳')).toEqual([id]);
    await editWebsite(desk, before.websites[0]!.id, { ...websiteFieldsOf(before.websites[0]!), domains: ['zhiyi-wuer.cn'], homepages: ['www.zhiyi-wuer.cn'] });
    expect(await searched(desk, 'zhiyi-wuer')).toEqual([id]);
    expect(await searched(desk, before.websites[0]!.domains[0]!)).toEqual([]);
    await expect(
      desk.sql.tx(async () => {
        await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), name: '成都市回滚测试科技有限公司' });
        expect(await searched(desk, '回滚测试')).toEqual([id]); // visible inside its own transaction
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect(await searched(desk, '回滚测试')).toEqual([]);
    expect(await searched(desk, '独一无二')).toEqual([id]);
    await deleteClient(desk, id, '录入错误');
    expect(await searched(desk, '独一无二')).toEqual([]);
    expect(await searched(desk, '独')).toEqual([]);
    for (const q of SEARCH_QUERIES.filter((k) => !k.personal)) await expectSameAsScan(desk, q.text(1, 10));
    if (dialect === 'sqlite') {
      // the index holds one document per client, the deleted one gone
      const indexed = desk.sql.raw.prepare('SELECT count(*) AS n FROM entity_search_trigram').get() as { n: number };
      expect(indexed.n).toBe(9);
    }
  });

  it('finds a client by an exact ID number or mobile through the blind indexes, which the text index never holds', async () => {
    const desk = await openDesk();
    await seed(desk, 1, 30);
    for (const q of SEARCH_QUERIES.filter((k) => k.personal)) {
      const text = q.text(2, 30);
      expect(await searched(desk, text)).toHaveLength(1);
      expect(await scanned(desk, text)).toEqual([]);
      expect(await scanned(desk, text.slice(0, 11))).toEqual([]);
    }
  });
});

describe('the walk in list order and the choice of read', () => {
  it('reads its first step by the share the statistics expect or at twice the rows wanted, then as the hit rate seen says, within eight times the rows read and 10 000', () => {
    expect(nextWalkBatch(100, 0, 0)).toBe(200);
    expect(nextWalkBatch(40, 0, 0)).toBe(200);
    expect(nextWalkBatch(2000, 0, 0)).toBe(4000);
    expect(nextWalkBatch(100, 0, 0, 0.02)).toBe(6000); // q- at 100 000: 2 % expected by the pair statistics
    expect(nextWalkBatch(100, 0, 0, 0.85)).toBe(200); // cn
    expect(nextWalkBatch(100, 0, 0, 0.0001)).toBe(10_000);
    expect(nextWalkBatch(100, 4, 200)).toBe(1600); // 2 %: 96 more need about 5 800 rows; at most 8 × 200
    expect(nextWalkBatch(100, 60, 200)).toBe(160); // 30 %: 40 more in about 133 rows, a fifth more
    expect(nextWalkBatch(100, 0, 200)).toBe(1600); // no hit yet: eight times
    expect(nextWalkBatch(100, 10, 8000)).toBe(10_000);
    expect(nextWalkBatch(100, 99, 200)).toBe(3); // never fewer rows than hits still wanted
  });

  it('reads a text from the index unless its rarest pair is held by so many that the bounded sequential read is cheaper', () => {
    expect(commonPairHits(0, 1001)).toBe(4000); // no statistics yet: the floor
    expect(commonPairHits(-1, 1001)).toBe(4000); // PostgreSQL's reltuples before the first ANALYZE or VACUUM
    expect(commonPairHits(10_000, 1001)).toBe(6328);
    expect(commonPairHits(100_000, 1001)).toBe(20_010); // 墨染 (9 400 holders) through the index, 科技 (30 000) sequentially
  });
});

describe('the character pairs a PostgreSQL search asks the index for (migration 0018)', () => {
  it('takes a text of two or more characters as its pairs of consecutive characters, each once, by code point', () => {
    expect(searchPairs('q-')).toEqual(['q-']);
    expect(searchPairs('华信博远')).toEqual(['华信', '信博', '博远']);
    expect(searchPairs('aaaa')).toEqual(['aa']);
    expect(searchPairs('有限\n公司')).toEqual(['有限', '限\n', '\n公', '公司']);
    expect(searchPairs('𠀀a𠀁')).toEqual(['𠀀a', 'a𠀁']); // a character outside the BMP is one character, as substr counts it
  });

  it('asks the index for the three rarest: pairs the statistics do not list first, in the text\'s order, then the least held', () => {
    const holders = new Map([['aa', 900], ['bb', 50], ['cc', 5000]]);
    expect(rarestPairs(['aa', 'bb', 'xx', 'cc', 'yy', 'zz'], holders)).toEqual(['xx', 'yy', 'zz']);
    expect(rarestPairs(['cc', 'aa', 'xx', 'bb'], holders)).toEqual(['xx', 'bb', 'aa']);
    expect(rarestPairs(['cc', 'aa'], holders)).toEqual(['aa', 'cc']);
    expect(rarestPairs(['q-'], new Map())).toEqual(['q-']);
  });
});

/** PostgreSQL's plan for the text index's part of a search for `text`, as the planner chooses it. */
async function planOf(desk: Desk, text: string, commonHits?: number): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (COSTS OFF) SELECT * FROM (${await textMatch(desk.ctx, text, null, commonHits)}) AS m LIMIT 1001`.execute(desk.ctx.db);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** A PostgreSQL desk of 30 of the benchmark's clients, its statistics gathered (the planner's choices depend on them). */
async function onThirtyAnalysedClients(check: (desk: Desk) => Promise<void>): Promise<void> {
  const { url } = await createTestDatabase();
  const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url) });
  try {
    await seed(desk, 1, 30);
    await sql`ANALYZE`.execute(desk.ctx.db);
    await check(desk);
  } finally {
    await desk.close();
  }
}

describePostgres('the client search on PostgreSQL, whatever the database locale (migration 0018)', () => {
  it('reads Chinese texts and texts of two or more characters through the character-pair index, where pg_trgm extracts no trigram', async () => {
    await onThirtyAnalysedClients(async (desk) => {
      // the test cluster runs under LC_CTYPE "C": no Chinese character is a letter to pg_trgm
      const { rows: trgm } = await sql<{ t: string[] }>`SELECT show_trgm('华信博远') AS t`.execute(desk.ctx.db);
      expect(trgm[0]!.t).toEqual([]);
      const name = benchRecord(3).entity.name;
      for (const text of [name.slice(3, 7), benchRecord(3).people[1]!.name, '墨染', '科技', 'q-', benchRecord(3).websites[0]!.domains[0]!, '有限\n公司']) {
        // no pair of these is common in 30 clients: the index, through desk_search_ids, and no sequential read beside it
        const plan = await planOf(desk, text);
        expect(plan, `“${text}”`).toContain('Function Scan on desk_search_ids');
        expect(plan, `“${text}”`).not.toContain('Seq Scan');
        // and desk_search_ids reads the index, under its own settings: the pairs never computed row by row
        const inner = await desk.sql.tx(async () => {
          await sql`SET LOCAL enable_seqscan = off`.execute(desk.ctx.db);
          await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(desk.ctx.db);
          const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT entity_id FROM entity_search
            WHERE desk_search_pairs(haystack) @> ${searchPairs(text.toLowerCase())}::text[] AND haystack LIKE ${likePattern(text)} ESCAPE '\\' LIMIT 1001`.execute(desk.ctx.db);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(inner, `“${text}”`).toMatch(/Bitmap Index Scan on entity_search_pairs[^]*Index Cond: \(desk_search_pairs\(haystack\) @>/);
        await expectSameAsScan(desk, text);
      }
      const { rows: settings } = await sql<{ c: string[] }>`SELECT proconfig AS c FROM pg_proc WHERE proname = 'desk_search_ids'`.execute(desk.ctx.db);
      expect(settings[0]!.c).toEqual(['enable_seqscan=off', 'max_parallel_workers_per_gather=0']);
      // a pair counts as common by the index's statistics: 有限 is in every client, 吕芳 in none, 墨染 in some
      const holders = await pairHolders(desk.ctx);
      expect(holders.get('有限')).toBe(30);
      expect(holders.get('公司')).toBe(30);
      expect(holders.has('吕芳')).toBe(false);
      expect(holders.get('墨染') ?? 0).toBeLessThan(30);
      // the share of clients the walk's first step expects to match: the least held pair's, when listed
      expect(await expectedHitShare(desk.ctx, '有限公司')).toBe(1);
      expect(await expectedHitShare(desk.ctx, '有限吕芳')).toBeUndefined();
      // a 1-character text: the share of the most held pair it is part of, none if no listed pair holds it
      expect(await expectedHitShare(desk.ctx, '科')).toBe(Math.max(...[...holders].filter(([p]) => p.includes('科')).map(([, h]) => h)) / 30);
      expect(await expectedHitShare(desk.ctx, '科')).toBeGreaterThanOrEqual((holders.get('科技') ?? 0) / 30);
      expect(await expectedHitShare(desk.ctx, '鑫')).toBeUndefined();
      // a text whose every pair more than the threshold hold: the sequential read, the index not asked
      for (const text of ['有限', '有限公司']) {
        const plan = await planOf(desk, text, 20);
        expect(plan, `“${text}”`).toContain('Seq Scan on entity_search');
        expect(plan, `“${text}”`).not.toContain('desk_search');
        expect(await planOf(desk, text, 40), `“${text}”`).toContain('Function Scan on desk_search_ids');
      }
      // one rare pair is enough for the index
      expect(await planOf(desk, '有限吕芳', 20)).toContain('Function Scan on desk_search_ids');
    });
  });

  it('plans desk_search_ids for a page of hits, not PostgreSQL\'s default 1 000 (migration 0021): one hit is not ordered by reading every client', async () => {
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 1 }) });
    try {
      const { rows } = await sql<{ prorows: number }>`SELECT prorows FROM pg_proc WHERE proname = 'desk_search_ids'`.execute(desk.ctx.db);
      expect(rows.map((r) => Number(r.prorows))).toEqual([50]);
    } finally {
      await desk.close();
    }
  });

  it('runs a search of at most the cap (an exact personal number: the whole search) as one named statement, parsed once per connection and planned once', async () => {
    const { url } = await createTestDatabase();
    // one connection, so the statements prepared on it are the ones this session sees
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 1 }) });
    try {
      await seed(desk, 1, 30);
      await sql`ANALYZE`.execute(desk.ctx.db);
      const personal = SEARCH_QUERIES.filter((k) => k.personal);
      for (let i = 0; i < 8; i++) {
        for (const q of personal) expect(await searched(desk, q.text(i, 30))).toHaveLength(1);
      }
      const { rows } = await sql<{ name: string; statement: string; generic_plans: number; custom_plans: number }>`SELECT name, statement, generic_plans, custom_plans
        FROM pg_prepared_statements WHERE statement LIKE 'WITH m AS MATERIALIZED%'`.execute(desk.ctx.db);
      // both kinds go through the pair index: one statement text, one name, every search an execution of it
      expect(rows).toHaveLength(1);
      expect(rows[0]!.name).toBe(preparedName(rows[0]!.statement));
      expect(Number(rows[0]!.generic_plans) + Number(rows[0]!.custom_plans)).toBe(8 * personal.length);
      // after its first five executions PostgreSQL keeps one generic plan: the later searches are not planned again
      expect(Number(rows[0]!.generic_plans)).toBeGreaterThan(0);
    } finally {
      await desk.close();
    }
  });

  it('reads every hit of a text whose pairs few clients hold in one statement, the LIKE keeping exactly the clients that hold the text', async () => {
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url) });
    try {
      await seed(desk, 1, 30);
      // one client holds 甲乙丙; three hold both its pairs, 甲乙 and 乙丙, but never side by side
      const named = (n: number, name: string) => ({ ...benchRecord(n), entity: { ...benchRecord(n).entity, name } });
      const [holder] = await createClients(desk, [named(31, '杭州市甲乙丙科技有限公司'), named(32, '杭州市乙丙甲乙科技有限公司'), named(33, '杭州市甲乙丁乙丙科技有限公司'), named(34, '杭州市乙丙丁甲乙网络有限公司')]);
      await sql`ANALYZE`.execute(desk.ctx.db);
      const holders = await pairHolders(desk.ctx);
      expect([holders.get('甲乙'), holders.get('乙丙')]).toEqual([4, 4]);
      expect(await everyHitMatch(desk.ctx, '甲乙丙', 4)).toBeDefined();
      expect(await everyHitMatch(desk.ctx, '甲乙丙', 3)).toBeUndefined(); // more hold its least held pair than the limit
      const page = await listClients(desk, { text: '甲乙丙', offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc', everyHitLimit: 4 });
      expect(page).toMatchObject({ total: 1, totalCapped: false });
      expect(page.items.map((c) => c.id)).toEqual([holder!.id]);
      for (const text of ['乙丙', '甲乙', '丙科', '有限']) {
        const every = await listClients(desk, { text, offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc', everyHitLimit: 1_000 });
        const scan = await listClients(desk, { text, offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc', matchBy: 'scan' });
        expect(every, `“${text}”`).toEqual(scan);
      }
    } finally {
      await desk.close();
    }
  });

  it('reads a 1-character text sequentially, bounded, never through the posting list of a common character', async () => {
    await onThirtyAnalysedClients(async (desk) => {
      for (const text of ['科', 'q', '.', '%']) {
        const plan = await planOf(desk, text);
        expect(plan, `“${text}”`).toContain('Seq Scan on entity_search');
        expect(plan, `“${text}”`).not.toContain('desk_search'); // neither the pairs, the index's reader nor the statistics
        await expectSameAsScan(desk, text);
      }
    });
  });

  it('builds the index over the clients of an existing team database in one migration, with progress', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    await seed(old, 1, 40);
    // back to version 17: the pg_trgm index of 0010, no character-pair index
    await sql`DROP INDEX entity_search_pairs`.execute(old.ctx.db);
    for (const f of ['desk_search_ids(text[], text, bigint)', 'desk_search_broad(text[], float8)', 'desk_search_pairs(text)']) await sql`DROP FUNCTION ${sql.raw(f)}`.execute(old.ctx.db);
    await sql`CREATE INDEX entity_search_trigram ON entity_search USING gin (haystack gin_trgm_ops)`.execute(old.ctx.db);
    await sql`UPDATE schema_version SET version = 17`.execute(old.ctx.db);
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { store: await openPostgresStore(url, { onMigrationProgress: (e) => events.push(e) }) });
    try {
      expect(events.filter((e) => e.version === 18).map((e) => [e.name, e.done, e.total])).toEqual([['search-pairs', 0, 40], ['search-pairs', 40, 40]]);
      const { rows } = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'entity_search' ORDER BY indexname`.execute(desk.ctx.db);
      expect(rows.map((r) => r.indexname)).toEqual(['entity_search_pairs', 'entity_search_pkey']);
      for (const q of SEARCH_QUERIES.filter((k) => !k.personal)) await expectSameAsScan(desk, q.text(5, 40));
    } finally {
      await desk.close();
    }
  });

  it('is refused by a build from before 0018 (DB_TOO_NEW), the database untouched', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    await expect(openPostgresStore(url, { migrations: MIGRATIONS.filter((m) => m.version <= 17) })).rejects.toMatchObject({
      code: 'DB_TOO_NEW',
      message: expect.stringContaining(`版本（${LATEST_SCHEMA_VERSION}）比本程序支持的版本（17）新`),
    });
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url) });
    try {
      const { rows } = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(desk.ctx.db);
      expect(rows).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
    } finally {
      await desk.close();
    }
  });
});

describe('upgrading a store to the search index (migration 0010)', () => {
  it('builds the index 2000 clients a statement', () => {
    expect(BUILD_BATCH).toBe(2000);
  });

  it('indexes the clients of an existing SQLite store in one migration, a batch at a time, and reports its progress', async () => {
    // 45 clients built 20 a statement: three batches, the last a short one (BUILD_BATCH's 2000 would need 2001
    // clients written through createClients to cross one, most of this file's time)
    const dir = tempDir();
    const old = await openTestDesk(dir);
    await seed(old, 1, 45);
    await old.close();
    turnBackToVersion(join(dir, DB_FILE_NAME), 9);
    const events: MigrationProgressEvent[] = [];
    const migrations = MIGRATIONS.map((m) => (m.version === 10 ? { ...m, up: (dialect: DialectName) => upTo0010(dialect, 20) } : m));
    openDatabase(join(dir, DB_FILE_NAME), { migrations, onMigrationProgress: (e) => events.push(e) }).close();
    const desk = await openTestDesk(dir);
    expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const search = events.filter((e) => e.version === 10);
    expect(search[0]).toMatchObject({ version: 10, name: 'search-index', done: 0, total: 45 });
    expect(search.map((e) => e.done)).toEqual([0, 20, 40, 45]);
    const indexed = desk.sql.raw.prepare('SELECT count(*) AS n FROM entity_search_trigram').get() as { n: number };
    expect(indexed.n).toBe(45);
    for (const q of SEARCH_QUERIES.filter((k) => !k.personal)) await expectSameAsScan(desk, q.text(5, 45));
  });
});

// A team database from before 0010: its index (since 0018 the character-pair index and its function)
// dropped and the version set to 9; later migrations' tables and columns stay, so only 0010 is run on it
// (the list cut at 10); then the version is set to 17 and the full list brings it to 0018's index.
const UP_TO_0010 = MIGRATIONS.filter((m) => m.version <= 10);

describePostgres('upgrading a team database to the search index (migration 0010)', () => {
  it('builds the pg_trgm index over the clients already there and reports its progress', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    await seed(old, 1, 40);
    await sql`DROP INDEX entity_search_pairs`.execute(old.ctx.db);
    for (const f of ['desk_search_ids(text[], text, bigint)', 'desk_search_broad(text[], float8)', 'desk_search_pairs(text)']) await sql`DROP FUNCTION ${sql.raw(f)}`.execute(old.ctx.db);
    await sql`UPDATE schema_version SET version = 9`.execute(old.ctx.db);
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const migrated = await openPostgresStore(url, { migrations: UP_TO_0010, onMigrationProgress: (e) => events.push(e) });
    expect(events).toEqual([
      expect.objectContaining({ version: 10, done: 0, total: 40 }),
      expect.objectContaining({ version: 10, done: 40, total: 40 }),
    ]);
    const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = 'entity_search_trigram'`.execute(migrated.db);
    expect(rows[0]?.indexdef).toContain('gin_trgm_ops');
    await sql`UPDATE schema_version SET version = 17`.execute(migrated.db);
    await migrated.close();
    const desk = await openTestDesk(dir, { store: await openPostgresStore(url) });
    for (const q of SEARCH_QUERIES.filter((k) => !k.personal)) await expectSameAsScan(desk, q.text(5, 40));
  });
});
