// 材料清单 slot by slot, on records built without a desk: which materials a filing type × 主办者性质 ×
// province × provider asks for (domain.md §4 cross-province materials, §5 核验单, §6 photos and materials,
// §1.4 what a change re-uploads), and how uploaded materials fill the slots (present / missing / stale).
import { describe, expect, it } from 'vitest';
import type { FilingType } from '../../../main/domain/enums';
import type { MaterialView } from '../../../main/domain/views';
import { checklistProblems, matchChecklist, requiredSlots, sheetForAnotherProvider, type ChangeFacts } from '../../../main/filings/checklist';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { residentId } from '../../fixtures/records';
import { CREATED, entityView } from './entityViews';

const slotsOf = (r: AnyRecord, type: FilingType, provider = 'generic', change: ChangeFacts = {}, websiteIds?: number[]) => {
  const e = entityView(r);
  return requiredSlots(e, type, provider, websiteIds ?? e.websites.map((w) => w.id), change);
};
const ids = (r: AnyRecord, type: FilingType, provider = 'generic', change: ChangeFacts = {}, websiteIds?: number[]) =>
  slotsOf(r, type, provider, change, websiteIds)
    .map((s) => s.id)
    .sort();

/** An enterprise whose 法定代表人 (投资人) is 张三, 主体负责人 p1 and 网站负责人 p2. */
const unit = (province: string, principalName = '李四', sitePrincipalName = '王五', more: (r: AnyRecord) => void = () => undefined) =>
  enterprise((r) => {
    r.entity.province = province;
    r.entity.investor = '张三';
    r.people[0].name = principalName;
    r.people[1].name = sitePrincipalName;
    more(r);
  });
const withDomains = (n: number) => (r: AnyRecord) => (r.websites[0].domains = Array.from({ length: n }, (_, i) => `shili${i}.cn`));
const person = (province: string, idNumber: string) =>
  individual((r) => {
    r.entity.province = province;
    r.entity.certNumber = idNumber;
    r.people[0].certNumber = idNumber;
  });

describe('what a new filing asks for (首次备案、接入备案、新增网站)', () => {
  it('个人: the 主办人’s ID both sides, their curtain photo and the 核验单 they sign, nothing for a unit', () => {
    const slots = slotsOf(individual(), '首次备案', 'tencent');
    expect(slots.map((s) => s.id).sort()).toEqual(['person:1:id-back', 'person:1:id-front', 'website:11:curtain', 'website:11:sheet']);
    expect(slots.find((s) => s.id === 'person:1:id-front')).toMatchObject({ kind: 'id-front', label: '王小明的证件正面', personId: 1, websiteId: null });
    expect(slots.find((s) => s.id === 'person:1:id-back')).toMatchObject({ kind: 'id-back', label: '王小明的证件背面', personId: 1 });
    expect(slots.find((s) => s.id === 'website:11:curtain')).toMatchObject({ kind: 'curtain', label: '王小明的摄影博客：网站负责人王小明的幕布照片', personId: 1, websiteId: 11 });
    // §5: a person signs; only a unit adds its seal and leaves the date empty
    expect(slots.find((s) => s.id === 'website:11:sheet')).toMatchObject({ kind: 'sheet', label: '王小明的摄影博客：已签字的核验单扫描件', personId: null, websiteId: 11, why: '网站负责人签字' });
  });

  it.each(['首次备案', '接入备案', '新增网站'] as FilingType[])('企业 %s: licence, both 负责人’s IDs, the 网站负责人 at the curtain, the sealed 核验单', (type) => {
    const slots = slotsOf(enterprise(), type);
    expect(slots.map((s) => s.id).sort()).toEqual(['entity:licence', 'person:1:id-back', 'person:1:id-front', 'person:2:id-back', 'person:2:id-front', 'website:11:curtain', 'website:11:sheet']);
    expect(slots.find((s) => s.id === 'entity:licence')).toMatchObject({ kind: 'licence', label: '主体证件（营业执照等）', personId: null, websiteId: null, why: '单位主体证件（营业执照等）彩色扫描件或原件照片' });
    // §6: the person at the curtain is the 网站负责人 (p2), not the 主体负责人
    expect(slots.find((s) => s.id === 'website:11:curtain')!.personId).toBe(2);
    expect(slots.find((s) => s.id === 'website:11:sheet')!.why).toBe('网站负责人签字并加盖公章，日期留空');
  });

  it('one person who is both 主体负责人 and 网站负责人 uploads the ID once', () => {
    const r = enterprise((x) => (x.websites[0].principal = 'p1'));
    expect(ids(r, '首次备案')).toEqual(['entity:licence', 'person:1:id-back', 'person:1:id-front', 'website:11:curtain', 'website:11:sheet']);
  });

  it('covers only the websites of the order: another site’s 负责人 and files stay out', () => {
    const r = enterprise((x) => {
      x.websites.push({ ...x.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], principal: 'p1' });
    });
    expect(ids(r, '新增网站', 'generic', {}, [12])).toEqual(['entity:licence', 'person:1:id-back', 'person:1:id-front', 'website:12:curtain', 'website:12:sheet']);
  });

  it('Shanghai at Tencent verifies the face in the app: no curtain photo there, still one at another provider (S0、S3、S4)', () => {
    const sh = enterprise((r) => (r.entity.province = '上海市'));
    expect(ids(sh, '首次备案', 'tencent')).not.toContain('website:11:curtain');
    expect(ids(sh, '首次备案', 'tencent')).toContain('website:11:sheet');
    expect(ids(sh, '首次备案', 'aliyun')).toContain('website:11:curtain');
    expect(ids(enterprise(), '首次备案', 'tencent')).toContain('website:11:curtain');
  });

  it('asks for the 前置审批文件 a site declares, naming them', () => {
    const r = enterprise((x) => (x.websites[0].preApprovals = ['新闻', '出版']));
    const slot = slotsOf(r, '首次备案').find((s) => s.id === 'website:11:pre-approval');
    expect(slot).toMatchObject({ kind: 'pre-approval', label: '示例000001官网：前置审批文件（新闻、出版）', websiteId: 11 });
    expect(ids(enterprise(), '首次备案')).not.toContain('website:11:pre-approval');
  });

  it('cancellations and 公安备案 upload nothing (S4: the provider reviews, then the 管局)', () => {
    const r = enterprise((x) => (x.websites[0].preApprovals = ['新闻']));
    for (const type of ['注销主体', '注销网站', '取消接入', '公安备案'] as FilingType[]) expect(slotsOf(r, type)).toEqual([]);
  });
});

