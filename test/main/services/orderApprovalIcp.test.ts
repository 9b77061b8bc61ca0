// The 备案号 typed when an order is approved goes through the same check as the forms and V-ICP-01: the
// province of the client's 地域, 主体 vs 网站 form, and a 经营许可证 named as such. Nothing is written back
// and the order stays open when it is refused.
import { expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editWebsite, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { personId } from '../../fixtures/records';
import { builtOnce, describeEachStore } from '../../support/eachStore';

/**
 * A 广东 client whose 首次备案 is at the 管局 (the steps before approval are not what is tested here), built once
 * per file and store; each test gets a copy of that desk (eachStore.ts builtOnce), a desk of its own.
 */
const atTheMiit = builtOnce(async (openDesk) => {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  return { desk, clientId: c!.id, orderId: o.id, websiteId: c!.websiteIds[0]! };
});
describeEachStore('approving an order', (openDesk, dialect) => {
  it.each([
    ['a 北京 number for a 广东 client', '京ICP备12345678号', '京ICP备12345678号-1', '与客户的地域广东省（粤）不符'],
    ['a 经营许可证 number', '粤B2-20090059', '粤ICP备12345678号-1', '是增值电信业务经营许可证编号，不是备案号'],
    ['a website number as the 主体 number', '粤ICP备12345678号-1', '粤ICP备12345678号-1', '是网站备案号'],
    ['a 主体 number as the website number', '粤ICP备12345678号', '粤ICP备12345678号', '网站备案号须带“-序号”'],
    ['a website number of another 主体', '粤ICP备12345678号', '粤ICP备87654321号-1', '不属于主体备案号'],
  ])('refuses %s and leaves the order open', async (_what, entityIcp, siteIcp, says) => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk, dialect);
    await expect(advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: entityIcp, websiteIcpNumbers: { [websiteId]: siteIcp } })).rejects.toThrow(says);
    expect((await getOrder(desk, orderId)).state).toBe('管局审核中');
    expect((await getClientClear(desk, clientId)).icpNumber).toBeNull();
  });

  it('accepts the right numbers, typed full-width, and stores them folded', async () => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk, dialect);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: '粤ＩＣＰ备１２３４５６７８号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号－1' } });
    const e = await getClientClear(desk, clientId);
    expect(e.icpNumber).toBe('粤ICP备12345678号');
    expect(e.websites[0]!.icpNumber).toBe('粤ICP备12345678号-1');
  });
});

// The approval writes the 备案号s alone: an operator's save of the same 主体 or website committed while the
// approval ran (team server) is kept, where a write of the whole row as the approval read it had undone it.
describeEachStore('approving an order while the client is edited', (openDesk, dialect) => {
  it('keeps each accepted save of the 主体 and the website made at the same moment, and moves their versions', async () => {
    const desk = await openDesk();
    try {
      const N = 25;
      const records = Array.from({ length: N }, (_, n) => {
        const { filing: _f, ...rec } = individual((r) => {
          r.entity.certNumber = r.people[0].certNumber = personId(100 + n);
          r.people[0].mobile = `139000${String(10000 + n)}`;
          r.websites[0].domains = [`race-${n}.cn`];
          r.websites[0].homepages = [`www.race-${n}.cn`];
        });
        return clientRecordSchema.parse(rec);
      });
      const created = await createClients(desk, records);
      const orders: number[] = [];
      for (const c of created) {
        const o = await createOrder(desk, { entityId: c.id, type: '首次备案', provider: 'tencent' });
        await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
        orders.push(o.id);
      }
      const lost: string[] = [];
      await Promise.all(
        created.map(async (c, n) => {
          const read = await getClientClear(desk, c.id);
          const site = read.websites[0]!;
          const icp = `粤ICP备${20260000 + n}号`;
          const approve = asActor('甲', () => advanceOrder(desk, orders[n]!, { to: '已通过', entityIcpNumber: icp, websiteIcpNumbers: { [site.id]: `${icp}-1` } }));
          const saved = (p: Promise<unknown>) => p.then(() => true, () => false);
          const entitySave = saved(asActor('乙', () => updateClientEntity(desk, c.id, { ...entityFieldsOf(read), remark: `乙的备注${n}` }, read.rowVersion)));
          const siteSave = saved(asActor('丙', () => editWebsite(desk, site.id, { ...websiteFieldsOf(site), remark: `丙的备注${n}` }, site.rowVersion)));
          const [, entitySaved, siteSaved] = await Promise.all([approve, entitySave, siteSave]);
          const after = await getClientClear(desk, c.id);
          if (entitySaved && after.remark !== `乙的备注${n}`) lost.push(`主体 ${c.id}`);
          if (siteSaved && after.websites[0]!.remark !== `丙的备注${n}`) lost.push(`网站 ${site.id}`);
          expect(after.icpNumber).toBe(icp);
          expect(after.websites[0]!.icpNumber).toBe(`${icp}-1`);
        }),
      );
      expect(lost).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 120_000);

  it('refuses a form opened before the approval: the 备案号 moved the row’s version', async () => {
    const { desk, clientId, orderId, websiteId } = await atTheMiit(openDesk, dialect);
    try {
      const read = await getClientClear(desk, clientId);
      const site = read.websites[0]!;
      await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号-1' } });
      await expect(updateClientEntity(desk, clientId, { ...entityFieldsOf(read), remark: '旧表单' }, read.rowVersion)).rejects.toMatchObject({ code: 'EDIT_CONFLICT' });
      await expect(editWebsite(desk, websiteId, { ...websiteFieldsOf(site), remark: '旧表单' }, site.rowVersion)).rejects.toMatchObject({ code: 'EDIT_CONFLICT' });
      const after = await getClientClear(desk, clientId);
      expect([after.icpNumber, after.websites[0]!.icpNumber, after.websites[0]!.domains]).toEqual(['粤ICP备12345678号', '粤ICP备12345678号-1', site.domains]);
    } finally {
      await desk.close();
    }
  });
});
