// Batch reads by a list of ids or keys (main/db/chunk.ts): inList finds exactly the rows asked on both stores —
// on PostgreSQL the values travel as one array, so texts with the characters an array literal gives meaning to
// (quotes, backslashes, commas, braces, NULL) must come back as they went —, and on PostgreSQL batchRows runs
// the read as one named statement whatever the number of values, so a connection parses and plans it once.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { batchRows, inList } from '../../../main/db/chunk';
import { preparedName } from '../../../main/db/dialect';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { peopleOfEntities } from '../../../main/db/repositories/people';
import { createClients } from '../../../main/services/clients';
import { benchRecord } from '../../bench/searchData';
import { openTestDesk, tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

const ODD_NAMES = ['引号"公司', '反斜杠\\公司', '逗号,公司', '{花括号}公司', 'NULL', '空 格 公司', "单引号'公司"];

describeEachStore('a batch read by a list of values (inList)', (openDesk) => {
  it('finds exactly the rows of the ids asked, among hundreds that do not exist', async () => {
    const desk = await openDesk();
    try {
      const created = await createClients(desk, [1, 2, 3, 4].map((i) => benchRecord(i)));
      const ids = created.map((c) => c.id);
      const asked = [ids[3]!, ...Array.from({ length: 700 }, (_, i) => 100_000 + i), ids[1]!];
      const rows = await batchRows(desk.ctx, desk.ctx.db.selectFrom('entity').select('id').where(inList(desk.ctx, 'id', asked)).orderBy('id'));
      expect(rows.map((r) => Number(r.id))).toEqual([ids[1]!, ids[3]!].sort((a, b) => a - b));
    } finally {
      await desk.close();
    }
  });

  it('matches texts holding quotes, backslashes, commas, braces or the word NULL as they are, and no other', async () => {
    const desk = await openDesk();
    try {
      const created = await createClients(desk, ODD_NAMES.map((name, i) => ({ ...benchRecord(i + 1), entity: { ...benchRecord(i + 1).entity, name } })));
      const byName = new Map(ODD_NAMES.map((n, i) => [n, created[i]!.id]));
      for (const name of ODD_NAMES) {
        const rows = await batchRows(desk.ctx, desk.ctx.db.selectFrom('entity').select(['id', 'name']).where(inList(desk.ctx, 'name', [name, `${name}x`])));
        expect(rows.map((r) => [Number(r.id), r.name])).toEqual([[byName.get(name)!, name]]);
      }
      const all = await batchRows(desk.ctx, desk.ctx.db.selectFrom('entity').select('id').where(inList(desk.ctx, 'name', ODD_NAMES)));
      expect(all).toHaveLength(ODD_NAMES.length);
    } finally {
      await desk.close();
    }
  });
});

describePostgres('a batch read on a team database (batchRows)', () => {
  it('is one named statement on its connection whatever the number of ids, executed once a chunk', async () => {
    const { url } = await createTestDatabase();
    // one connection, so the statements prepared on it are the ones this session sees
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 1 }) });
    try {
      const created = await createClients(desk, [1, 2, 3].map((i) => benchRecord(i)));
      const ids = created.map((c) => c.id);
      // 3 ids, then 3 among 1 200 (three chunks of the IN-list size)
      expect((await peopleOfEntities(desk.ctx, ids)).length).toBeGreaterThanOrEqual(3);
      const many = [...ids, ...Array.from({ length: 1197 }, (_, i) => 100_000 + i)];
      expect(new Set((await peopleOfEntities(desk.ctx, many)).map((p) => p.entityId))).toEqual(new Set(ids));
      const { rows } = await sql<{ name: string; statement: string; generic_plans: number; custom_plans: number }>`SELECT name, statement, generic_plans, custom_plans
        FROM pg_prepared_statements WHERE statement LIKE 'select * from "person" where%'`.execute(desk.ctx.db);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.name).toBe(preparedName(rows[0]!.statement));
      expect(Number(rows[0]!.generic_plans) + Number(rows[0]!.custom_plans)).toBe(1 + 3);
    } finally {
      await desk.close();
    }
  });
});
