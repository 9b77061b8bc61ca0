// One row per rule ID: a record the rule accepts and one it flags, the flagged case asserting the rule
// ID, the path and the severity.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../main/rules/engine';
import type { Severity, StoreLookup } from '../../../main/rules/types';
import { checkDraft } from '../../../main/services/checks';
import { toDraft } from '../../../main/rules/draft';
import { runRules } from '../../../main/rules/engine';
import { change, enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { personId, uscc } from '../../fixtures/records';

const TODAY = new Date('2026-11-24T12:00:00+08:00');

function findings(record: AnyRecord, store: StoreLookup | null = null) {
  const { draft, findings: shape } = toDraft(record);
  return [...shape, ...runRules(draft, { today: TODAY, store })];
}

const minorId = (years: number) => {
  const y = 2026 - years;
  return personId(31, `${y}0101`);
};

type Row = [id: string, what: string, pass: AnyRecord, fail: AnyRecord, path: string, severity: Severity, store?: StoreLookup];

const store = (owners: { domain: string; entityId: number; name: string }[], filedProviders: string[] = []): StoreLookup => ({ domainOwners: (d) => owners.filter((o) => d.includes(o.domain)), filedProviders: () => filedProviders });

const ROWS: Row[] = [
  ['V-REC-01', 'unknown field in the record', enterprise(), enterprise((r) => (r.entity.colour = 'red')), 'entity.colour', 'error'],
  ['V-ID-01', '身份证 of 17 digits', individual(), individual((r) => (r.people[0].certNumber = r.people[0].certNumber.slice(0, 17))), 'people.0.certNumber', 'error'],
  ['V-ID-02', 'wrong 身份证 check digit', individual(), individual((r) => (r.people[0].certNumber = '340524198001010013')), 'people.0.certNumber', 'error'],
  ['V-ID-03', 'birth date 02-30', individual(), individual((r) => (r.people[0].certNumber = '340524198002300012')), 'people.0.certNumber', 'error'],
  ['V-ID-04', 'USCC with a forbidden letter', enterprise(), enterprise((r) => (r.entity.certNumber = '91440300MA5000001O')), 'entity.certNumber', 'error'],
  ['V-ID-05', 'USCC with a wrong check character', enterprise(), enterprise((r) => (r.entity.certNumber = r.entity.certNumber.slice(0, 17) + (r.entity.certNumber.endsWith('1') ? '2' : '1'))), 'entity.certNumber', 'error'],
  ['V-ID-06', 'USCC whose 组织机构代码 check is off', enterprise((r) => (r.entity.certNumber = '911101085636549482')), enterprise((r) => (r.entity.certNumber = orgBroken())), 'entity.certNumber', 'warning'],
  ['V-ID-07', 'old 15-digit licence in 黑龙江', enterprise(), enterprise((r) => ((r.entity.province = '黑龙江省'), (r.entity.certNumber = '440301103456789'))), 'entity.certNumber', 'error'],
  ['V-ID-10', 'two 负责人 of one client with the same 证件号码', enterprise(), enterprise((r) => (r.people[1].certNumber = r.people[0].certNumber)), 'people.1.certNumber', 'warning'],
  ['V-ID-08', '负责人 ID expired on 2020-01-01', enterprise(), enterprise((r) => (r.people[1].certValidTo = '2020-01-01')), 'people.1.certValidTo', 'error'],
  ['V-ID-08', '负责人 ID that ends in 10 days', enterprise(), enterprise((r) => (r.people[0].certValidTo = '2026-12-04')), 'people.0.certValidTo', 'warning'],
  ['V-ID-09', '营业执照 past its 营业期限', enterprise((r) => (r.entity.certValidTo = '长期')), enterprise((r) => (r.entity.certValidTo = '2025-06-30')), 'entity.certValidTo', 'error'],
  ['V-FMT-01', '证件类型 the 性质 does not allow', enterprise(), enterprise((r) => (r.entity.certType = '居民身份证')), 'entity.certType', 'error'],
  ['V-FMT-02', 'mobile of 10 digits', enterprise(), enterprise((r) => (r.people[1].mobile = '1370000001')), 'people.1.mobile', 'error'],
  ['V-FMT-03', 'a malformed IP address', enterprise(), enterprise((r) => (r.websites[0].ips = ['203.0.113.300'])), 'websites.0.ips.0', 'error'],
  ['V-PER-03', 'enterprise 负责人 with a mobile as office phone', enterprise(), enterprise((r) => (r.people[0].officePhone = '13800138000')), 'people.0.officePhone', 'error'],
  ['V-ICP-01', '备案号 of another province', enterprise((r) => (r.entity.icpNumber = '粤ICP备12345678号')), enterprise((r) => (r.entity.icpNumber = '京ICP备12345678号')), 'entity.icpNumber', 'error'],
  ['V-AGE-01', 'unit principal aged 15', enterprise(), enterprise((r) => (r.people[0].certNumber = minorId(15))), 'people.0.certNumber', 'error'],
  ['V-AGE-02', 'individual aged 17 in 广东 (needs 就业证明)', individual(), individual((r) => (r.people[0].certNumber = r.entity.certNumber = minorId(17))), 'people.0.certNumber', 'warning'],
  ['V-AGE-02', 'individual aged 17 in 浙江 (refused)', individual((r) => (r.entity.province = '浙江省')), individual((r) => ((r.entity.province = '浙江省'), (r.people[0].certNumber = r.entity.certNumber = minorId(17)))), 'people.0.certNumber', 'error'],
  ['V-AGE-03', 'website principal aged 17', enterprise(), enterprise((r) => (r.people[1].certNumber = minorId(17))), 'websites.0.principal', 'error'],
  ['V-PER-01', 'two people with one mobile', enterprise(), enterprise((r) => (r.people[1].mobile = r.people[0].mobile)), 'people.1.mobile', 'error'],
  ['V-PER-02', '担保 company whose principal is not the 法人', enterprise((r) => ((r.entity.name = '深圳市示例融资担保有限公司'), (r.entity.investor = '张三'), (r.people[0].name = '张三'))), enterprise((r) => ((r.entity.name = '深圳市示例融资担保有限公司'), (r.entity.investor = '张三'), (r.people[0].name = '李四'))), 'people.0.name', 'warning'],
  ['V-PER-04', 'SMS verification reminder once a filing is prepared', enterprise((r) => (r.filing.type = null)), enterprise(), 'people', 'info'],
  ['V-PER-05', 'Beijing domain owner reminder', enterprise(), enterprise((r) => (r.entity.province = '北京市')), 'websites', 'info'],
  ['V-PROV-01', 'Guangdong enterprise principal not the 法人', enterprise((r) => ((r.entity.investor = '张三'), (r.people[0].name = '张三'))), enterprise((r) => ((r.entity.investor = '张三'), (r.people[0].name = '李四'))), 'people.0.name', 'warning'],
  ['V-PROV-02', 'Chongqing individual with a Guangdong ID', individual((r) => ((r.entity.province = '重庆市'), (r.people[0].certNumber = r.entity.certNumber = personId(8, '19900101').replace(/^44/, '50')))), individual((r) => (r.entity.province = '重庆市')), 'people.0.certNumber', 'error'],
  ['V-PROV-03', 'Jilin investor that is a person', enterprise((r) => ((r.entity.province = '吉林省'), (r.entity.investor = '长春示例集团有限公司'))), enterprise((r) => ((r.entity.province = '吉林省'), (r.entity.investor = '张三'))), 'entity.investor', 'warning'],
  ['V-REM-01', 'personal site without a content remark', individual(), individual((r) => (r.websites[0].remark = '')), 'websites.0.remark', 'error'],
  ['V-REM-02', 'two prefixes without "域名指向同一网站"', enterprise(), enterprise((r) => ((r.websites[0].domains = ['shili-a.cn', 'shili-b.cn']), (r.websites[0].remark = ''))), 'websites.0.remark', 'error'],
  ['V-REM-03', 'hospital without the licence remark', enterprise((r) => ((r.entity.name = '深圳市示例医院'), (r.entity.remark = '本单位医疗执业许可证为2020年1月颁发'))), enterprise((r) => (r.entity.name = '深圳市示例医院')), 'entity.remark', 'warning'],
  ['V-REM-04', 'address without a house number', enterprise(), enterprise((r) => (r.entity.mailingAddress = '广东省深圳市南山区科技园')), 'entity.mailingAddress', 'warning'],
  ['V-REM-05', '个体工商户 without 字号 missing its remark', individual((r) => ((r.entity.name = '王小明（个体工商户）'), (r.entity.remark = '个体工商户无工商字号，注册号：440301600123456'))), individual((r) => (r.entity.name = '王小明（个体工商户）')), 'entity.remark', 'error'],
  ['V-REM-06', 'Tianjin personal site without the pledge', individual((r) => ((r.entity.province = '天津市'), (r.people[0].officePhone = '086-022-12345678'), (r.websites[0].remark += '。本网站是个人网站，不含有企业、单位等非个人网站的信息，如有违反，愿接受注销网站，并将主体和域名加入黑名单的处罚。'))), individual((r) => ((r.entity.province = '天津市'), (r.people[0].officePhone = '086-022-12345678'))), 'websites.0.remark', 'error'],
  ['V-URL-01', 'homepage outside the domain list', enterprise(), enterprise((r) => (r.websites[0].homepages = ['www.other-site.cn'])), 'websites.0.homepages.0', 'error'],
  ['V-URL-02', 'Tencent homepage without www.', enterprise((r) => (r.filing.provider = 'tencent')), enterprise((r) => ((r.filing.provider = 'tencent'), (r.websites[0].homepages = [r.websites[0].domains[0]]))), 'websites.0.homepages.0', 'error'],
  ['V-DOM-00', 'a domain with a space', enterprise(), enterprise((r) => (r.websites[0].domains[1] = 'shili 1.cn')), 'websites.0.domains.1', 'error'],
  ['V-DOM-01', 'Henan domain validity reminder', enterprise((r) => (r.websites = [])), enterprise((r) => (r.entity.province = '河南省')), 'websites', 'info'],
  ['V-DOM-02', 'approved-suffix reminder when there are websites', enterprise((r) => (r.websites = [])), enterprise(), 'websites', 'info'],
  ['V-DOM-03', 'real-name reminder when there are websites', enterprise((r) => (r.websites = [])), enterprise(), 'websites', 'info'],
  ['V-DOM-04', '.hk domain', enterprise(), enterprise((r) => (r.websites[0].domains[1] = 'shili.hk')), 'websites.0.domains.1', 'error'],
  ['V-DOM-05', 'unusual suffix', enterprise(), enterprise((r) => (r.websites[0].domains[1] = 'shili.museum')), 'websites.0.domains.1', 'warning'],
  ['V-DOM-06', 'suffix on the not-yet-approved list', enterprise(), enterprise((r) => (r.websites[0].domains[1] = 'shili.store')), 'websites.0.domains.1', 'warning'],
  ['V-DOM-07', 'a hosting sub-domain', enterprise(), enterprise((r) => (r.websites[0].domains[1] = 'shop.shili000001.cn')), 'websites.0.domains.1', 'warning'],
  ['V-DOM-08', 'privacy protection in Sichuan', enterprise(), enterprise((r) => ((r.entity.province = '四川省'), (r.websites[0].domains = ['shili000001.cn']), (r.websites[0].homepages = ['www.shili000001.cn']))), 'websites', 'warning'],
  ['V-DOM-09', 'site closed until filed', enterprise((r) => (r.filing.type = '变更网站')), enterprise(), 'websites', 'info'],
  ['V-DOM-10', 'Chongqing site with two domains', enterprise((r) => (r.entity.province = '重庆市')) && enterprise((r) => ((r.entity.province = '重庆市'), (r.websites[0].domains = ['shili000001.cn']))), enterprise((r) => (r.entity.province = '重庆市')), 'websites.0.domains', 'error'],
  ['V-DOM-11', 'domain already held by another client', enterprise(), enterprise(), 'websites.0.domains.0', 'error', store([{ domain: 'shili000001.cn', entityId: 9, name: '别的客户' }])],
  ['V-NAME-01', 'two-character site name', enterprise(), enterprise((r) => (r.websites[0].name = '示例')), 'websites.0.name', 'error'],
  ['V-NAME-02', 'site name of digits only', enterprise(), enterprise((r) => (r.websites[0].name = '12345')), 'websites.0.name', 'error'],
  ['V-NAME-03', 'site name starting with 中国', enterprise(), enterprise((r) => (r.websites[0].name = '中国示例网')), 'websites.0.name', 'error'],
  ['V-NAME-04', 'site name that is the domain', enterprise(), enterprise((r) => (r.websites[0].name = 'shili000001.cn')), 'websites.0.name', 'error'],
  ['V-NAME-05', 'personal site named 商城', individual(), individual((r) => (r.websites[0].name = '王小明的商城')), 'websites.0.name', 'error'],
  ['V-NAME-06', 'site named 新闻 without approval', enterprise(), enterprise((r) => (r.websites[0].name = '示例科技新闻')), 'websites.0.name', 'warning'],
  ['V-NAME-07', 'Jiangsu personal site with a free name', individual((r) => ((r.entity.province = '江苏省'), (r.websites[0].name = '王小明的个人博客'), (r.websites[0].remark = '本网站为个人网站，做摄影分享使用，网站开通后主要内容为风光摄影。'))), individual((r) => ((r.entity.province = '江苏省'), (r.websites[0].remark = '本网站为个人网站，做摄影分享使用，网站开通后主要内容为风光摄影。'))), 'websites.0.name', 'error'],
  ['V-NAME-08', 'unit site name unrelated to the unit', enterprise(), enterprise((r) => (r.websites[0].name = '蓝天白云')), 'websites.0.name', 'info'],
  ['V-NAME-10', 'site name 星河最好的网站', enterprise(), enterprise((r) => (r.websites[0].name = '星河最好的网站')), 'websites.0.name', 'error'],
  ['V-NAME-11', 'site name 星河云在线赌场', enterprise(), enterprise((r) => (r.websites[0].name = '星河云在线赌场')), 'websites.0.name', 'error'],
  ['V-PRE-01', '经营范围 with 教育咨询, site declares no 前置审批', enterprise((r) => (r.entity.businessScope = '计算机软件开发')), enterprise((r) => (r.entity.businessScope = '计算机软件开发；教育咨询')), 'websites.0.preApprovals', 'warning'],
  ['V-NAME-09', 'personal site with a 前置审批', individual(), individual((r) => (r.websites[0].preApprovals = ['新闻'])), 'websites.0.preApprovals', 'error'],
  ['V-CHG-01', 'province changed', change(enterprise(), '变更主体', (r) => (r.entity.mailingAddress += '（新）')), change(enterprise(), '变更主体', (r) => ((r.entity.province = '北京市'), (r.entity.mailingAddress = '北京市海淀区某路1号'))), 'entity.province', 'error'],
  ['V-CHG-02', '变更网站 adding a domain', change(enterprise(), '变更网站', (r) => r.websites[0].domains.pop()), change(enterprise(), '变更网站', (r) => r.websites[0].domains.push('shili-new.cn')), 'websites.0.domains.2', 'error'],
  ['V-CHG-03', 'Hunan legal representative change filed as 变更主体', change(enterprise((r) => (r.entity.province = '湖南省')), '变更备案', legalRepChange), change(enterprise((r) => (r.entity.province = '湖南省')), '变更主体', legalRepChange), 'filing.type', 'error'],
  ['V-CHG-04', 'personal contact change filed as 变更主体', change(individual(), '变更备案', (r) => (r.people[0].email = 'new@example.cn')), change(individual(), '变更主体', (r) => (r.people[0].email = 'new@example.cn')), 'filing.type', 'error'],
  ['V-CHG-05', 'same-person enterprise contact change filed as 变更主体', change(enterprise((r) => (r.websites[0].principal = 'p1')), '变更备案', (r) => (r.people[0].email = 'new@example.cn')), change(enterprise((r) => (r.websites[0].principal = 'p1')), '变更主体', (r) => (r.people[0].email = 'new@example.cn')), 'filing.type', 'error'],
  ['V-CHG-06', '个人 changed to 企业', change(individual(), '变更主体', (r) => (r.entity.mailingAddress += '（新）')), change(individual(), '变更主体', (r) => (r.entity.nature = '企业')), 'entity.nature', 'error'],
  ['V-CHG-08', 'website-only change filed as 变更主体', change(enterprise(), '变更网站', (r) => (r.websites[0].remark = '新的备注：域名指向同一网站')), change(enterprise(), '变更主体', (r) => (r.websites[0].remark = '新的备注：域名指向同一网站')), 'filing.type', 'error'],
  ['V-CHG-09', 'materials to upload again after a principal change', change(enterprise(), '变更主体', () => undefined) && enterprise(), change(enterprise(), '变更主体', legalRepChange), 'people', 'info'],
  ['V-SITE-01', 'footer 备案号 reminder once there are websites', enterprise((r) => (r.websites = [])), enterprise(), 'websites', 'info'],
  ['V-SITE-02', '江苏 版权所有 names the 主办单位', enterprise(), enterprise((r) => ((r.entity.province = '江苏省'), (r.entity.city = '南京市'), (r.entity.mailingAddress = '江苏省南京市玄武区某路1号'))), 'websites', 'info'],
  ['V-ADDR-01', '通信地址 in another province than the 地域', enterprise(), enterprise((r) => (r.entity.mailingAddress = '北京市海淀区某路1号')), 'entity.mailingAddress', 'error'],
  ['V-TYPE-01', '首次备案 declared for a client that already has a 备案号', enterprise(), enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备12345678号-1'))), 'filing.type', 'warning'],
];

function legalRepChange(r: AnyRecord): void {
  r.people[0].name = '赵新';
  r.people[0].certNumber = personId(88, '19800808');
  r.entity.investor = '赵新';
}

/** A USCC whose outer check is right but whose embedded 组织机构代码 check is not. */
function orgBroken(): string {
  const good = uscc('91440300MA5000001');
  return usccRaw(good.slice(0, 16) + (good[16] === '1' ? '2' : '1'));
}

function usccRaw(body17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let s = 0;
  for (let i = 0; i < 17; i++) s += chars.indexOf(body17[i]!) * w[i]!;
  return body17 + chars[(31 - (s % 31)) % 31];
}

describe('rule catalog, one row per rule', () => {
  it.each(ROWS)('%s: %s', (id, _what, pass, fail, path, severity, lookup) => {
    const ok = findings(pass, lookup ? store([]) : null).filter((f) => f.ruleId === id);
    expect(ok, 'the passing case').toEqual([]);
    const bad = findings(fail, lookup ?? null).filter((f) => f.ruleId === id);
    expect(bad.length, 'the failing case').toBeGreaterThan(0);
    expect(bad.map((f) => [f.path.join('.'), f.severity])).toContainEqual([path, severity]);
    for (const f of bad) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has a row for every rule in the engine', () => {
    const covered = new Set(ROWS.map((r) => r[0]));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('gives every rule a source and a unique ID', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.source.length, r.id).toBeGreaterThanOrEqual(2);
  });
});

describe('acceptance cases', () => {
  it('a Hunan enterprise whose legal representative changed, filed as 变更主体, is told to use 变更备案', async () => {
    const rec = change(enterprise((r) => (r.entity.province = '湖南省')), '变更主体', legalRepChange);
    const r = await checkDraft(null, rec, null, TODAY);
    const f = r.findings.find((x) => x.ruleId === 'V-CHG-03');
    expect(f).toMatchObject({ severity: 'error', path: ['filing', 'type'] });
    expect(f!.message).toContain('变更备案');
  });

  it('a 变更网站 that adds a domain is blocked', async () => {
    const rec = change(enterprise(), '变更网站', (r) => r.websites[0].domains.push('shili-new.cn'));
    const r = await checkDraft(null, rec, null, TODAY);
    expect(r.counts.error).toBeGreaterThan(0);
    expect(r.findings.find((x) => x.ruleId === 'V-CHG-02')?.message).toContain('shili-new.cn');
  });

  it('the clean fixtures carry no blocking finding', async () => {
    expect((await checkDraft(null, enterprise(), null, TODAY)).counts.error).toBe(0);
    expect((await checkDraft(null, individual(), null, TODAY)).counts.error).toBe(0);
  });
});
