// V-CHG-07, one open order per 主体, when two operators create an order for the same client at once: on a team
// database both used to count no open order and both insert (read committed). The store's index (migration
// 0029) lets one win; the others get the same Chinese refusal as a second order made one after the other.
import { expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import { countOpenOrders } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CLOSED_STATES } from '../../../main/filings/stateMachine';
import { createClients } from '../../../main/services/clients';
import { OPEN_ORDER_REASON } from '../../../main/services/changeOrders';
import { createOrder } from '../../../main/services/orders';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('one open order per 主体 under concurrency', (openDesk) => {
  it('ten operators creating an order for the same client at once: one wins, the others are told why', async () => {
    const desk = await openDesk();
    try {
      const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => asActor(`操作员${n}`, () => createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' }))));
      expect(await countOpenOrders(desk.ctx, c!.id, CLOSED_STATES, null)).toBe(1);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        // refused by the index (a create that raced the winner) or by a count (one that came after it), in the same words
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(OPEN_ORDER_REASON) });
      }
    } finally {
      await desk.close();
    }
  }, 60_000);
});
