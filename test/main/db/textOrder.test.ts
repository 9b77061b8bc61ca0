// The client list sorted by name (and province, and the log's operators) comes in one order on both
// stores: Unicode code point order, what a single desk's SQLite has always given. A PostgreSQL team
// database created with a language collation would sort Chinese names by pinyin instead (阿 < 北 < 中),
// so the store asks for COLLATE "C" (main/db/dialect.ts, textOrder).
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/db/openPostgres';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { logOperators } from '../../../main/services/auditByOperator';
import { createClients, listClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

// Code points: 中 U+4E2D < 北 U+5317 < 阿 U+963F; ASCII before all of them, capitals before small letters.
// By pinyin (zh collation) the three are the other way round, and a language collation puts 'alpha' before 'Zeta'.
const NAMES = ['阿里示例科技有限公司', 'alpha示例工作室', '北京示例科技有限公司', 'Zeta示例有限公司', '中国示例科技有限公司'];
const CODE_POINT_ORDER = ['Zeta示例有限公司', 'alpha示例工作室', '中国示例科技有限公司', '北京示例科技有限公司', '阿里示例科技有限公司'];

async function namesInListOrder(desk: Desk, sortDir: 'asc' | 'desc'): Promise<string[]> {
  return (await listClients(desk, { offset: 0, limit: 100, sortBy: 'name', sortDir })).items.map((i) => i.name);
}

async function withClientsNamed(desk: Desk): Promise<void> {
  await createClients(desk, NAMES.map((name, i) => clientRecordSchema.parse(companyRecord(i + 1, { name }))));
}

function checksOrder(openDesk: () => Promise<Desk>): void {
  it('lists clients by name in code point order, both ways', async () => {
    const desk = await openDesk();
    await withClientsNamed(desk);
    expect(await namesInListOrder(desk, 'asc')).toEqual(CODE_POINT_ORDER);
    expect(await namesInListOrder(desk, 'desc')).toEqual([...CODE_POINT_ORDER].reverse());
  });

  it('lists the operators named in the log in code point order', async () => {
    const desk = await openDesk();
    for (const actor of ['阿华', '北辰', '中原', 'zoe', 'Adam']) {
      await desk.sql.db.insertInto('audit_log').values({ at: desk.ctx.now(), actor, action: 'session.unlock', target_type: 'desk', target_id: null, entity_id: null, detail: '{}' }).execute();
    }
    expect((await logOperators(desk)).filter((a) => a !== 'tester')).toEqual(['Adam', 'zoe', '中原', '北辰', '阿华']);
  });
}

describeEachStore('the order of names', (openDesk) => checksOrder(() => openDesk()));

describePostgres('the order of names on a team database with a Chinese (pinyin) collation', () => {
  checksOrder(async () => {
    const { url } = await createTestDatabase({ icuLocale: 'zh-CN' });
    return await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 2 }) });
  });

  it('really is a database that sorts by pinyin without being told otherwise', async () => {
    const { url } = await createTestDatabase({ icuLocale: 'zh-CN' });
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 2 }) });
    await withClientsNamed(desk);
    const byDatabaseCollation = await desk.sql.db.selectFrom('entity').select('name').where('name', 'like', '%科技有限公司').orderBy('name').execute();
    expect(byDatabaseCollation.map((r) => r.name)).toEqual(['阿里示例科技有限公司', '北京示例科技有限公司', '中国示例科技有限公司']);
  });
});
