// filed.record (当前信息即已备案信息) over the API: the single `provider` of older callers still files every
// site there; `websiteProviders` names another 接入商 for a site, and the 主体 is 接入 at them all.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { testRouter } from '../../helpers';

const ICP = '粤ICP备12345678号';

async function twoSites(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual((r) => {
    r.entity.icpNumber = ICP;
    r.websites[0].icpNumber = `${ICP}-1`;
    r.websites.push({ ...r.websites[0], name: '王小明的第二个网站', domains: ['wxm-two.cn'], homepages: ['www.wxm-two.cn'], icpNumber: `${ICP}-2` });
  });
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const { router } = await testRouter(desk);
  return { router, id: c!.id, a: c!.websiteIds[0]!, b: c!.websiteIds[1]! };
}

describeEachStore('filed.record over the API', (openDesk) => {
  it('takes the one provider of older callers for every site', async () => {
    const { router, id, a, b } = await twoSites(openDesk);
    const r = await router.invoke('filed.record', { entityId: id, provider: 'tencent', filedAt: '2020-01-01' });
    expect(r).toMatchObject({ ok: true, value: { filed: { providers: ['tencent'], record: { websites: [{ websiteId: a, provider: 'tencent' }, { websiteId: b, provider: 'tencent' }] } } } });
  });

  it('takes a 接入商 per website; a malformed one is refused with the site named in the path', async () => {
    const { router, id, a, b } = await twoSites(openDesk);
    const bad = await router.invoke('filed.record', { entityId: id, provider: 'tencent', websiteProviders: { [b]: '阿里云' }, filedAt: '2020-01-01' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['websiteProviders', String(b)], message: '请选择接入商' }] } });
    const r = await router.invoke('filed.record', { entityId: id, provider: 'tencent', websiteProviders: { [b]: 'aliyun' }, filedAt: '2020-01-01' });
    expect(r).toMatchObject({ ok: true, value: { filed: { providers: ['tencent', 'aliyun'], record: { websites: [{ websiteId: a, provider: 'tencent' }, { websiteId: b, provider: 'aliyun' }] } } } });
  });
});
