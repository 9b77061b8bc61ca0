// The 备案号 typed when an order is approved goes through the same check as the forms and V-ICP-01: the
// province of the client's 地域, 主体 vs 网站 form, and a 经营许可证 named as such. Nothing is written back
// and the order stays open when it is refused.
import { expect, it } from 'vitest';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

/** A 广东 client whose 首次备案 is at the 管局 (the steps before approval are not what is tested here). */
async function atTheMiit(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  return { desk, clientId: c!.id, orderId: o.id, websiteId: c!.websiteIds[0]! };
}

describeEachStore('approving an order', (openDesk) => {
  it.each([
    ['a 北京 number for a 广东 client', '京ICP备12345678号', '京ICP备12345678号-1', '与客户的地域广东省（粤）不符'],
    ['a 经营许可证 number', '粤B2-20090059', '粤ICP备12345678号-1', '是增值电信业务经营许可证编号，不是备案号'],
    ['a website number as the 主体 number', '粤ICP备12345678号-1', '粤ICP备12345678号-1', '是网站备案号'],
    ['a 主体 number as the website number', '粤ICP备12345678号', '粤ICP备12345678号', '网站备案号须带“-序号”'],
    ['a website number of another 主体', '粤ICP备12345678号', '粤ICP备87654321号-1', '不属于主体备案号'],
  ])('refuses %s and leaves the order open', async (_what, entityIcp, siteIcp, says) => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk);
    await expect(advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: entityIcp, websiteIcpNumbers: { [websiteId]: siteIcp } })).rejects.toThrow(says);
    expect((await getOrder(desk, orderId)).state).toBe('管局审核中');
    expect((await getClientClear(desk, clientId)).icpNumber).toBeNull();
  });

  it('accepts the right numbers, typed full-width, and stores them folded', async () => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: '粤ＩＣＰ备１２３４５６７８号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号－1' } });
    const e = await getClientClear(desk, clientId);
    expect(e.icpNumber).toBe('粤ICP备12345678号');
    expect(e.websites[0]!.icpNumber).toBe('粤ICP备12345678号-1');
  });
});
