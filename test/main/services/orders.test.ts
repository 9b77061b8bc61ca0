import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { filingTypeOptions } from '../../../main/services/changeOrders';
import { recordExistingFiling } from '../../../main/services/filedState';
import { gonganOfOrder } from '../../../main/services/gongan';
import { advanceOrder, createOrder, getOrder, listOrders } from '../../../main/services/orders';
import { upcomingDeadlines } from '../../../main/services/upcoming';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import { personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { testRouter } from '../../helpers';

async function deskWithPerson(openDesk: OpenDesk, clock?: () => Date) {
  const desk = await openDesk(clock ? { clock } : {});
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  return { desk, clientId: c!.id, websiteId: c!.websiteIds[0]! };
}

describeEachStore('filing orders', (openDesk) => {
  it('runs a 首次备案 from draft to approval, writing the 备案号 back and starting the deadlines', async () => {
    let now = Date.parse('2026-11-24T09:00:00+08:00');
    const { desk, clientId, websiteId } = await deskWithPerson(openDesk, () => new Date(now));
    const o = await createOrder(desk, { entityId: clientId, type: '首次备案', provider: 'tencent' });
    expect(o).toMatchObject({ state: '草稿', websiteIds: [websiteId] });
    await expect(createOrder(desk, { entityId: clientId, type: '首次备案', provider: 'aliyun' })).rejects.toThrow(/只能有一个订单/);

    await advanceOrder(desk, o.id, { to: '待提交' });
    // submission is refused while materials are missing, naming each
    await expect(advanceOrder(desk, o.id, { to: '初审中' })).rejects.toThrow(/还不能提交初审/);
    expect((await fillOrder(desk, o.id)).checklist.every((c) => c.status === 'present')).toBe(true);

    await advanceOrder(desk, o.id, { to: '初审中', providerOrderNo: '2641474533533' });
    await advanceOrder(desk, o.id, { to: '待拍照核验' });
    await advanceOrder(desk, o.id, { to: '复审中' });
    // 广东 is not an SMS-verification province (Aliyun list): straight to the 管局
    await expect(advanceOrder(desk, o.id, { to: '待短信核验' })).rejects.toThrow(/不需要工信部短信核验/);
    await advanceOrder(desk, o.id, { to: '管局审核中' });
    await expect(advanceOrder(desk, o.id, { to: '已撤回' })).rejects.toThrow('已提交管局的订单不能撤回或放弃（S4）');
    await expect(advanceOrder(desk, o.id, { to: '已通过' })).rejects.toThrow('请填写管局下发的主体备案号');
    now += 5 * 86_400_000;
    const done = await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [websiteId]: '粤ICP备2026123456号-1' } });
    expect(done.closedAt).not.toBeNull();
    const e = await getClientClear(desk, clientId);
    expect(e.icpNumber).toBe('粤ICP备2026123456号');
    expect(e.websites[0]!.icpNumber).toBe('粤ICP备2026123456号-1');
    // the 公安备案 is still due: the service (and the retention clock) does not end at approval
    expect(e.serviceEndedAt).toBeNull();
    const view = await getOrder(desk, o.id);
    expect(view.deadlines.map((d) => d.kind)).toEqual(['公安备案']);
    expect(view.events.map((ev) => ev.to)).toEqual(['草稿', '待提交', '初审中', '待拍照核验', '复审中', '管局审核中', '已通过']);
    // a new order can start now that the last one closed
    expect((await createOrder(desk, { entityId: clientId, type: '注销主体', provider: 'tencent' })).state).toBe('草稿');
  }, 60_000);

  it('tracks the 24-hour SMS deadline in pilot provinces and lists overdue orders first', async () => {
    let now = Date.parse('2026-11-24T09:00:00+08:00');
    const desk = await openDesk({ clock: () => new Date(now) });
    const recs = [individual((r) => ((r.entity.province = '浙江省'), (r.entity.city = '杭州市'), (r.entity.district = '西湖区'), (r.entity.mailingAddress = '浙江省杭州市西湖区某路1号2栋301室'))), individual((r) => ((r.entity.certNumber = r.people[0].certNumber = personId(8)), (r.people[0].mobile = '13900000001'), (r.websites[0].domains = ['other-site.cn']), (r.websites[0].homepages = ['www.other-site.cn'])))].map((r) => {
      const { filing: _f, ...rest } = r;
      return clientRecordSchema.parse(rest);
    });
    const [zj, gd] = await createClients(desk, recs);
    // 注销网站 needs a site with a 备案号: both were filed before this desk
    await recordExistingFiling(desk, zj!.id, { provider: 'aliyun', filedAt: '2024-01-01', entityIcpNumber: '浙ICP备12345678号', websiteIcpNumbers: { [zj!.websiteIds[0]!]: '浙ICP备12345678号-1' } });
    await recordExistingFiling(desk, gd!.id, { provider: 'aliyun', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [gd!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    const a = await createOrder(desk, { entityId: zj!.id, type: '注销网站', provider: 'aliyun' });
    const b = await createOrder(desk, { entityId: gd!.id, type: '注销网站', provider: 'aliyun' });
    await advanceOrder(desk, a.id, { to: '待提交' });
    // a cancellation is submitted only once its consequence is confirmed (seed 004)
    await expect(advanceOrder(desk, a.id, { to: '初审中' })).rejects.toThrow('提交前请确认：注销后，该网站下的所有域名将不能访问');
    await advanceOrder(desk, a.id, { to: '初审中', confirmedConsequence: true });
    await expect(advanceOrder(desk, a.id, { to: '待拍照核验' })).rejects.toThrow(/没有拍照/);
    await advanceOrder(desk, a.id, { to: '管局审核中' });
    expect((await getOrder(desk, a.id)).next).toEqual(['已通过', '管局驳回']);
    now += 60_000;
    await advanceOrder(desk, b.id, { to: '待提交' });
    expect((await listOrders(desk, {})).map((o) => o.id)).toEqual([b.id, a.id]);
  });

  it('takes a website named twice once, instead of failing with a conflict about duplicate domains', async () => {
    const { desk, clientId, websiteId } = await deskWithPerson(openDesk);
    const { router } = await testRouter(desk);
    const made = await router.invoke('order.create', { entityId: clientId, type: '首次备案', provider: 'tencent', websiteIds: [websiteId, websiteId] });
    expect(made).toMatchObject({ ok: true, value: { state: '草稿', websiteIds: [websiteId] } });
  });

  it('V-CHG-07: with an order open, 新建订单 refuses every type with the reason, and creating one is a conflict', async () => {
    const { desk, clientId } = await deskWithPerson(openDesk);
    expect((await filingTypeOptions(desk, clientId, 'tencent')).find((t) => t.type === '首次备案')).toEqual({ type: '首次备案', allowed: true, reason: null });
    await createOrder(desk, { entityId: clientId, type: '首次备案', provider: 'tencent' });
    const options = await filingTypeOptions(desk, clientId, 'tencent');
    expect(options.every((t) => !t.allowed && t.reason!.includes('V-CHG-07'))).toBe(true);
    await expect(createOrder(desk, { entityId: clientId, type: '首次备案', provider: 'aliyun' })).rejects.toThrow(/V-CHG-07/);
  });
});

describeEachStore('the 公安备案 deadline', (openDesk) => {
  it('runs to the end of the 30th China day after the 网站开通日期, and is listed as upcoming right after approval', async () => {
    // approved just after midnight, China time, on 2026-03-01 (still 2026-02-28 in UTC)
    let now = Date.parse('2026-03-01T00:30:00+08:00');
    const { desk, clientId, websiteId } = await deskWithPerson(openDesk, () => new Date(now));
    const { id } = await createOrder(desk, { entityId: clientId, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, id, { to: '待提交' });
    await fillOrder(desk, id);
    for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, id, { to });
    await advanceOrder(desk, id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [websiteId]: '粤ICP备2026123456号-1' } });
    expect((await gonganOfOrder(desk, id))[0]!.fields.openedOn).toBe('2026-03-01');
    const due = (await getOrder(desk, id)).deadlines.find((d) => d.kind === '公安备案')!;
    expect(due.dueAt).toBe('2026-03-31T15:59:59.999Z');
    expect((await upcomingDeadlines(desk)).map((u) => [u.orderId, u.kind])).toEqual([[id, '公安备案']]);

    // 2026-03-31 10:00 China time: the 30th day after 03-01 (the opening day not counted), still in time
    now = Date.parse('2026-03-31T10:00:00+08:00');
    expect((await getOrder(desk, id)).deadlines.find((d) => d.kind === '公安备案')!.overdue).toBe(false);
    expect((await listOrders(desk, { openOnly: true }))[0]!.overdue).toBe(false);
    now = Date.parse('2026-03-31T23:59:59+08:00');
    expect((await listOrders(desk, { openOnly: true }))[0]!.overdue).toBe(false);
    now = Date.parse('2026-04-01T00:00:00+08:00');
    expect((await listOrders(desk, { openOnly: true }))[0]!.overdue).toBe(true);
  }, 120_000);
});