describe('域名证书 where the province asks for it (§4)', () => {
  it.each([
    ['江苏省', 1, true],
    ['湖南省', 1, true],
    ['贵州省', 3, false],
    ['贵州省', 4, true],
    ['河南省', 3, false],
    ['河南省', 4, true],
    ['陕西省', 4, false],
    ['陕西省', 5, true],
    ['山东省', 5, true],
    ['广东省', 12, false],
  ])('企业 in %s with %i domain(s) on the site: %s', (province, n, asked) => {
    expect(ids(unit(province, '张三', '张三', withDomains(n)), '首次备案').includes('website:11:domain-cert')).toBe(asked);
  });

  it('names the count and the province’s threshold', () => {
    const gz = slotsOf(unit('贵州省', '张三', '张三', withDomains(4)), '首次备案').find((s) => s.kind === 'domain-cert');
    expect(gz).toMatchObject({ id: 'website:11:domain-cert', label: '示例000001官网：域名证书（4 个域名）', websiteId: 11, why: '贵州管局要求4 个及以上域名时提供域名证书' });
    const js = slotsOf(unit('江苏省', '张三', '张三', withDomains(1)), '首次备案').find((s) => s.kind === 'domain-cert');
    expect(js!.why).toBe('江苏管局要求提供域名证书');
  });

  it('云南 asks it of a 个人 only', () => {
    expect(ids(unit('云南省', '张三', '张三', withDomains(1)), '首次备案')).not.toContain('website:11:domain-cert');
    expect(ids(person('云南省', residentId('53010219900307001')), '首次备案')).toContain('website:11:domain-cert');
  });

  // §4 陕西: "≥5 domains under 主体 → 域名证书" — counted over the 主体's sites, not site by site
  it('陕西 counts the domains of the whole 主体: 3 + 2 on two sites ask it of both, 2 + 2 of neither', () => {
    const two = (a: number, b: number) =>
      unit('陕西省', '张三', '张三', (x) => {
        x.websites.push({ ...x.websites[0], name: '示例商城', homepages: ['www.shop0.cn'], domains: Array.from({ length: b }, (_, i) => `shop${i}.cn`) });
        x.websites[0].domains = Array.from({ length: a }, (_, i) => `shili${i}.cn`);
      });
    const slots = slotsOf(two(3, 2), '首次备案').filter((s) => s.kind === 'domain-cert');
    expect(slots.map((s) => [s.id, s.label, s.why])).toEqual([
      ['website:11:domain-cert', '示例000001官网：域名证书（3 个域名）', '陕西管局要求主体共 5 个及以上域名时提供域名证书（本主体共 5 个）'],
      ['website:12:domain-cert', '示例商城：域名证书（2 个域名）', '陕西管局要求主体共 5 个及以上域名时提供域名证书（本主体共 5 个）'],
    ]);
    expect(ids(two(2, 2), '首次备案').filter((id) => id.endsWith('domain-cert'))).toEqual([]);
    // 新增网站: the 主体's filed site counts too, though only the new site is in the order
    expect(ids(two(3, 2), '新增网站', 'generic', {}, [12]).filter((id) => id.endsWith('domain-cert'))).toEqual(['website:12:domain-cert']);
    // elsewhere the count stays per site (§4 gives no 主体 count): 贵州 3 + 3 asks nothing
    const gz = unit('贵州省', '张三', '张三', (x) => {
      x.websites.push({ ...x.websites[0], name: '示例商城', homepages: ['www.shop0.cn'], domains: ['shop0.cn', 'shop1.cn', 'shop2.cn'] });
      x.websites[0].domains = ['shili0.cn', 'shili1.cn', 'shili2.cn'];
    });
    expect(ids(gz, '首次备案').filter((id) => id.endsWith('domain-cert'))).toEqual([]);
    // a site with no domain (yet) has no certificate to give, whatever the 主体's count
    const empty = unit('陕西省', '张三', '张三', (x) => {
      x.websites.push({ ...x.websites[0], name: '示例商城', homepages: ['www.shop0.cn'], domains: [] });
      x.websites[0].domains = Array.from({ length: 5 }, (_, i) => `shili${i}.cn`);
    });
    expect(ids(empty, '首次备案').filter((id) => id.endsWith('domain-cert'))).toEqual(['website:11:domain-cert']);
  });

  it('asks a change for the ID scans of the person it replaces only', () => {
    // 张三 (p1) runs the 主体, 王五 (p2) the site: replacing the 网站负责人 asks 王五's scans, not 张三's (a new 主体负责人
    // asks both: the site's 负责人 is named again under the new one)
    const idsOf = (change: ChangeFacts) => ids(unit('江苏省', '张三', '王五'), '变更网站', 'generic', change).filter((id) => /:id-(front|back)$/.test(id));
    expect(idsOf({ websitePrincipalReplaced: true })).toEqual(['person:2:id-back', 'person:2:id-front']);
    expect(idsOf({ principalReplaced: true })).toEqual(['person:1:id-back', 'person:1:id-front', 'person:2:id-back', 'person:2:id-front']);
  });

  it('is part of a new filing, not of a change', () => {
    expect(ids(unit('江苏省', '张三', '张三', withDomains(2)), '变更网站', 'generic', { websitePrincipalReplaced: true })).not.toContain('website:11:domain-cert');
  });
});

