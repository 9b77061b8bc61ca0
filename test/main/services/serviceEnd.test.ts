// When the agency's service for a client ends (and the PIPL retention clock starts): not at approval
// while the client's 公安备案 is still due, but when the operator says so (结束服务, logged), or when the
// last order closes with nothing left to follow up.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { endService, serviceStillRunning } from '../../../main/services/retention';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const NOW = new Date('2026-11-24T10:00:00Z');

async function atTheMiit(openDesk: OpenDesk) {
  const desk = await openDesk({ clock: () => NOW });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  return { desk, clientId: c!.id, orderId: o.id, websiteId: c!.websiteIds[0]! };
}

describeEachStore('the end of service', (openDesk) => {
  it('keeps the service running after approval while the 公安备案 is due, and says why', async () => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号-1' } });
    expect((await getClientClear(desk, clientId)).serviceEndedAt).toBeNull();
    expect(await serviceStillRunning(desk, clientId)).toBe('公安备案尚未办结（2026-12-24 当天结束前办理）');
  });

  it('ends the service when the operator says so, once, with a log entry naming the reason', async () => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号-1' } });
    expect(await endService(desk, clientId, '客户自行办理公安备案')).toEqual({ serviceEndedAt: '2026-11-24' });
    expect((await getClientClear(desk, clientId)).serviceEndedAt).toBe('2026-11-24');
    const entry = (await listAudit(desk.ctx, { entityId: clientId, limit: 10 })).find((a) => a.action === 'entity.serviceEnded');
    expect(entry?.detail).toEqual({ serviceEndedAt: '2026-11-24', by: '操作员', reason: '客户自行办理公安备案' });
    await expect(endService(desk, clientId, '再次')).rejects.toThrow('服务已于 2026-11-24 结束');
  });

  it('ends the service by itself when the last order closes with no 公安备案 due', async () => {
    const { desk, clientId, orderId } = await atTheMiit(openDesk);
    await advanceOrder(desk, orderId, { to: '管局驳回', reason: '材料不全' });
    await advanceOrder(desk, orderId, { to: '已放弃', reason: '客户不再备案' });
    expect((await getClientClear(desk, clientId)).serviceEndedAt).toBe('2026-11-24');
    expect((await listAudit(desk.ctx, { entityId: clientId, limit: 10 })).some((a) => a.action === 'entity.serviceEnded' && a.detail.by === '最后一个订单已结束')).toBe(true);
  });
});
