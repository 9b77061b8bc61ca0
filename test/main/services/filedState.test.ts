// 已备案信息: an approved order leaves a versioned snapshot in its own transaction; later orders change it
// as the seeds say (新增网站 adds, 接入备案 adds a provider, 注销网站 removes, 取消接入 drops the provider,
// 注销主体 cancels); a client filed before this desk is recorded on purpose with checked 备案号s.
import { expect, it } from 'vitest';
import { filedVersions, latestFiled } from '../../../main/db/repositories/filed';
import { insertOrder, updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { addWebsite, createClients, editPerson, editWebsite, getClientClear } from '../../../main/services/clients';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { filedOverview, recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { filingTypeOptions } from '../../../main/services/changeOrders';
import { personFieldsOf } from '../../../main/db/repositories/people';
import type { FilingType } from '../../../main/domain/enums';
import type { Desk } from '../../../main/desk';
import { individual } from '../../fixtures/drafts';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

async function approve(desk: Desk, entityId: number, type: FilingType, provider: string, icp: { entity?: string; sites?: Record<number, string> } = {}, websiteIds?: number[]) {
  const o = await createOrder(desk, { entityId, type, provider, ...(websiteIds ? { websiteIds } : {}) });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  await advanceOrder(desk, o.id, { to: '已通过', ...(icp.entity ? { entityIcpNumber: icp.entity } : {}), ...(icp.sites ? { websiteIcpNumbers: icp.sites } : {}) });
  return o.id;
}

async function personalClient(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  return { desk, id: c!.id, siteId: c!.websiteIds[0]! };
}

describeEachStore('filed state written on approval', (openDesk) => {
  it('keeps the 主体 as filed, its 备案号s, the provider and the day after a 首次备案', async () => {
    const { desk, id, siteId } = await personalClient(openDesk);
    const orderId = await approve(desk, id, '首次备案', 'tencent', { entity: '粤ICP备12345678号', sites: { [siteId]: '粤ICP备12345678号-1' } });
    const f = (await latestFiled(desk.ctx, id))!;
    expect(f).toMatchObject({ version: 1, origin: '订单通过', orderId, status: '已备案', entityIcpNumber: '粤ICP备12345678号', providers: ['tencent'] });
    expect(f.filedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.record.websites).toEqual([expect.objectContaining({ websiteId: siteId, icpNumber: '粤ICP备12345678号-1', provider: 'tencent' })]);
    expect(f.record.people[0]!.mobile).toBe((await getClientClear(desk, id)).people[0]!.mobile);
  });

  it('writes nothing when the approval is refused (same transaction)', async () => {
    const { desk, id, siteId } = await personalClient(openDesk);
    await expect(approve(desk, id, '首次备案', 'tencent', { entity: '粤ICP备12345678号', sites: { [siteId]: '京ICP备12345678号-1' } })).rejects.toThrow();
    expect(await latestFiled(desk.ctx, id)).toBeNull();
  });

  it('adds sites with 新增网站, a provider with 接入备案, drops them with 注销网站 and 取消接入, cancels with 注销主体', async () => {
    const { desk, id, siteId } = await personalClient(openDesk);
    await approve(desk, id, '首次备案', 'tencent', { entity: '粤ICP备12345678号', sites: { [siteId]: '粤ICP备12345678号-1' } });
    const e = await getClientClear(desk, id);
    const { id: _w, entityId: _e, createdAt: _c, updatedAt: _u, ...site } = e.websites[0]!;
    const second = await addWebsite(desk, id, { ...(site as Parameters<typeof addWebsite>[2]), name: '王小明的相册', domains: ['wangxiaoming-photo.cn'], homepages: ['www.wangxiaoming-photo.cn'], icpNumber: null, principalPersonId: e.people[0]!.id });
    await approve(desk, id, '新增网站', 'aliyun', { sites: { [second.id]: '粤ICP备12345678号-2' } });
    let f = (await latestFiled(desk.ctx, id))!;
    expect(f.version).toBe(2);
    expect(f.record.websites.map((w) => [w.websiteId, w.provider])).toEqual([[siteId, 'tencent'], [second.id, 'aliyun']]);
    expect(f.providers).toEqual(['tencent', 'aliyun']);

    await approve(desk, id, '注销网站', 'tencent', {}, [siteId]);
    f = (await latestFiled(desk.ctx, id))!;
    expect(f.record.websites.map((w) => w.websiteId)).toEqual([second.id]);
    expect((await getClientClear(desk, id)).websites.find((w) => w.id === siteId)!.icpNumber).toBeNull();

    await approve(desk, id, '取消接入', 'aliyun', {}, []);
    f = (await latestFiled(desk.ctx, id))!;
    expect(f.providers).toEqual(['tencent']);
    expect(f.record.websites).toEqual([]);

    await approve(desk, id, '注销主体', 'tencent', {}, []);
    f = (await latestFiled(desk.ctx, id))!;
    expect(f.status).toBe('已注销');
    expect((await getClientClear(desk, id)).icpNumber).toBeNull();
    expect((await filedVersions(desk.ctx, id)).map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
  });
});

const ICP = '粤ICP备12345678号';

/** A 个人 client with two websites carrying a 网站备案号 on the client form (b: `bNumber`), nothing on record. */
async function twoSitesNumbered(openDesk: OpenDesk, bNumber: string | null = `${ICP}-2`) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual((r) => {
    r.entity.icpNumber = ICP;
    r.websites[0].icpNumber = `${ICP}-1`;
    r.websites.push({ ...r.websites[0], name: '王小明的第二个网站', domains: ['wxm-two.cn'], homepages: ['www.wxm-two.cn'], icpNumber: bNumber });
  });
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  return { desk, id: c!.id, a: c!.websiteIds[0]!, b: c!.websiteIds[1]! };
}

const numbersOf = async (desk: Desk, id: number) => {
  const e = await getClientClear(desk, id);
  return { entity: e.icpNumber, sites: Object.fromEntries(e.websites.map((w) => [w.id, w.icpNumber])) };
};

describeEachStore('a cancellation clears the 备案号s it cancels, no others', (openDesk) => {
  it('注销网站 and 取消接入 leave the 备案号 of a site the filed state does not list (typed on the form later)', async () => {
    const { desk, id, a, b } = await twoSitesNumbered(openDesk, null);
    // on record: the 主体 and site a at tencent, the 主体 also 接入 at aliyun with no site there
    await recordExistingFiling(desk, id, { provider: 'tencent', filedAt: '2024-01-01' });
    await approve(desk, id, '接入备案', 'aliyun', {}, []);
    const typed = (await getClientClear(desk, id)).websites.find((w) => w.id === b)!;
    await editWebsite(desk, b, { ...websiteFieldsOf(typed), icpNumber: `${ICP}-2` });

    await approve(desk, id, '取消接入', 'aliyun', {}, []);
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: `${ICP}-1`, [b]: `${ICP}-2` } });
    const rowVersion = (await getClientClear(desk, id)).websites.find((w) => w.id === a)!.rowVersion;
    await approve(desk, id, '注销网站', 'tencent', {}, [a]);
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: null, [b]: `${ICP}-2` } });
    // the cleared number moves the row's version: a form still open on the old number is refused as stale
    expect((await getClientClear(desk, id)).websites.find((w) => w.id === a)!.rowVersion).toBe(rowVersion + 1);
    expect((await latestFiled(desk.ctx, id))!).toMatchObject({ status: '已备案', providers: ['tencent'], record: { websites: [] } });
  });

  it('an order opened while nothing on record was still allowed: its approval clears only the site it names and writes no empty version', async () => {
    const { desk, id, a, b } = await twoSitesNumbered(openDesk);
    // opened before 注销网站 / 取消接入 needed a filed state (createOrder refuses them now)
    const legacy = (type: FilingType, websiteIds: number[]) => desk.sql.tx(() => insertOrder(desk.ctx, { entityId: id, type, provider: 'tencent', state: '管局审核中', effectiveDate: null, change: {}, websiteIds }));
    await advanceOrder(desk, await legacy('取消接入', []), { to: '已通过' });
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: `${ICP}-1`, [b]: `${ICP}-2` } });
    await advanceOrder(desk, await legacy('注销网站', [a]), { to: '已通过' });
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: null, [b]: `${ICP}-2` } });
    expect(await latestFiled(desk.ctx, id)).toBeNull();
  });

  it('refuses 注销网站 and 取消接入 while nothing is on record, saying where to record it', async () => {
    const { desk, id, a, b } = await twoSitesNumbered(openDesk);
    await expect(createOrder(desk, { entityId: id, type: '注销网站', provider: 'tencent', websiteIds: [a] })).rejects.toThrow('还没有已备案信息：请先在客户页“已备案信息”中登记原备案');
    await expect(createOrder(desk, { entityId: id, type: '取消接入', provider: 'tencent' })).rejects.toThrow('还没有已备案信息：请先在客户页“已备案信息”中登记原备案');
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: `${ICP}-1`, [b]: `${ICP}-2` } });
  });
});