// domain.md §4 cross-province materials (Tencent 单位备案.md / 个人备案.md): 网站建设方案书 — 广东 units >30 sites,
// individuals >10 sites. Counted: the 主体's sites on record (网站备案号) and the ones this filing brings.
describe('网站建设方案书 (广东, many websites)', () => {
  /** `filed` sites with a 网站备案号, then `fresh` ones without; sites 11, 12, … in that order. */
  const sites = (filed: number, fresh: number) => (r: AnyRecord) => {
    const first = r.websites[0];
    r.websites = Array.from({ length: filed + fresh }, (_, i) => ({ ...first, name: `示例网站${i + 1}`, domains: [`shili-site${i + 1}.cn`], homepages: [`www.shili-site${i + 1}.cn`], icpNumber: i < filed ? `粤ICP备12345678号-${i + 1}` : null }));
    if (filed) r.entity.icpNumber = '粤ICP备12345678号';
  };
  const plan = (r: AnyRecord, type: FilingType = '首次备案', websiteIds?: number[]) => slotsOf(r, type, 'tencent', {}, websiteIds).filter((s) => s.kind === 'site-plan');
  const newOnes = (filed: number, fresh: number) => Array.from({ length: fresh }, (_, i) => 11 + filed + i);

  it('广东 单位: none at 30 websites, asked at 31 — one for the 主体, saying why and where from', () => {
    expect(plan(unit('广东省', '张三', '张三', sites(0, 30)))).toEqual([]);
    expect(plan(unit('广东省', '张三', '张三', sites(0, 31)))).toEqual([
      { id: 'entity:site-plan', kind: 'site-plan', label: '网站建设方案书（本主体共 31 个网站）', personId: null, websiteId: null, why: '广东：单位主体的网站超过 30 个（已备案的加本次备案的）须提供网站建设方案书', source: 'qcloud 单位备案.md（domain.md §4 跨省材料）' },
    ]);
  });

  it('广东 个人: none at 10 websites, asked at 11', () => {
    const withSites = (n: number) => {
      const r = person('广东省', residentId('44030519900307001'));
      sites(0, n)(r);
      return r;
    };
    expect(plan(withSites(10))).toEqual([]);
    expect(plan(withSites(11))).toMatchObject([{ id: 'entity:site-plan', label: '网站建设方案书（本主体共 11 个网站）', why: '广东：个人主体的网站超过 10 个（已备案的加本次备案的）须提供网站建设方案书', source: 'qcloud 个人备案.md（domain.md §4 跨省材料）' }]);
  });

  it('another province asks none, even at 31 websites', () => {
    expect(plan(unit('浙江省', '张三', '张三', sites(0, 31)))).toEqual([]);
    expect(plan(unit('江苏省', '张三', '张三', sites(0, 31)))).toEqual([]);
  });

  it('新增网站 counts the sites on record with the new ones; a site not filed and not in this order does not count', () => {
    // 25 on record + 6 new = 31
    expect(plan(unit('广东省', '张三', '张三', sites(25, 6)), '新增网站', newOnes(25, 6)).map((s) => s.label)).toEqual(['网站建设方案书（本主体共 31 个网站）']);
    // 25 on record + 5 in this order, the 31st still a draft left for a later order: 30
    expect(plan(unit('广东省', '张三', '张三', sites(25, 6)), '新增网站', newOnes(25, 5))).toEqual([]);
    // 接入备案 of filed sites: those sites are on record already, counted once
    expect(plan(unit('广东省', '张三', '张三', sites(31, 0)), '接入备案').map((s) => s.id)).toEqual(['entity:site-plan']);
  });

  it('is part of a new filing, not of a change or a 注销', () => {
    expect(plan(unit('广东省', '张三', '张三', sites(31, 0)), '变更网站')).toEqual([]);
    expect(plan(unit('广东省', '张三', '张三', sites(31, 0)), '注销网站', [11])).toEqual([]);
  });
});

