// The 公安备案 form of one website (全国互联网安全管理服务平台; domain.md §2.4, seed 004): what the record,
// the approval and Tencent's published values fill in, and what keeps the form from being filed.
import { describe, expect, it } from 'vitest';
import { gonganFieldsSchema, gonganProblems, gonganProfile, loadGonganLists, prefillGongan, type GonganFields } from '../../../main/filings/gongan';
import gonganData from '../../../resources/data/gongan.json';
import { enterprise, individual } from '../../fixtures/drafts';
import { entityView } from './entityViews';

const company = entityView(
  enterprise((r) => {
    r.websites[0].icpNumber = '粤ICP备12345678号-1';
    r.websites[0].preApprovals = ['新闻', '药品和医疗器械', '文化'];
    r.websites[0].languages = ['中文简体', '俄罗斯语', '柯尔克孜语', '中文简体'];
  }),
);
const site = company.websites[0]!;

describe('公安备案 prefill', () => {
  it('at Tencent: the site, its 备案号, the first approval day in Beijing time, Tencent’s published 接入商 and 域名商 (§2.4)', () => {
    const f = prefillGongan(company, site, 'tencent', '2026-03-01T17:30:00.000Z');
    expect(f).toMatchObject({
      siteName: '示例000001官网',
      hasIcpNumber: true,
      icpNumber: '粤ICP备12345678号-1',
      // 17:30 UTC is already the next day in Beijing
      openedOn: '2026-03-02',
      mainDomain: 'shili000001.cn',
      otherDomains: ['shili000001.com.cn'],
      ips: ['203.0.113.10'],
      accessProvider: { name: '腾讯云计算（北京）有限责任公司', jurisdiction: '北京市', region: '北京市市辖区海淀区', accessMethod: '租赁主机' },
      domainRegistrar: { name: '北京新网数码信息技术有限公司', jurisdiction: '北京市', region: '北京市市辖区大兴区' },
      interactive: false,
      dangerousGoods: [],
    });
    expect(gonganFieldsSchema.parse(f)).toEqual(f);
  });

  it('maps the ICP 前置审批 and 网站语言 onto the platform’s lists: 药品和医疗器械 → 医疗保健, others → 其他, no doubles', () => {
    const f = prefillGongan(company, site, 'tencent', null);
    expect(f.permits).toEqual(['新闻', '医疗保健', '其他']);
    expect(f.languages).toEqual(['中文简体', '俄语', '其他']);
  });

  it('a unit starts from www服务, a person from 博客个人空间 (the platform has no 单位门户网站)', () => {
    expect(prefillGongan(company, site, 'tencent', null).serviceTypes).toEqual(['www服务']);
    const person = entityView(individual());
    expect(prefillGongan(person, person.websites[0]!, 'generic', null).serviceTypes).toEqual(['博客个人空间']);
  });

  it('another provider publishes nothing: 接入商 and 域名商 left empty for the operator; no approval yet, no 开通日期; no 备案号', () => {
    const person = entityView(individual((r) => (r.websites[0].domains = [])));
    const f = prefillGongan(person, person.websites[0]!, 'aliyun', null);
    expect(f).toMatchObject({
      hasIcpNumber: false,
      icpNumber: '',
      openedOn: '',
      mainDomain: '',
      otherDomains: [],
      accessProvider: { name: '', jurisdiction: '', region: '', accessMethod: '' },
      domainRegistrar: { name: '', jurisdiction: '', region: '' },
      permits: [],
    });
    expect(gonganProfile('aliyun')).toBeNull();
    // a name that only exists on Object.prototype is no provider either
    expect(gonganProfile('constructor')).toBeNull();
    expect(gonganProfile('tencent')!.accessProvider).toMatchObject({ orgCode: '56365494-8', uscc: '911101085636549482' });
  });

  it('the 开通日期 is the Beijing day of the approval', () => {
    expect(prefillGongan(company, site, 'tencent', '2026-12-31T15:59:59.000Z').openedOn).toBe('2026-12-31');
    expect(prefillGongan(company, site, 'tencent', '2026-12-31T16:00:00.000Z').openedOn).toBe('2027-01-01');
    expect(prefillGongan(company, site, 'tencent', null).openedOn).toBe('');
  });

  it('the choice lists are refused at load without their source', () => {
    expect(() => loadGonganLists({ ...gonganData, source: '' })).toThrow();
    expect(() => loadGonganLists({ ...gonganData, languages: [] })).toThrow();
  });
});

