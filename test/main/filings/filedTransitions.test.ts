// How an approved order changes 已备案信息, type by type (seeds 000–004, domain.md §1): 首次备案 files the
// 主体 and its sites at one provider, 接入备案 adds a provider, 新增网站 adds sites, a change replaces the
// part it changed and keeps the 备案号, 注销网站 removes sites, 取消接入 drops a provider and its sites,
// 注销主体 cancels the 主体, 公安备案 changes nothing on record.
import { describe, expect, it } from 'vitest';
import type { FiledState } from '../../../main/domain/filed';
import type { EntityView } from '../../../main/domain/views';
import { cancelledWebsiteIds, currentAsFiled, filedAfter, filedIcpNumbers, submittedRecord, type ApprovedOrder, type NextFiled } from '../../../main/filings/filedTransitions';
import { enterprise, type AnyRecord } from '../../fixtures/drafts';
import { entityView } from './entityViews';

const ICP = '粤ICP备12345678号';
/** 主体负责人 p1 (id 1); 官网 (id 11) run by p2 (id 2), 商城 (id 12) run by p1. */
const client = (more: (r: AnyRecord) => void = () => undefined): EntityView =>
  entityView(
    enterprise((r) => {
      r.entity.icpNumber = ICP;
      r.websites[0].icpNumber = `${ICP}-1`;
      r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], principal: 'p1', icpNumber: `${ICP}-2` });
      more(r);
    }),
  );
const order = (type: ApprovedOrder['type'], provider: string, websiteIds: number[]): ApprovedOrder => ({ id: 7, type, provider, websiteIds });
const state = (next: NextFiled | null): FiledState => ({ id: 1, entityId: 1, version: 1, filedAt: '2026-10-01', origin: '订单通过', orderId: 6, ...next! });
const sites = (n: NextFiled | null) => n!.record.websites.map((w) => [w.websiteId, w.name, w.provider, w.icpNumber]);
const people = (n: NextFiled | null) => n!.record.people.map((p) => [p.id, p.name]);

/** Both sites filed: 官网 at tencent, 商城 at aliyun. */
const filedAtTwo = () => {
  const first = state(filedAfter(null, client(), order('首次备案', 'tencent', [11])));
  return state(filedAfter(first, client(), order('接入备案', 'aliyun', [12])));
};