describe('授权书 and 暂住证 (§4 cross-province materials)', () => {
  it.each(['河南省', '四川省', '甘肃省'])('%s: a 主体负责人 who is not the 法定代表人 needs the 主体负责人法人授权书', (province) => {
    const slot = slotsOf(unit(province), '首次备案').find((s) => s.id === 'entity:principal-authorisation');
    const short = province.replace(/省$/, '');
    expect(slot).toMatchObject({ kind: 'authorisation', label: '主体负责人法人授权书', personId: 1, websiteId: null, why: `${short}：主体负责人不是法定代表人（张三）时须授权` });
  });

  it('no 主体负责人授权书 when the 主体负责人 is the 法定代表人, outside those provinces, or when 投资人 is a unit', () => {
    expect(ids(unit('河南省', '张三'), '首次备案')).not.toContain('entity:principal-authorisation');
    expect(ids(unit('广东省'), '首次备案')).not.toContain('entity:principal-authorisation');
    expect(ids(unit('河南省', '李四', '王五', (r) => (r.entity.investor = '河南示例控股集团')), '首次备案')).not.toContain('entity:principal-authorisation');
    // nor for a contact change that uploads nothing
    expect(ids(unit('河南省'), '变更主体')).toEqual([]);
  });

  it.each(['湖南省', '湖北省', '天津市'])('%s: a 网站负责人 who is not the 法定代表人 needs the 网站负责人授权书', (province) => {
    const slot = slotsOf(unit(province), '首次备案').find((s) => s.id === 'website:11:authorisation');
    expect(slot).toMatchObject({ kind: 'authorisation', label: '示例000001官网：网站负责人授权书', personId: 2, websiteId: 11, why: '网站负责人不是法定代表人时须法人授权' });
  });

  // §4 rows: 上海 "non-法人 网站负责人 needs 授权书", 福建 "网站负责人 ≠ 法人 → 法人授权委托书", 贵州 "授权书 for non-法人 网站负责人"
  it.each(['上海市', '福建省', '贵州省'])('%s (§4 row) asks the 网站负责人授权书 too', (province) => {
    const slot = slotsOf(unit(province), '首次备案').find((s) => s.id === 'website:11:authorisation');
    expect(slot).toMatchObject({ kind: 'authorisation', label: '示例000001官网：网站负责人授权书', personId: 2, websiteId: 11, why: '网站负责人不是法定代表人时须法人授权' });
    expect(ids(unit(province, '李四', '张三'), '首次备案')).not.toContain('website:11:authorisation');
  });

  it('no 网站负责人授权书 when the 网站负责人 is the 法定代表人, outside those provinces, or for a 个人', () => {
    expect(ids(unit('湖北省', '李四', '张三'), '首次备案')).not.toContain('website:11:authorisation');
    expect(ids(unit('广东省'), '首次备案')).not.toContain('website:11:authorisation');
    expect(ids(unit('湖北省', '李四', '王五', (r) => (r.entity.investor = '湖北示例集团')), '首次备案')).not.toContain('website:11:authorisation');
    expect(ids(person('湖北省', residentId('42010219900307001')), '首次备案')).not.toContain('website:11:authorisation');
  });

  it('湖南: a 法定代表人 change asks for a new 网站负责人授权书 even when the 网站负责人 is the 法人 (S2); 湖北 does not', () => {
    const hn = slotsOf(unit('湖南省', '张三', '张三'), '变更主体', 'generic', { legalRepChanged: true }).find((s) => s.id === 'website:11:authorisation');
    expect(hn).toMatchObject({ kind: 'authorisation', personId: 2, websiteId: 11, why: '湖南：法定代表人变更须提供新的网站负责人授权书', source: 'S2' });
    expect(ids(unit('湖北省', '张三', '张三'), '变更主体', 'generic', { legalRepChanged: true })).toEqual([]);
    // a 主体负责人 replaced counts as the 法人 changing unless the operator said the 法人 stayed
    expect(ids(unit('湖南省', '张三', '张三'), '变更主体', 'generic', { principalReplaced: true })).toContain('website:11:authorisation');
    expect(ids(unit('湖南省', '张三', '张三'), '变更主体', 'generic', { principalReplaced: true, legalRepChanged: false })).not.toContain('website:11:authorisation');
    // a new filing in 湖南 is not a 法人 change
    expect(ids(unit('湖南省', '张三', '张三'), '首次备案')).not.toContain('website:11:authorisation');
  });

  // domain.md §4 materials line: 暂住/居住证 for non-local individuals — 四川、上海、江苏、江西、湖北
  it('a 个人 from another province where the 管局 asks for proof: 暂住证/居住证 (江苏、上海、四川、江西…)', () => {
    const guangdongId = residentId('44030519900307001');
    for (const province of ['江苏省', '上海市', '四川省', '江西省', '湖北省']) {
      const slot = slotsOf(person(province, guangdongId), '首次备案').find((s) => s.kind === 'residence');
      expect(slot).toMatchObject({ id: 'person:1:residence', label: '暂住证/居住证', personId: 1, websiteId: null, why: `${province.replace(/[省市]$/, '')}：外省户籍须提供暂住证或居住证` });
    }
  });

  // §4 江西: "non-Jiangxi 网站负责人 needs 暂住/居住证" — a unit's too (V-PROV-02 tells the operator to upload it)
  it('江西: a unit’s 网站负责人 with another province’s 身份证 needs 暂住证/居住证; a local one, or another province, does not', () => {
    const slot = slotsOf(unit('江西省'), '首次备案').find((s) => s.kind === 'residence');
    expect(slot).toMatchObject({ id: 'person:2:residence', label: '暂住证/居住证', personId: 2, websiteId: null, why: '江西：外省户籍的网站负责人须提供暂住证或居住证', source: 'qcloud 各省管局要求20170605' });
    // the 主体负责人 (p1, 广东 ID too) runs no site: the rule asks nothing of them
    expect(ids(unit('江西省'), '首次备案')).not.toContain('person:1:residence');
    expect(ids(unit('江西省', '李四', '王五', (x) => (x.people[1].certNumber = residentId('36010219900307001'))), '首次备案')).not.toContain('person:2:residence');
    expect(ids(unit('湖北省'), '首次备案')).not.toContain('person:2:residence');
    // nothing is uploaded for a contact change
    expect(ids(unit('江西省'), '变更主体')).toEqual([]);
  });

  it('no 暂住证 for a local ID, where the province refuses outsiders instead, for a unit, or without a filing that uploads people', () => {
    expect(ids(person('江苏省', residentId('32010219900307001')), '首次备案')).not.toContain('person:1:residence');
    expect(ids(person('山西省', residentId('44030519900307001')), '首次备案')).not.toContain('person:1:residence');
    expect(ids(person('广东省', residentId('32010219900307001')), '首次备案')).not.toContain('person:1:residence');
    expect(ids(unit('江苏省'), '首次备案')).not.toContain('person:1:residence');
    expect(ids(person('江苏省', residentId('44030519900307001')), '变更备案')).toEqual([]);
  });
});

