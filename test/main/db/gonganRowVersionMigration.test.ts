// Migration 0026 gives the 公安备案 rows a row_version: a store of version 25 holding a saved 公安备案 row
// upgrades with the row at version 1, which the forms then save over — a desk's own file and a
// team database alike; a build from before 0026 refuses the upgraded store (DB_TOO_NEW).
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { openPostgresStore } from '../../../main/db/openPostgres';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { completeGongan, gonganOfOrder, saveGongan } from '../../../main/services/gongan';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore, turnBackToVersion } from '../../support/olderStore';
import { expectTeamDatabaseRefusedByBuildBefore } from '../../support/olderTeamDatabase';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';
import { refusal } from '../../support/refusal';

/** An approved order whose website's 公安备案 was saved twice (version 2 before the store is turned back). */
async function savedFollowUp(desk: Desk): Promise<{ orderId: number; websiteId: number }> {
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const websiteId = c!.websiteIds[0]!;
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await advanceOrder(desk, o.id, { to: '待提交' });
  await fillOrder(desk, o.id);
  for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, o.id, { to });
  await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [websiteId]: '粤ICP备2026123456号-1' } });
  const f = (await gonganOfOrder(desk, o.id))[0]!;
  const saved = await saveGongan(desk, o.id, websiteId, { ...f.fields, ips: ['203.0.113.10'] }, f.rowVersion);
  expect((await saveGongan(desk, o.id, websiteId, { ...saved.fields, interactive: true }, saved.rowVersion)).rowVersion).toBe(2);
  return { orderId: o.id, websiteId };
}

/** After the upgrade: the row at version 1, its values kept, and the form saved over that version only. */
async function expectUpgraded(desk: Desk, s: { orderId: number; websiteId: number }): Promise<void> {
  const rows = await desk.ctx.db.selectFrom('gongan_filing').select(['order_id', 'row_version']).execute();
  expect(rows.map((r) => [Number(r.order_id), Number(r.row_version)])).toEqual([[s.orderId, 1]]);
  const open = (await gonganOfOrder(desk, s.orderId))[0]!;
  expect(open).toMatchObject({ rowVersion: 1, state: '待办理', fields: { ips: ['203.0.113.10'], interactive: true } });
  // saved over version 1; a form read before that save is then stale
  const saved = await saveGongan(desk, s.orderId, s.websiteId, { ...open.fields, siteName: '升级后改的名称' }, open.rowVersion);
  expect(saved.rowVersion).toBe(2);
  expect((await refusal(saveGongan(desk, s.orderId, s.websiteId, open.fields, open.rowVersion))).code).toBe('EDIT_CONFLICT');
  // 已完成 still works on an upgraded row, and moves its version on
  expect((await completeGongan(desk, s.orderId, s.websiteId, '粤公网安备44030002017573号')).rowVersion).toBe(3);
}

describe('migration 0026 (gongan-row-version) on a desk’s own store', () => {
  it('upgrades a version-25 store holding a saved 公安备案 row: the row at version 1, saved over it', async () => {
    const dataDir = tempDir();
    let desk = await openTestDesk(dataDir);
    const saved = await savedFollowUp(desk);
    await desk.close();

    turnBackToVersion(join(dataDir, DB_FILE_NAME), 25);
    desk = await openTestDesk(dataDir);
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      await expectUpgraded(desk, saved);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('is refused by a build from before 0026 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(26);
  });
});

describePostgres('migration 0026 (gongan-row-version) on a team database', () => {
  it('upgrades a database of version 25 holding a saved 公安备案 row: the row at version 1, saved over it', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    const saved = await savedFollowUp(old);
    // given back its version-25 form: no row_version on gongan_filing
    await old.sql.tx(async () => {
      await sql`ALTER TABLE gongan_filing DROP COLUMN row_version`.execute(old.ctx.db);
      await sql`UPDATE schema_version SET version = 25`.execute(old.ctx.db);
    });
    await old.close();

    const desk = await openTestDesk(dir, { store: await openPostgresStore(url) });
    try {
      expect(Number((await sql<{ version: number }>`SELECT version FROM schema_version`.execute(desk.ctx.db)).rows[0]!.version)).toBe(LATEST_SCHEMA_VERSION);
      await expectUpgraded(desk, saved);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('is refused by a build from before 0026 (DB_TOO_NEW), the database untouched', async () => {
    await expectTeamDatabaseRefusedByBuildBefore(26);
  });
});
