// 已备案信息 is what was submitted, not the client as it is at approval: the record an order passed the
// submission gate with (待提交 → 初审中) is kept with it, a resubmission after 驳回 replaces it, and the
// approval files it; edits made meanwhile were never filed and show as differences. An order submitted
// before the desk kept that record (migration 0027) is still filed from the client's current record.
import { expect, it } from 'vitest';
import { latestFiled, submittedRecordOf } from '../../../main/db/repositories/filed';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editWebsite, getClientClear } from '../../../main/services/clients';
import { filedOverview } from '../../../main/services/filedState';
import { advanceOrder, attachToOrder, checkOrderPhotos, createOrder } from '../../../main/services/orders';
import type { Desk } from '../../../main/desk';
import { individual } from '../../fixtures/drafts';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { builtOnce, describeEachStore } from '../../support/eachStore';

const ICP = '粤ICP备12345678号';

/**
 * A 首次备案 filled and submitted (待提交 → 初审中), built once per file and store; each test gets a copy of that
 * desk (eachStore.ts builtOnce), a desk of its own.
 */
const submittedFirstFiling = builtOnce(async (openDesk) => {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await advanceOrder(desk, o.id, { to: '待提交' });
  await fillOrder(desk, o.id);
  await advanceOrder(desk, o.id, { to: '初审中' });
  const site = (await getClientClear(desk, c!.id)).websites[0]!;
  return { desk, entityId: c!.id, orderId: o.id, site };
});

/** The reviewer's edit: renamed, a domain never submitted added, the homepage without www. */
async function editWhileReviewed(desk: Desk, entityId: number) {
  const w = (await getClientClear(desk, entityId)).websites[0]!;
  await editWebsite(desk, w.id, { ...websiteFieldsOf(w), name: '王小明的新网站', domains: [...w.domains, 'never-submitted.cn'], homepages: ['never-submitted.cn'] });
}

const toApproval = async (desk: Desk, orderId: number, siteId: number) => {
  for (const to of ['待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, orderId, { to });
  await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: ICP, websiteIcpNumbers: { [siteId]: `${ICP}-1` } });
};

describeEachStore('filed state is what the order submitted', (openDesk, dialect) => {
  it('files the website as submitted when it was edited while the 管局 reviewed, and shows the edit as a difference', async () => {
    const { desk, entityId, orderId, site } = await submittedFirstFiling(openDesk, dialect);
    for (const to of ['待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, orderId, { to });
    await editWhileReviewed(desk, entityId);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: ICP, websiteIcpNumbers: { [site.id]: `${ICP}-1` } });

    const filed = (await latestFiled(desk.ctx, entityId))!;
    expect(filed.record.websites).toEqual([expect.objectContaining({ websiteId: site.id, name: site.name, domains: site.domains, homepages: site.homepages, icpNumber: `${ICP}-1`, provider: 'tencent' })]);
    expect(filed.record.entity.icpNumber).toBe(ICP);
    const differences = (await filedOverview(desk, entityId)).differences;
    expect(differences.map((d) => [d.field, d.filed, d.current])).toEqual([
      ['name', site.name, '王小明的新网站'],
      ['domains', site.domains.join('、'), [...site.domains, 'never-submitted.cn'].join('、')],
      ['homepages', site.homepages.join('、'), 'never-submitted.cn'],
    ]);
  }, 90_000);

  it('makes a later 变更网站 see the domain that was never filed (V-CHG-02)', async () => {
    const { desk, entityId, orderId, site } = await submittedFirstFiling(openDesk, dialect);
    for (const to of ['待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, orderId, { to });
    await editWhileReviewed(desk, entityId);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: ICP, websiteIcpNumbers: { [site.id]: `${ICP}-1` } });
    await expect(createOrder(desk, { entityId, type: '变更网站', provider: 'tencent' })).rejects.toThrow(/“never-submitted\.cn”不在原备案中（V-CHG-02）/);
  }, 90_000);

  it('keeps the record of the last submission: a resubmission after 驳回 replaces it', async () => {
    const { desk, entityId, orderId, site } = await submittedFirstFiling(openDesk, dialect);
    const first = (await submittedRecordOf(desk.ctx, orderId))!;
    expect(first.record.websites.map((w) => w.name)).toEqual([site.name]);
    await advanceOrder(desk, orderId, { to: '初审驳回', reason: '网站名称与内容不符' });
    const w = (await getClientClear(desk, entityId)).websites[0]!;
    await editWebsite(desk, w.id, { ...websiteFieldsOf(w), name: '王小明摄影作品集' });
    // the signed 核验单 printed the old name: the gate refuses it until it is signed again under the new one
    await advanceOrder(desk, orderId, { to: '待提交' });
    await expect(advanceOrder(desk, orderId, { to: '初审中' })).rejects.toThrow(/已签字的核验单扫描件——核验单上印的信息在核验单生成后改过/);
    await attachToOrder(desk, orderId, `website:${w.id}:sheet`, { fileName: 'sheet-renamed.jpg', data: await goodMaterial('sheet', 1) });
    await checkOrderPhotos(desk, orderId);
    // not submitted yet: the record kept is still the first submission's
    expect((await submittedRecordOf(desk.ctx, orderId))!.record.websites.map((x) => x.name)).toEqual([site.name]);
    await advanceOrder(desk, orderId, { to: '初审中' });
    expect((await submittedRecordOf(desk.ctx, orderId))!.record.websites.map((x) => x.name)).toEqual(['王小明摄影作品集']);
    await editWhileReviewed(desk, entityId);
    await toApproval(desk, orderId, site.id);
    const filed = (await latestFiled(desk.ctx, entityId))!;
    expect(filed.record.websites.map((x) => [x.name, x.domains])).toEqual([['王小明摄影作品集', site.domains]]);
    // personal values come back as they were entered (sealed at rest like the snapshot's)
    expect(filed.record.people[0]!.mobile).toBe((await getClientClear(desk, entityId)).people[0]!.mobile);
  }, 90_000);

  it('files an order submitted before the record was kept (migration 0027) from the client at approval, as before', async () => {
    const { desk, entityId, orderId, site } = await submittedFirstFiling(openDesk, dialect);
    // what a desk migrated with this order already under review holds: no submitted record
    await desk.sql.tx(() => desk.ctx.db.deleteFrom('order_submitted').where('order_id', '=', orderId).execute());
    for (const to of ['待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, orderId, { to });
    await editWhileReviewed(desk, entityId);
    await advanceOrder(desk, orderId, { to: '已通过', entityIcpNumber: ICP, websiteIcpNumbers: { [site.id]: `${ICP}-1` } });
    const filed = (await latestFiled(desk.ctx, entityId))!;
    expect(filed.record.websites.map((x) => [x.name, x.domains])).toEqual([['王小明的新网站', [...site.domains, 'never-submitted.cn']]]);
    expect((await filedOverview(desk, entityId)).differences).toEqual([]);
  }, 90_000);
});