describe('what a change uploads again (§1.4; V-CHG-09)', () => {
  it('负责人 unchanged, only contact or address: nothing to upload (S0、S4)', () => {
    expect(slotsOf(enterprise(), '变更主体')).toEqual([]);
    expect(slotsOf(enterprise(), '变更备案')).toEqual([]);
    expect(slotsOf(individual(), '变更备案')).toEqual([]);
  });

  it('a re-issued licence: the new licence’s colour scan (S2), for a unit only', () => {
    const slots = slotsOf(enterprise(), '变更主体', 'generic', { licenceChanged: true });
    expect(slots).toHaveLength(1);
    expect(slots[0]).toMatchObject({ id: 'entity:licence', kind: 'licence', why: '主体证件信息已变更，须上传新证件的彩色扫描件' });
    expect(slotsOf(individual(), '变更主体', 'generic', { licenceChanged: true })).toEqual([]);
  });

  it('a new 网站负责人: their ID both sides, curtain photo and a newly signed 核验单, not the 主体负责人’s', () => {
    expect(ids(enterprise(), '变更网站', 'generic', { websitePrincipalReplaced: true })).toEqual(['person:2:id-back', 'person:2:id-front', 'website:11:curtain', 'website:11:sheet']);
  });

  it('a new 主体负责人: their ID, the 网站负责人’s, the curtain photo and the 核验单', () => {
    expect(ids(enterprise(), '变更主体', 'generic', { principalReplaced: true })).toEqual(['person:1:id-back', 'person:1:id-front', 'person:2:id-back', 'person:2:id-front', 'website:11:curtain', 'website:11:sheet']);
  });
});

