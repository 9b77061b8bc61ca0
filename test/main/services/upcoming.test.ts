// 工作台 → 即将到期: what falls due soon (短信核验 within 24 h, 公安备案 by the end of the 30th China day after approval, a change's
// apply-by date within 30 days), soonest first, and nothing already overdue or still far off.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editPerson, getClientClear } from '../../../main/services/clients';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { upcomingDeadlines } from '../../../main/services/upcoming';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import { personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const DAY = 86_400_000;

function client(n: number, province = '广东省') {
  const { filing: _f, ...rec } = individual((r) => {
    r.entity.province = province;
    // the filing province follows the 通信地址 (V-ADDR-01)
    if (province === '浙江省') Object.assign(r.entity, { city: '杭州市', district: '西湖区', mailingAddress: '浙江省杭州市西湖区某路1号2栋301室' });
    // one 主体 is one client: each gets its own 证件号码
    r.entity.certNumber = r.people[0].certNumber = personId(20 + n);
    r.people[0].mobile = `1390000000${n}`;
    r.websites[0].domains = [`site-${n}.cn`];
    r.websites[0].homepages = [`www.site-${n}.cn`];
  });
  return clientRecordSchema.parse(rec);
}

describeEachStore('upcoming deadlines', (openDesk) => {
  it('lists an SMS check in its 24 hours, then the 公安备案 after approval, and a change whose apply-by date is near', async () => {
    let now = Date.parse('2026-11-24T09:00:00+08:00');
    const desk = await openDesk({ clock: () => new Date(now) });
    const [zj, near, far] = await createClients(desk, [client(1, '浙江省'), client(2), client(3)]);
    const day = (d: number) => new Date(now + d * DAY).toISOString().slice(0, 10);
    // both were filed before this desk; each changed its 负责人's mobile since, which calls for 变更备案 (V-CHG-04)
    for (const [c, n] of [[near!, 2], [far!, 3]] as const) {
      await recordExistingFiling(desk, c.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: `粤ICP备1234567${n}号`, websiteIcpNumbers: { [c.websiteIds[0]!]: `粤ICP备1234567${n}号-1` } });
      const p = (await getClientClear(desk, c.id)).people[0]!;
      await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: `1370000000${n}` });
    }
    const changeSoon = await createOrder(desk, { entityId: near!.id, type: '变更备案', provider: 'tencent', effectiveDate: day(40) });
    await createOrder(desk, { entityId: far!.id, type: '变更备案', provider: 'tencent', effectiveDate: day(100) });

    const o = await createOrder(desk, { entityId: zj!.id, type: '首次备案', provider: 'aliyun' });
    await advanceOrder(desk, o.id, { to: '待提交' });
    await fillOrder(desk, o.id);
    for (const to of ['初审中', '待拍照核验', '复审中', '待短信核验'] as const) await advanceOrder(desk, o.id, { to });

    expect((await upcomingDeadlines(desk)).map((u) => [u.orderId, u.kind])).toEqual([
      [o.id, '短信核验'],
      [changeSoon.id, '变更提前'],
    ]);
    const sms = (await upcomingDeadlines(desk))[0]!;
    expect(sms).toMatchObject({ entityName: expect.any(String), state: '待短信核验', type: '首次备案' });
    expect(Date.parse(sms.dueAt) - now).toBe(DAY);

    // past its 24 hours it is overdue, listed there and no longer as upcoming
    now += DAY + 60_000;
    expect((await upcomingDeadlines(desk)).map((u) => u.kind)).toEqual(['变更提前']);

    await advanceOrder(desk, o.id, { to: '管局审核中' });
    const websiteId = (await getOrder(desk, o.id)).websiteIds[0]!;
    await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '浙ICP备2026123456号', websiteIcpNumbers: { [websiteId]: '浙ICP备2026123456号-1' } });
    const afterApproval = await upcomingDeadlines(desk);
    expect(afterApproval.map((u) => [u.orderId, u.kind])).toEqual([
      [changeSoon.id, '变更提前'],
      [o.id, '公安备案'],
    ]);
    // approved 2026-11-25 (China): in time to the end of the 30th day after it, more than 30×24 h away and listed
    expect(afterApproval[1]!.dueAt).toBe('2026-12-25T15:59:59.999Z');
    expect(Date.parse(afterApproval[1]!.dueAt) - now).toBeGreaterThan(30 * DAY);
  });
});
