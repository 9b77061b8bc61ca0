// Migration 0029: the store itself holds one open order per 主体 (V-CHG-07). A store that already has a client
// with two open orders (made by the race the index now prevents) still upgrades: nothing is closed, the upgrade
// names the client and its surplus order, the index is in place, and no new order joins the two.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CLOSED_AT_29, ONE_OPEN_ORDER_INDEX } from '../../../main/db/migrations/0029-one-open-order';
import type { MigrationProgressEvent } from '../../../main/db/migrations/steps';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { countOpenOrders, insertOrder } from '../../../main/db/repositories/orders';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CLOSED_STATES } from '../../../main/filings/stateMachine';
import { createClients } from '../../../main/services/clients';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore } from '../../support/olderStore';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

type Open = (onMigrationProgress?: (e: MigrationProgressEvent) => void) => Promise<Desk>;

/** A store of version 28 holding a client with two open orders and one with one, then upgraded. */
async function upgradesWithTwoOpenOrders(open: Open, windBack: (desk: Desk) => Promise<void>): Promise<void> {
  const old = await open();
  const records = [companyRecord(1), companyRecord(2)].map((r) => clientRecordSchema.parse(r));
  const [twice, once] = await createClients(old, records);
  const first = await createOrder(old, { entityId: twice!.id, type: '首次备案', provider: 'tencent' });
  await createOrder(old, { entityId: once!.id, type: '首次备案', provider: 'tencent' });
  await windBack(old);
  // the second order as the race made it, past createOrder's count
  const second = await old.sql.tx(() => insertOrder(old.ctx, { entityId: twice!.id, type: '首次备案', provider: 'aliyun', state: '草稿', effectiveDate: null, change: {}, websiteIds: [] }));
  await old.close();

  const said: string[] = [];
  const desk = await open((e) => said.push(e.what));
  try {
    expect(said.join('\n')).toContain(`发现 1 个客户同时有多个进行中的订单（同一主体同时只能有一个，V-CHG-07）：客户“${records[0]!.entity.name}”（编号 ${twice!.id}，多出的订单 #${second}）`);
    expect(await countOpenOrders(desk.ctx, twice!.id, CLOSED_STATES, null)).toBe(2);
    await expect(createOrder(desk, { entityId: twice!.id, type: '首次备案', provider: 'tencent' })).rejects.toThrow(/V-CHG-07/);
    // the index holds the other clients' open orders too: a second one, past the count, is refused by the store
    await expect(desk.sql.tx(() => insertOrder(desk.ctx, { entityId: once!.id, type: '首次备案', provider: 'aliyun', state: '草稿', effectiveDate: null, change: {}, websiteIds: [] }))).rejects.toThrow();
    // the surplus order stays workable, and once both are closed the client may open a new one
    await advanceOrder(desk, first.id, { to: '已放弃' });
    await advanceOrder(desk, second, { to: '已放弃' });
    await expect(createOrder(desk, { entityId: twice!.id, type: '首次备案', provider: 'tencent' })).resolves.toMatchObject({ state: '草稿' });
  } finally {
    await desk.close();
  }
}

describe('0029’s closed states', () => {
  it('are the closed states of the state machine: an order closed there is out of the index', () => {
    expect([...CLOSED_AT_29].sort()).toEqual([...CLOSED_STATES].sort());
  });
});

describe('one open order per 主体 held by the store (migration 0029), on a desk’s own store', () => {
  it('upgrades a store with a client holding two open orders, naming it, and holds one open order from then on', async () => {
    const dir = tempDir();
    await upgradesWithTwoOpenOrders(
      (onMigrationProgress) => openTestDesk(dir, onMigrationProgress ? { onMigrationProgress } : {}),
      async (desk) => {
        desk.sql.raw.exec(`DROP INDEX ${ONE_OPEN_ORDER_INDEX}`);
        desk.sql.raw.pragma('user_version = 28');
      },
    );
  }, 60_000);

  it('is refused by a build from before 0029 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(29);
  });
});

describePostgres('one open order per 主体 held by the team database (migration 0029)', () => {
  it('upgrades a database with a client holding two open orders, naming it, and holds one open order from then on', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    await upgradesWithTwoOpenOrders(
      async (onMigrationProgress) => openTestDesk(dir, { store: await openPostgresStore(url, onMigrationProgress ? { onMigrationProgress } : {}) }),
      async (desk) => {
        await sql.raw(`DROP INDEX ${ONE_OPEN_ORDER_INDEX}`).execute(desk.ctx.db);
        await sql`UPDATE schema_version SET version = 28`.execute(desk.ctx.db);
      },
    );
  }, 60_000);
});
