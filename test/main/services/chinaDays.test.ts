// The days a service records from the desk's clock are China days: an approval at 01:30 China time on
// 2026-03-02 (17:30 UTC the day before) is filed on 2026-03-02, its 公安备案 due by the end of the 30th China
// day after it, and the 服务结束日期 set then is 2026-03-02 — whatever time zone the machine is in.
import { expect, it } from 'vitest';
import { latestFiled } from '../../../main/db/repositories/filed';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { dueForDeletion, endService, serviceStillRunning } from '../../../main/services/retention';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const CHINA_EARLY_MORNING = new Date('2026-03-01T17:30:00Z');

async function approvedAtChinaEarlyMorning(openDesk: OpenDesk) {
  let now = CHINA_EARLY_MORNING;
  const desk = await openDesk({ clock: () => now });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
  return { desk, clientId: c!.id, orderId: o.id, setNow: (t: Date) => (now = t) };
}

describeEachStore('days recorded at 01:30 China time (17:30 UTC the day before)', (openDesk) => {
  it('files the approval on the China day', async () => {
    const { desk, clientId } = await approvedAtChinaEarlyMorning(openDesk);
    expect((await latestFiled(desk.ctx, clientId))!.filedAt).toBe('2026-03-02');
  });

  it('names the China day the 公安备案 is due by', async () => {
    const { desk, clientId, orderId } = await approvedAtChinaEarlyMorning(openDesk);
    // the 30th China day after the 网站开通日期 (2026-03-02) is allowed until it ends, China time
    expect((await getOrder(desk, orderId)).psbDueAt).toBe('2026-04-01T15:59:59.999Z');
    expect(await serviceStillRunning(desk, clientId)).toBe('公安备案尚未办结（2026-04-01 当天结束前办理）');
  });

  it('ends the service on the China day and counts the retention from it', async () => {
    const { desk, clientId, setNow } = await approvedAtChinaEarlyMorning(openDesk);
    expect(await endService(desk, clientId, '客户自行办理公安备案')).toEqual({ serviceEndedAt: '2026-03-02' });
    expect((await getClientClear(desk, clientId)).serviceEndedAt).toBe('2026-03-02');
    // default retention 24 months → due 2028-03-02, which begins at 2028-03-01T16:00Z
    setNow(new Date('2028-03-01T15:59:00Z'));
    expect(await dueForDeletion(desk)).toEqual([]);
    setNow(new Date('2028-03-01T16:00:00Z'));
    expect((await dueForDeletion(desk)).map((d) => [d.id, d.dueDate])).toEqual([[clientId, '2028-03-02']]);
  });
});