describe('materials fill the slots', () => {
  const e = entityView(individual(), '2026-11-10T00:00:00.000Z');
  const slots = requiredSlots(e, '首次备案', 'generic', [11]);
  const material = (id: number, kind: MaterialView['kind'], createdAt: string, over: Partial<MaterialView> = {}): MaterialView => ({
    id,
    entityId: 1,
    personId: kind === 'id-front' || kind === 'id-back' || kind === 'curtain' ? 1 : null,
    websiteId: kind === 'curtain' || kind === 'sheet' ? 11 : null,
    kind,
    fileName: `${kind}.jpg`,
    sha256: '0'.repeat(64),
    size: 1000,
    mime: 'image/jpeg',
    createdAt,
    ...over,
  });
  const byId = (items: ReturnType<typeof matchChecklist>) => Object.fromEntries(items.map((i) => [i.id, i]));

  it('nothing uploaded: every slot 缺少, and each is a problem naming it', () => {
    const items = matchChecklist(e, slots, [], []);
    expect(items.map((i) => i.status)).toEqual(slots.map(() => 'missing'));
    expect(items[0]).toMatchObject({ materialId: null, materialIds: [], photo: null, override: null, note: '尚未上传' });
    expect(checklistProblems(items)).toEqual(slots.map((s) => `缺少材料：${s.label}`));
  });

  it('a material uploaded after the person’s last change is 已有; the newest one is used', () => {
    const items = byId(matchChecklist(e, slots, [material(3, 'id-front', '2026-11-20T00:00:00.000Z'), material(8, 'id-front', '2026-11-21T00:00:00.000Z')], []));
    expect(items['person:1:id-front']).toMatchObject({ status: 'present', materialId: 8, materialIds: [3, 8], note: '' });
    expect(items['person:1:id-back']!.status).toBe('missing');
    expect(checklistProblems([items['person:1:id-front']!])).toEqual([]);
  });

  it('uploaded the very moment the person was saved still counts as fresh', () => {
    const items = byId(matchChecklist(e, slots, [material(4, 'id-back', '2026-11-10T00:00:00.000Z')], []));
    expect(items['person:1:id-back']!.status).toBe('present');
  });

  it('a material older than the person’s identity (name, 证件) is stale, naming the person, and blocks until uploaded again; fresh ones win over stale ones', () => {
    const stale = byId(matchChecklist(e, slots, [material(5, 'curtain', '2026-11-05T00:00:00.000Z'), material(2, 'curtain', '2026-11-01T00:00:00.000Z')], []));
    expect(stale['website:11:curtain']).toMatchObject({ status: 'stale', materialId: 5, materialIds: [5, 2], note: '王小明的姓名或证件在材料上传后改过，材料上已不是记录中的信息：请核对后重新上传（同一文件可再次上传）' });
    expect(checklistProblems([stale['website:11:curtain']!])).toEqual([`材料需重新上传：${stale['website:11:curtain']!.label}——王小明的姓名或证件在材料上传后改过，材料上已不是记录中的信息：请核对后重新上传（同一文件可再次上传）`]);
    // any other save of the person (a new mobile number) moves updatedAt, not the identity: the material stays fresh
    const later = { ...e, people: e.people.map((p) => ({ ...p, updatedAt: '2026-12-01T00:00:00.000Z' })) };
    expect(byId(matchChecklist(later, slots, [material(6, 'curtain', '2026-11-12T00:00:00.000Z')], []))['website:11:curtain']!.status).toBe('present');
    const mixed = byId(matchChecklist(e, slots, [material(5, 'curtain', '2026-11-05T00:00:00.000Z'), material(6, 'curtain', '2026-11-12T00:00:00.000Z')], []));
    expect(mixed['website:11:curtain']).toMatchObject({ status: 'present', materialId: 6, materialIds: [6] });
    // the 核验单 shows no person: its age is not held against it
    const sheet = byId(matchChecklist(e, slots, [material(7, 'sheet', '2026-11-01T00:00:00.000Z')], []));
    expect(sheet['website:11:sheet']!.status).toBe('present');
  });

  it('another person’s or another website’s file does not fill the slot; one linked to the slot does', () => {
    const others = [material(9, 'id-front', '2026-11-20T00:00:00.000Z', { personId: 2 }), material(10, 'sheet', '2026-11-20T00:00:00.000Z', { websiteId: 12 })];
    const items = byId(matchChecklist(e, slots, others, []));
    expect(items['person:1:id-front']!.status).toBe('missing');
    expect(items['website:11:sheet']!.status).toBe('missing');
    const linked = byId(matchChecklist(e, slots, [material(11, 'other', '2026-11-20T00:00:00.000Z')], [{ slot: 'website:11:sheet', materialId: 11 }]));
    expect(linked['website:11:sheet']).toMatchObject({ status: 'present', materialId: 11 });
    expect(linked['website:11:curtain']!.status).toBe('missing');
  });

  it('a signed sheet drawn for another provider than the one it is used for is stale, saying which and what to do', () => {
    const signed = [material(7, 'sheet', '2026-11-20T00:00:00.000Z')];
    const judged = (printedFor: [number, string][], provider: string, packageLayoutOnly?: boolean) =>
      byId(matchChecklist(e, slots, signed, [], undefined, { provider, printedFor: new Map(printedFor), ...(packageLayoutOnly === undefined ? {} : { packageLayoutOnly }) }))['website:11:sheet']!;
    // the provider it names, or none known (a scan stored before 0032): present
    expect(judged([[7, 'aliyun']], 'aliyun')).toMatchObject({ status: 'present', materialId: 7 });
    expect(judged([], 'aliyun')).toMatchObject({ status: 'present', materialId: 7 });
    expect(judged([[8, 'tencent']], 'aliyun')).toMatchObject({ status: 'present', materialId: 7 });
    // drawn for Tencent, used at Aliyun: sign again for Aliyun
    expect(judged([[7, 'tencent']], 'aliyun')).toMatchObject({
      status: 'stale',
      note: '已签字的核验单是为“腾讯云”生成的，不能用于“阿里云”的提交包：请为阿里云重新生成核验单并签字（单位加盖公章）后重新上传',
    });
    expect(judged([[7, 'tencent']], 'aliyun', false).note).toBe(judged([[7, 'tencent']], 'aliyun').note);
    // a Tencent order's package laid out for Aliyun: the way out is an order at Aliyun
    expect(judged([[7, 'tencent']], 'aliyun', true)).toMatchObject({
      status: 'stale',
      note: '已签字的核验单是为“腾讯云”生成的，不能放进按“阿里云”命名的提交包：核验单按订单的接入商生成，要在阿里云提交，请为该客户新建阿里云的订单（本订单改为“已放弃”），在新订单中生成核验单，签字（单位加盖公章）后上传',
    });
    // a provider this build does not know is named by its id
    expect(sheetForAnotherProvider('acme-cloud', 'tencent')).toBe('已签字的核验单是为“acme-cloud”生成的，不能用于“腾讯云”的提交包：请为腾讯云重新生成核验单并签字（单位加盖公章）后重新上传');
    expect(sheetForAnotherProvider(undefined, 'tencent')).toBeNull();
    expect(sheetForAnotherProvider('tencent', 'tencent', true)).toBeNull();
  });
});