describe('公安备案 problems', () => {
  const filled = (): GonganFields => prefillGongan(company, site, 'tencent', '2026-03-01T02:00:00.000Z');

  it('a complete Tencent prefill can be filed as it is', () => {
    expect(gonganProblems(filled(), site)).toEqual([]);
  });

  it('names every empty required field (§2.4 *)', () => {
    const blank: GonganFields = {
      ...filled(),
      siteName: ' ',
      openedOn: '',
      icpNumber: '',
      mainDomain: '',
      ips: [],
      accessProvider: { name: '', jurisdiction: '', region: '', accessMethod: '' },
      domainRegistrar: { name: '', jurisdiction: '', region: '' },
      languages: [],
    };
    expect(gonganProblems(blank, site)).toEqual([
      { path: ['siteName'], message: '请填写网站名称' },
      { path: ['openedOn'], message: '请填写网站开通日期（首次备案通过日期）' },
      { path: ['icpNumber'], message: '请填写工信部备案号' },
      { path: ['mainDomain'], message: '请填写主域名' },
      { path: ['ips'], message: '请至少填写一个网站 IP（服务器公网 IP）' },
      { path: ['accessProvider', 'name'], message: '请填写网络接入服务商名称' },
      { path: ['accessProvider', 'jurisdiction'], message: '请填写接入商所属地区管辖' },
      { path: ['accessProvider', 'region'], message: '请填写接入商所属区域' },
      { path: ['accessProvider', 'accessMethod'], message: '请填写网站接入方式' },
      { path: ['domainRegistrar', 'name'], message: '请填写域名注册服务商名称' },
      { path: ['domainRegistrar', 'jurisdiction'], message: '请填写域名商所属地区管辖' },
      { path: ['domainRegistrar', 'region'], message: '请填写域名服务商所属区域' },
      { path: ['languages'], message: '请选择网站语种' },
    ]);
  });

  it('no 备案号 asked of a site that says it has none', () => {
    expect(gonganProblems({ ...filled(), hasIcpNumber: false, icpNumber: '' }, site)).toEqual([]);
  });

  it('an IP must be an address; an interactive site must tick its service types', () => {
    expect(gonganProblems({ ...filled(), ips: ['203.0.113.10', '203.0.113.300'] }, site)).toEqual([{ path: ['ips', 1], message: 'IP 地址“203.0.113.300”格式不正确，如 203.0.113.10' }]);
    expect(gonganProblems({ ...filled(), interactive: true, serviceTypes: [] }, site)).toEqual([{ path: ['serviceTypes'], message: '提供互联网交互服务时请勾选服务类型' }]);
    expect(gonganProblems({ ...filled(), interactive: true }, site)).toEqual([]);
    expect(gonganProblems({ ...filled(), serviceTypes: [] }, site)).toEqual([]);
  });

  it('主域名 and 从域名 must be the website’s own filed domains (case and spaces aside)', () => {
    expect(gonganProblems({ ...filled(), mainDomain: ' SHILI000001.CN ', otherDomains: ['Shili000001.com.cn', ''] }, site)).toEqual([]);
    expect(gonganProblems({ ...filled(), mainDomain: 'other.cn', otherDomains: ['shili000001.cn', 'third.cn'] }, site)).toEqual([
      { path: ['mainDomain'], message: '主域名“other.cn”不是网站“示例000001官网”备案的域名（shili000001.cn、shili000001.com.cn）' },
      { path: ['otherDomains', 1], message: '从域名“third.cn”不是网站“示例000001官网”备案的域名' },
    ]);
  });

  it('the form refuses values outside the platform’s lists and over-long text', () => {
    expect(gonganFieldsSchema.safeParse({ ...filled(), languages: ['火星语'] }).success).toBe(false);
    expect(gonganFieldsSchema.safeParse({ ...filled(), openedOn: '2026/03/01' }).success).toBe(false);
    expect(gonganFieldsSchema.safeParse({ ...filled(), siteName: 'x'.repeat(101) }).success).toBe(false);
  });

  it('a blank 主域名 or 从域名 is only “not filled”, never “not the website’s”', () => {
    expect(gonganProblems({ ...filled(), mainDomain: '   ', otherDomains: ['  '] }, site)).toEqual([{ path: ['mainDomain'], message: '请填写主域名' }]);
  });

  it('a Chinese domain counts in either spelling; a typed value that is no domain at all is named', () => {
    const idnSite = entityView(enterprise((r) => (r.websites[0].domains = ['示例.中国', 'shili000001.cn']))).websites[0]!;
    const f = { ...prefillGongan(company, idnSite, 'tencent', '2026-03-01T02:00:00.000Z') };
    expect(gonganProblems({ ...f, mainDomain: '示例.中国', otherDomains: ['xn--fsq092h.xn--fiqs8s'] }, idnSite)).toEqual([]);
    expect(gonganProblems({ ...f, mainDomain: 'not a domain' }, idnSite)).toEqual([{ path: ['mainDomain'], message: '主域名“not a domain”不是网站“示例000001官网”备案的域名（示例.中国、shili000001.cn）' }]);
  });
});