describe('已备案信息 after an approved order', () => {
  it('首次备案: the 主体 and the order’s sites, at that provider, with the people they name', () => {
    const next = filedAfter(null, client(), order('首次备案', 'tencent', [11]));
    expect(next).toMatchObject({ status: '已备案', entityIcpNumber: ICP, providers: ['tencent'] });
    expect(sites(next)).toEqual([[11, '示例000001官网', 'tencent', `${ICP}-1`]]);
    // the 主体负责人 first, then each site's 负责人, keyed by stored id
    expect(people(next)).toEqual([
      ['p1', '张000001'],
      ['p2', '李000001'],
    ]);
    expect(next!.record.entity).toMatchObject({ name: '深圳市示例000001科技有限公司', principal: 'p1', icpNumber: ICP });
  });

  it('a site without its 备案号 yet is filed with an empty one; a 主体 without one takes the client’s', () => {
    const e = client((r) => ((r.websites[0].icpNumber = null), (r.entity.icpNumber = null)));
    const next = filedAfter(null, e, order('首次备案', 'tencent', [11]));
    expect(sites(next)).toEqual([[11, '示例000001官网', 'tencent', '']]);
    expect(next!.entityIcpNumber).toBeNull();
  });

  it('接入备案: the 主体 as filed stays; the sites now 接入 here join those at the other provider (S3)', () => {
    const first = state(filedAfter(null, client(), order('首次备案', 'tencent', [11])));
    const renamed = client((r) => (r.entity.name = '深圳市新名称科技有限公司'));
    const next = filedAfter(first, renamed, order('接入备案', 'aliyun', [12]));
    expect(next!.providers).toEqual(['tencent', 'aliyun']);
    expect(sites(next)).toEqual([
      [11, '示例000001官网', 'tencent', `${ICP}-1`],
      [12, '示例商城', 'aliyun', `${ICP}-2`],
    ]);
    expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    expect(people(next).map(([id]) => id)).toEqual(['p1', 'p2']);
    // a site moving to another provider is filed there once, not twice; the first provider stays listed
    const moved = filedAfter(state(next), client(), order('接入备案', 'aliyun', [11]));
    expect(sites(moved)).toEqual([
      [12, '示例商城', 'aliyun', `${ICP}-2`],
      [11, '示例000001官网', 'aliyun', `${ICP}-1`],
    ]);
    expect(moved!.providers).toEqual(['tencent', 'aliyun']);
  });

  it('接入备案 with nothing on record yet files the client as it is', () => {
    const next = filedAfter(null, client(), order('接入备案', 'aliyun', [11, 12]));
    expect(next!.providers).toEqual(['aliyun']);
    expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    expect(sites(next).map(([id]) => id)).toEqual([11, 12]);
  });

  it('新增网站: the new site joins the filed ones under the filed 主体', () => {
    const first = state(filedAfter(null, client(), order('首次备案', 'tencent', [11])));
    const next = filedAfter(first, client((r) => (r.entity.name = '改过的名称')), order('新增网站', 'tencent', [12]));
    expect(sites(next)).toEqual([
      [11, '示例000001官网', 'tencent', `${ICP}-1`],
      [12, '示例商城', 'tencent', `${ICP}-2`],
    ]);
    expect(next!.providers).toEqual(['tencent']);
    expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    // with nothing on record, the provider of the order
    expect(filedAfter(null, client(), order('新增网站', 'aliyun', [12]))!.providers).toEqual(['aliyun']);
  });

  it('变更主体: the 主体 as it is now, with the filed 主体备案号; the sites as filed', () => {
    const filed = filedAtTwo();
    const now = client((r) => {
      r.entity.name = '深圳市新名称科技有限公司';
      r.entity.icpNumber = null;
      r.websites[0].name = '还没变更的网站名';
    });
    const next = filedAfter(filed, now, order('变更主体', 'tencent', []));
    expect(next!.record.entity).toMatchObject({ name: '深圳市新名称科技有限公司', icpNumber: ICP });
    expect(next!.entityIcpNumber).toBe(ICP);
    expect(sites(next)).toEqual(sites(filed));
    expect(next!.providers).toEqual(['tencent', 'aliyun']);
  });

  it('变更网站: the changed site as it is now, at its provider and with its 网站备案号; the 主体 as filed', () => {
    const filed = filedAtTwo();
    const now = client((r) => {
      r.entity.name = '还没变更的主体名';
      r.websites[1].name = '示例商城（新）';
      r.websites[1].icpNumber = null;
      r.people[1].mobile = '13700000000';
    });
    const next = filedAfter(filed, now, order('变更网站', 'tencent', [12]));
    expect(sites(next)).toEqual([
      [11, '示例000001官网', 'tencent', `${ICP}-1`],
      [12, '示例商城（新）', 'aliyun', `${ICP}-2`],
    ]);
    expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    expect(next!.providers).toEqual(['tencent', 'aliyun']);
  });

  it('变更网站 with a new 网站负责人: the new person is on record, the 主体负责人 as filed', () => {
    const filed = filedAtTwo();
    const now = client((r) => {
      r.people[0].mobile = '13600000000';
      r.people.push({ ...r.people[1], id: 'p3', name: '钱新' });
      r.websites[0].principal = 'p3';
    });
    const next = filedAfter(filed, now, order('变更网站', 'tencent', [11]));
    expect(people(next)).toEqual([
      ['p1', '张000001'],
      ['p3', '钱新'],
    ]);
    // the 主体负责人's new mobile is not filed by a website change
    expect(next!.record.people[0]!.mobile).toBe(filed.record.people[0]!.mobile);
  });

  it('变更备案: 主体 and every filed site as they are now, each keeping its 备案号 and provider', () => {
    const filed = filedAtTwo();
    const now = client((r) => {
      r.entity.name = '深圳市新名称科技有限公司';
      r.websites[0].name = '新官网';
      r.websites[1].name = '新商城';
    });
    const next = filedAfter(filed, now, order('变更备案', 'tencent', [11]));
    expect(next!.record.entity.name).toBe('深圳市新名称科技有限公司');
    expect(sites(next)).toEqual([
      [11, '新官网', 'tencent', `${ICP}-1`],
      [12, '新商城', 'aliyun', `${ICP}-2`],
    ]);
    // a filed site whose row was deleted stays as filed
    const gone: FiledState = { ...filed, record: { ...filed.record, websites: [{ ...filed.record.websites[0]!, websiteId: null, name: '已删除的网站' }] } };
    expect(sites(filedAfter(gone, now, order('变更备案', 'tencent', [])))).toEqual([[null, '已删除的网站', 'tencent', `${ICP}-1`]]);
  });

  it('注销网站: the order’s sites leave the record, the others and the providers stay', () => {
    const next = filedAfter(filedAtTwo(), client(), order('注销网站', 'tencent', [11]));
    expect(sites(next)).toEqual([[12, '示例商城', 'aliyun', `${ICP}-2`]]);
    expect(next!.providers).toEqual(['tencent', 'aliyun']);
    expect(next!.status).toBe('已备案');
    // only 商城's 负责人 (p1, also the 主体负责人) is still named
    expect(people(next).map(([id]) => id)).toEqual(['p1']);
  });

  it('取消接入: the provider and the sites 接入 there are dropped; the 主体 stays (S4)', () => {
    const next = filedAfter(filedAtTwo(), client(), order('取消接入', 'aliyun', [12]));
    expect(sites(next)).toEqual([[11, '示例000001官网', 'tencent', `${ICP}-1`]]);
    expect(next!.providers).toEqual(['tencent']);
    expect(next!.status).toBe('已备案');
    expect(next!.entityIcpNumber).toBe(ICP);
  });

  it('注销主体: 已注销, no site and no provider left, only the 主体负责人 named', () => {
    const next = filedAfter(filedAtTwo(), client(), order('注销主体', 'tencent', []));
    expect(next).toMatchObject({ status: '已注销', providers: [] });
    expect(next!.record.websites).toEqual([]);
    expect(people(next).map(([id]) => id)).toEqual(['p1']);
  });

  it('公安备案 changes nothing on record', () => {
    expect(filedAfter(filedAtTwo(), client(), order('公安备案', 'tencent', [11]))).toBeNull();
  });

  it('the 备案号s on record: the 主体’s (the record’s own, else the state’s), each filed website’s, none for a site not on record', () => {
    const filed = filedAtTwo();
    const numbers = filedIcpNumbers(filed);
    expect(numbers.entity).toBe(ICP);
    expect([numbers.website(11), numbers.website(12), numbers.website(99)]).toEqual([`${ICP}-1`, `${ICP}-2`, null]);
    const older = { ...filed, entityIcpNumber: '粤ICP备87654321号', record: { ...filed.record, entity: { ...filed.record.entity, icpNumber: null } } };
    expect(filedIcpNumbers(older).entity).toBe('粤ICP备87654321号');
  });

  it('the current record as filed: only the named sites, each at the provider it is 接入 at', () => {
    const now = currentAsFiled(client(), [12], (id) => (id === 12 ? 'aliyun' : 'tencent'));
    expect(now.websites.map((w) => [w.websiteId, w.provider, w.icpNumber])).toEqual([[12, 'aliyun', `${ICP}-2`]]);
    expect(now.people.map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it('people are keyed by their stored id, whatever their place in the client', () => {
    const e = client();
    // stored ids 5 and 9, as after deletions: the filed record must still name p5 and p9
    e.people[0]!.id = 5;
    e.people[1]!.id = 9;
    e.principalPersonId = 5;
    e.websites[0]!.principalPersonId = 9;
    e.websites[1]!.principalPersonId = 5;
    const next = filedAfter(null, e, order('首次备案', 'tencent', [11]));
    expect(people(next).map(([id]) => id)).toEqual(['p5', 'p9']);
    expect(next!.record.entity.principal).toBe('p5');
    expect(next!.record.websites[0]!.principal).toBe('p9');
  });

  it('a 首次备案 after the 主体 was cancelled files it anew: the 主体 as it is now, only the order’s sites and provider', () => {
    const cancelled = state(filedAfter(filedAtTwo(), client(), order('注销主体', 'tencent', [])));
    const next = filedAfter(cancelled, client((r) => (r.entity.name = '深圳市新名称科技有限公司')), order('首次备案', 'tencent', [11]));
    expect(next).toMatchObject({ status: '已备案', providers: ['tencent'] });
    expect(next!.record.entity.name).toBe('深圳市新名称科技有限公司');
    expect(sites(next).map(([id]) => id)).toEqual([11]);
  });

  it('新增网站 for a site already on record files it once, with the people of the filed record and the new site', () => {
    const first = state(filedAfter(null, client(), order('首次备案', 'tencent', [11])));
    const again = filedAfter(first, client(), order('新增网站', 'tencent', [11, 12]));
    expect(sites(again).map(([id]) => id)).toEqual([11, 12]);
    expect(people(again).map(([id]) => id)).toEqual(['p1', 'p2']);
  });

  it('a change records the people it changed: a new 主体负责人 contact by 变更主体, a 网站负责人’s by 变更网站 and 变更备案', () => {
    const filed = filedAtTwo();
    const newMobiles = client((r) => ((r.people[0].mobile = '13600000001'), (r.people[1].mobile = '13600000002')));
    const entityChange = filedAfter(filed, newMobiles, order('变更主体', 'tencent', []));
    expect(entityChange!.record.people.map((p) => p.mobile)).toEqual(['13600000001', '13600000002']);
    const siteChange = filedAfter(filed, newMobiles, order('变更网站', 'tencent', [11]));
    expect(siteChange!.record.people.map((p) => [p.id, p.mobile])).toEqual([
      ['p1', filed.record.people[0]!.mobile],
      ['p2', '13600000002'],
    ]);
    const both = filedAfter(filed, newMobiles, order('变更备案', 'tencent', [11]));
    expect(both!.record.people.map((p) => p.mobile)).toEqual(['13600000001', '13600000002']);
  });

  it('变更网站 of two sites: each filed site takes its own current fields', () => {
    const now = client((r) => ((r.websites[0].name = '新官网'), (r.websites[1].name = '新商城')));
    expect(sites(filedAfter(filedAtTwo(), now, order('变更网站', 'tencent', [11, 12])))).toEqual([
      [11, '新官网', 'tencent', `${ICP}-1`],
      [12, '新商城', 'aliyun', `${ICP}-2`],
    ]);
  });

  it('变更备案 keeps the filed 主体备案号 even when the client lost it', () => {
    const next = filedAfter(filedAtTwo(), client((r) => (r.entity.icpNumber = null)), order('变更备案', 'tencent', []));
    expect(next!.record.entity.icpNumber).toBe(ICP);
    expect(next!.entityIcpNumber).toBe(ICP);
  });

  it('注销网站, 取消接入 and 注销主体 leave the 主体 as filed, not as it is now, and name its people as filed', () => {
    const renamed = client((r) => ((r.entity.name = '改过的名称'), (r.people[0].mobile = '13600000001')));
    for (const [type, provider, ids] of [
      ['注销网站', 'tencent', [11]],
      ['取消接入', 'aliyun', [12]],
      ['注销主体', 'tencent', []],
    ] as [ApprovedOrder['type'], string, number[]][]) {
      const filed = filedAtTwo();
      const next = filedAfter(filed, renamed, order(type, provider, ids));
      expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
      expect(next!.record.people[0]).toEqual(filed.record.people[0]);
    }
  });

  it('with nothing on record yet, a change or a cancellation files the client as it is, at no provider but the order’s', () => {
    for (const type of ['变更主体', '变更网站', '变更备案'] as ApprovedOrder['type'][]) {
      const next = filedAfter(null, client(), order(type, 'tencent', [11]));
      expect(next).toMatchObject({ status: '已备案', providers: ['tencent'], entityIcpNumber: ICP });
      expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
      expect(next!.record.websites).toEqual([]);
    }
    const cancelled = filedAfter(null, client(), order('注销主体', 'tencent', [11]));
    expect(cancelled).toMatchObject({ status: '已注销', providers: [] });
    expect(cancelled!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    expect(cancelled!.record.websites).toEqual([]);
  });

  it('注销网站 and 取消接入 with nothing on record write no version: one with no site would say the 主体 has none filed', () => {
    for (const type of ['注销网站', '取消接入'] as ApprovedOrder['type'][]) expect(filedAfter(null, client(), order(type, 'tencent', [11]))).toBeNull();
  });

  it('a cancellation ends the 备案号s of what it cancels only: its sites, the sites filed at its provider, or all for 注销主体', () => {
    const filed = filedAtTwo();
    expect(cancelledWebsiteIds(order('注销网站', 'tencent', [11]), filed, [11, 12])).toEqual([11]);
    expect(cancelledWebsiteIds(order('取消接入', 'aliyun', []), filed, [11, 12])).toEqual([12]);
    // a provider where no site is 接入, or nothing on record: which sites were 接入 there is not known
    expect(cancelledWebsiteIds(order('取消接入', 'huawei', []), filed, [11, 12])).toEqual([]);
    expect(cancelledWebsiteIds(order('取消接入', 'aliyun', []), null, [11, 12])).toEqual([]);
    expect(cancelledWebsiteIds(order('注销主体', 'tencent', []), null, [11, 12])).toEqual([11, 12]);
    // 注销网站 names its own sites, whether or not anything is on record
    expect(cancelledWebsiteIds(order('注销网站', 'tencent', [12]), null, [11, 12])).toEqual([12]);
    for (const type of ['变更备案', '新增网站', '公安备案'] as ApprovedOrder['type'][]) expect(cancelledWebsiteIds(order(type, 'tencent', [11]), filed, [11, 12])).toEqual([]);
  });

  it('a filed record that names people it does not hold stays without them', () => {
    const filed = filedAtTwo();
    const bare: FiledState = { ...filed, record: { ...filed.record, people: [] } };
    expect(filedAfter(bare, client(), order('注销网站', 'tencent', [11]))!.record.people).toEqual([]);
  });
});


// The approval files what the order submitted (kept at 初审中), with the 备案号s of the client at approval;
// an order without a submitted record (submitted before migration 0027) takes the client as it is then.
describe('已备案信息 from what the order submitted', () => {
  const renamed = client((r) => {
    r.entity.name = '深圳市改名后科技有限公司';
    r.websites[0].name = '提交后改名的官网';
    r.websites[0].domains = ['shili.cn', 'never-submitted.cn'];
    r.websites[1].name = '提交后改名的商城';
  });

  it('submits the 主体, the order’s sites at its provider and only the people they name', () => {
    const e = client();
    const sent = submittedRecord(e, order('新增网站', 'aliyun', [12]), null);
    expect(sent.websites.map((w) => [w.websiteId, w.name, w.provider])).toEqual([[12, '示例商城', 'aliyun']]);
    expect(sent.people.map((p) => p.id)).toEqual([`p${e.principalPersonId}`]);
    // a change submits every filed site, each at the provider it is filed at
    const change = submittedRecord(e, order('变更主体', 'tencent', []), filedAtTwo());
    expect(change.websites.map((w) => [w.websiteId, w.provider])).toEqual([[11, 'tencent'], [12, 'aliyun']]);
  });

  it('首次备案: files the submitted 主体 and sites with the 备案号s written back at approval', () => {
    const atSubmission = client((r) => {
      r.entity.icpNumber = null;
      r.websites[0].icpNumber = null;
    });
    const sent = submittedRecord(atSubmission, order('首次备案', 'tencent', [11]), null);
    const next = filedAfter(null, renamed, order('首次备案', 'tencent', [11]), sent);
    expect(next!.record.entity.name).toBe('深圳市示例000001科技有限公司');
    expect(next!.entityIcpNumber).toBe(ICP);
    expect(next!.record.entity.icpNumber).toBe(ICP);
    expect(next!.record.websites.map((w) => [w.name, w.domains, w.icpNumber])).toEqual([[client().websites[0]!.name, client().websites[0]!.domains, `${ICP}-1`]]);
    // without a submitted record: the client at approval, as before
    expect(filedAfter(null, renamed, order('首次备案', 'tencent', [11]))!.record.websites[0]!.name).toBe('提交后改名的官网');
  });

  it('首次备案 of two sites: each takes its own 备案号 as written back; a site deleted since the submission has none', () => {
    const atSubmission = client((r) => {
      r.entity.icpNumber = null;
      r.websites[0].icpNumber = null;
      r.websites[1].icpNumber = null;
    });
    const sent = submittedRecord(atSubmission, order('首次备案', 'tencent', [11, 12]), null);
    expect(sites(filedAfter(null, client(), order('首次备案', 'tencent', [11, 12]), sent))).toEqual([
      [11, client().websites[0]!.name, 'tencent', `${ICP}-1`],
      [12, '示例商城', 'tencent', `${ICP}-2`],
    ]);
    const withoutShop = client((r) => void r.websites.pop());
    expect(sites(filedAfter(null, withoutShop, order('首次备案', 'tencent', [11, 12]), sent)).map((w) => w[3])).toEqual([`${ICP}-1`, '']);
  });

  it('变更网站 / 变更备案 / 变更主体: replace the filed part with the submitted one, keeping 备案号s and providers', () => {
    const filed = filedAtTwo();
    const edited = client((r) => {
      r.entity.name = '深圳市提交的名称科技有限公司';
      r.websites[0].name = '提交的官网';
      r.websites[1].name = '提交的商城';
    });
    for (const [type, ids] of [['变更网站', [11]], ['变更备案', [11, 12]], ['变更主体', []]] as const) {
      const sent = submittedRecord(edited, order(type, 'tencent', [...ids]), filed);
      const next = filedAfter(filed, renamed, order(type, 'tencent', [...ids]), sent)!;
      expect(next.record.entity.name).toBe(type === '变更网站' ? filed.record.entity.name : '深圳市提交的名称科技有限公司');
      expect(sites(next)).toEqual([
        [11, type === '变更主体' ? filed.record.websites[0]!.name : '提交的官网', 'tencent', `${ICP}-1`],
        [12, type === '变更备案' ? '提交的商城' : filed.record.websites[1]!.name, 'aliyun', `${ICP}-2`],
      ]);
    }
  });

  it('注销主体 without a filed state falls back on the submitted 主体, not the client at approval', () => {
    const sent = submittedRecord(client(), order('注销主体', 'tencent', [11]), null);
    expect(filedAfter(null, renamed, order('注销主体', 'tencent', [11]), sent)!.record.entity.name).toBe('深圳市示例000001科技有限公司');
  });
});