describe('what each slot tells the operator, with its source (§6 证件 uploads S4, 幕布 S0、S3、S4)', () => {
  it('the ID, curtain, 前置审批 and 域名证书 slots say what is asked and where it comes from', () => {
    const r = unit('江苏省', '张三', '张三', (x) => ((x.websites[0].preApprovals = ['教育']), withDomains(1)(x)));
    const by = Object.fromEntries(slotsOf(r, '首次备案').map((s) => [s.id, s]));
    expect(by['person:1:id-front']).toMatchObject({ why: '负责人证件，清晰完整、在有效期内', source: 'S4（证件上传要求）' });
    expect(by['person:1:id-back']).toMatchObject({ why: '正反面均须上传（可合成一张）', source: 'S4' });
    expect(by['website:11:curtain']).toMatchObject({ why: '拍照人须为网站负责人本人，站在幕布中间，上半身', source: 'S0、S3、S4' });
    expect(by['website:11:sheet']!.source).toBe('S0、S3、S4');
    expect(by['website:11:pre-approval']).toMatchObject({ why: '勾选了前置或专项审批', source: 'S3' });
    expect(by['website:11:domain-cert']!.source).toBe('domain.md §4（各省来源与年份不一，取较严）');
    expect(by['entity:licence']!.source).toBe('S4；S2（执照地址变更须重传）');
  });

  it('the 授权书 and 暂住证 slots cite the provider pages they come from', () => {
    expect(slotsOf(unit('河南省'), '首次备案').find((s) => s.id === 'entity:principal-authorisation')!.source).toBe('qcloud 单位备案.md');
    expect(slotsOf(unit('湖北省'), '首次备案').find((s) => s.id === 'website:11:authorisation')!.source).toBe('qcloud 单位备案.md');
    expect(slotsOf(person('江苏省', residentId('44030519900307001')), '首次备案').find((s) => s.kind === 'residence')!.source).toBe('qcloud 各省管局要求20170605');
  });
});