describeEachStore('recording filings made before this desk', (openDesk) => {
  it('takes the current information as filed once the typed 备案号s pass the one 备案号 check', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(4))]);
    await expect(recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-05-01', entityIcpNumber: '京ICP备12345678号' })).rejects.toThrow('与客户的地域广东省（粤）不符');
    await expect(recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-05-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号' } })).rejects.toThrow('网站备案号须带“-序号”');
    expect(await latestFiled(desk.ctx, c!.id)).toBeNull();
    expect((await getClientClear(desk, c!.id)).icpNumber).toBeNull();
    const f = await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-05-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    expect(f).toMatchObject({ origin: '登记已备案', filedAt: '2024-05-01', entityIcpNumber: '粤ICP备12345678号' });
    expect(f.record.websites[0]!.icpNumber).toBe('粤ICP备12345678号-1');
    await expect(recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-05-01' })).rejects.toThrow('已有已备案信息');
  });

  it('files each site at its own 接入商: 取消接入 at the second cancels only its site, 接入备案 is not offered where a site is 接入', async () => {
    const { desk, id, a, b } = await twoSitesNumbered(openDesk);
    // a at tencent (the provider for every site not named), b at aliyun; the 主体 is 接入 at both
    const f = await recordExistingFiling(desk, id, { provider: 'tencent', websiteProviders: { [b]: 'aliyun' }, filedAt: '2020-01-01' });
    expect(f.providers).toEqual(['tencent', 'aliyun']);
    expect(f.record.websites.map((w) => [w.websiteId, w.provider])).toEqual([[a, 'tencent'], [b, 'aliyun']]);
    await expect(recordExistingFiling(desk, id, { provider: 'aliyun', filedAt: '2020-01-01' })).rejects.toThrow('已有已备案信息');

    const options = async (provider: string) => Object.fromEntries((await filingTypeOptions(desk, id, provider)).map((o) => [o.type, o.reason]));
    for (const provider of ['tencent', 'aliyun']) {
      const o = await options(provider);
      expect(o['取消接入']).toBeNull();
      expect(o['接入备案']).toBe(`主体已在该接入商接入（${provider}）：改动信息用变更，新网站用新增网站`);
    }
    expect((await options('qingcloud'))['取消接入']).toBe('主体未在该接入商接入（已接入：tencent、aliyun）');

    await approve(desk, id, '取消接入', 'aliyun', {}, []);
    expect(await numbersOf(desk, id)).toEqual({ entity: ICP, sites: { [a]: `${ICP}-1`, [b]: null } });
    const after = (await latestFiled(desk.ctx, id))!;
    expect(after).toMatchObject({ status: '已备案', providers: ['tencent'] });
    expect(after.record.websites.map((w) => [w.websiteId, w.provider])).toEqual([[a, 'tencent']]);
  });

  it('without websiteProviders files every site at the one 接入商, as before; a site of another client is refused', async () => {
    const { desk, id, a, b } = await twoSitesNumbered(openDesk);
    const [other] = await createClients(desk, [clientRecordSchema.parse(companyRecord(4))]);
    const strange = other!.websiteIds[0]!;
    await expect(recordExistingFiling(desk, id, { provider: 'tencent', websiteProviders: { [strange]: 'aliyun' }, filedAt: '2020-01-01' })).rejects.toThrow(`网站 #${strange} 不是客户`);
    expect(await latestFiled(desk.ctx, id)).toBeNull();
    const f = await recordExistingFiling(desk, id, { provider: 'aliyun', filedAt: '2020-01-01' });
    expect(f.providers).toEqual(['aliyun']);
    expect(f.record.websites.map((w) => [w.websiteId, w.provider])).toEqual([[a, 'aliyun'], [b, 'aliyun']]);
  });

  it('marks what differs from the filed information, personal numbers masked', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(filedRecord(companyRecord(5), 5))]);
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2023-01-01' });
    const p = (await getClientClear(desk, c!.id)).people[1]!;
    await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
    const o = await filedOverview(desk, c!.id);
    expect(o.differences).toEqual([{ area: `负责人“${p.name}”`, field: 'mobile', label: '手机号码', filed: '137****0005', current: '139****5678' }]);
    expect(JSON.stringify(o)).not.toContain(p.certNumber);
  });
});
