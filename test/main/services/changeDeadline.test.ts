// 变更须提前 30 日申请: a change taking effect on 2026-04-30 may still be applied for on 2026-03-31, the 30th day
// before, until that China day ends; only a 变更 order has an effective date and this deadline, and a date the
// calendar does not have is refused with the reason.
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../../main/db/repositories/orders';
import { chinaDateTime } from '../../../main/domain/dates';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { deadlinesOf } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { testRouter } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const draft = (type: OrderRow['type'], effectiveDate: string) => ({ type, state: '草稿', effectiveDate, smsDueAt: null, psbDueAt: null }) as unknown as OrderRow;

describe('变更提前 deadline', () => {
  it('is in time all through the 30th day before the effective date, China time, and overdue from the 29th', () => {
    const o = draft('变更备案', '2026-04-30');
    const [d] = deadlinesOf(o, new Date('2026-03-31T10:00:00+08:00'));
    expect(d).toMatchObject({ kind: '变更提前', overdue: false });
    expect(chinaDateTime(d!.dueAt)).toBe('2026-03-31 23:59');
    expect(deadlinesOf(o, new Date('2026-03-31T23:59:59+08:00'))[0]!.overdue).toBe(false);
    // 00:30 on 04-01 in China is still 03-31 in UTC: the China day decides
    expect(deadlinesOf(o, new Date('2026-04-01T00:30:00+08:00'))[0]!.overdue).toBe(true);
  });

  it('belongs to the 变更 types only', () => {
    for (const type of ['变更主体', '变更网站', '变更备案'] as const) expect(deadlinesOf(draft(type, '2026-04-30'), new Date('2026-03-01T10:00:00+08:00')).map((d) => d.kind)).toEqual(['变更提前']);
    // an effective date kept with another type (stored before it was refused) makes no deadline
    expect(deadlinesOf(draft('首次备案', '2026-04-30'), new Date('2026-04-20T10:00:00+08:00'))).toEqual([]);
  });
});

describeEachStore('新建订单 with an effective date', (openDesk) => {
  it('refuses a day the calendar does not have, and an effective date on an order that is not a 变更, saying why', async () => {
    const { desk, router } = await testRouter(await openDesk());
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const impossible = await router.invoke('order.create', { entityId: c!.id, type: '变更备案', provider: 'tencent', effectiveDate: '2026-02-30' });
    expect(impossible).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['effectiveDate'], message: expect.stringContaining('变更生效日期不存在') }] } });
    const notAChange = await router.invoke('order.create', { entityId: c!.id, type: '首次备案', provider: 'tencent', effectiveDate: '2026-04-30' });
    expect(notAChange).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '只有变更主体、变更网站、变更备案订单填写变更生效日期，“首次备案”订单请留空' } });
    // without one, the same order is made
    expect(await router.invoke('order.create', { entityId: c!.id, type: '首次备案', provider: 'tencent' })).toMatchObject({ ok: true, value: { effectiveDate: null } });
  }, 30_000);
});