describe('a record still being typed', () => {
  it('a site whose 网站负责人 is not chosen yet: no curtain photo for nobody, the 核验单 still', () => {
    const r = enterprise((x) => (x.websites[0].principal = null));
    expect(ids(r, '首次备案')).toEqual(['entity:licence', 'person:1:id-back', 'person:1:id-front', 'website:11:sheet']);
    // 湖南's 法人 change still asks for the site's new 授权书, for whoever will sign it
    const hn = slotsOf(unit('湖南省', '张三', '张三', (x) => (x.websites[0].principal = null)), '变更主体', 'generic', { legalRepChanged: true });
    expect(hn.find((s) => s.id === 'website:11:authorisation')).toMatchObject({ personId: null, websiteId: 11 });
  });

  it('no 主体负责人 chosen yet in 河南: no 主体负责人授权书 and no ID for nobody', () => {
    const r = unit('河南省', '李四', '王五', (x) => (x.entity.principal = null));
    expect(ids(r, '首次备案')).toEqual(['entity:licence', 'person:2:id-back', 'person:2:id-front', 'website:11:curtain', 'website:11:sheet']);
  });

  it('a 个人 whose 投资人 reads differently from the 主办人 in 河南 needs no 法人授权书 (a person has no 法人)', () => {
    const r = individual((x) => ((x.entity.province = '河南省'), (x.entity.investor = '王大明')));
    expect(ids(r, '首次备案')).not.toContain('entity:principal-authorisation');
  });

  it('a province the desk does not know asks for the general materials only', () => {
    expect(ids(individual((x) => (x.entity.province = '未知省')), '首次备案')).toEqual(['person:1:id-back', 'person:1:id-front', 'website:11:curtain', 'website:11:sheet']);
  });
});

describe('which upload fills which slot', () => {
  const e = entityView(enterprise());
  // the 主体负责人 (p1) was edited after the uploads; the 网站负责人 (p2) was not
  e.people[0]!.identityChangedAt = '2026-11-15T00:00:00.000Z';
  const slots = requiredSlots(e, '首次备案', 'generic', [11]);
  const upload = (id: number, kind: MaterialView['kind'], personId: number | null, websiteId: number | null): MaterialView => ({
    id,
    entityId: 1,
    personId,
    websiteId,
    kind,
    fileName: `${kind}.jpg`,
    sha256: '0'.repeat(64),
    size: 1000,
    mime: 'image/jpeg',
    createdAt: '2026-11-10T00:00:00.000Z',
  });
  const status = (materials: MaterialView[]) => Object.fromEntries(matchChecklist(e, slots, materials, []).map((i) => [i.id, i.status]));

  it('an ID is judged against its own person’s last change, not another 负责人’s', () => {
    const s = status([upload(1, 'id-front', 1, null), upload(2, 'id-front', 2, null)]);
    expect(s['person:1:id-front']).toBe('stale');
    expect(s['person:2:id-front']).toBe('present');
  });

  it('a slot that names no person or no website takes the file whatever it was filed under', () => {
    const s = status([upload(3, 'sheet', 2, 11), upload(4, 'licence', 1, 11), upload(5, 'id-back', 2, 11)]);
    expect(s['website:11:sheet']).toBe('present');
    expect(s['entity:licence']).toBe('present');
    expect(s['person:2:id-back']).toBe('present');
  });
});


describe('one slot per id', () => {
  it('lists a slot once even when a website is listed twice (the first one kept, with its label)', () => {
    const e = entityView(individual());
    const twice = { ...e, websites: [e.websites[0]!, { ...e.websites[0]!, name: '同一网站的第二行' }] };
    const slots = requiredSlots(twice, '首次备案', 'generic', [e.websites[0]!.id]);
    expect(slots.map((s) => s.id)).toEqual([...new Set(slots.map((s) => s.id))]);
    expect(slots.map((s) => s.id)).toEqual(requiredSlots(e, '首次备案', 'generic', [e.websites[0]!.id]).map((s) => s.id));
    expect(slots.find((s) => s.id.endsWith(':sheet'))!.label).not.toContain('第二行');
  });
});
