// §3.2 ages and people, and the province rules on who may be 负责人 (V-AGE-01..03, V-PER-01/02/04/05,
// V-PROV-01..03), case by case. Ages, provinces and their flags from shared/docs/domain.md §3.2 and §4;
// the day is 2026-11-24 (Asia/Shanghai).
import { describe, expect, it } from 'vitest';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { personId, residentId } from '../../fixtures/records';
import { ruleFindings, seen } from './ruleRun';

/** A 广东 (440305) 身份证 of someone born on that day. */
const bornOn = (yyyymmdd: string, n = 1) => personId(n, yyyymmdd);
/** An individual whose 主办人 (负责人 1) was born on that day. */
const personalBorn = (yyyymmdd: string, province = '广东省') =>
  individual((r) => {
    r.entity.province = province;
    r.entity.certNumber = r.people[0].certNumber = bornOn(yyyymmdd);
  });
/** An individual in `province` whose 主办人 holds this document. */
const personalWith = (certType: string, certNumber: string, province: string) =>
  individual((r) => {
    r.entity.province = province;
    r.entity.certType = r.people[0].certType = certType;
    r.entity.certNumber = r.people[0].certNumber = certNumber;
  });
/** An individual in `province` whose 身份证 is from 北京 (110101). */
const personalFromBeijing = (province: string) => personalWith('居民身份证', residentId('11010119900307001'), province);

describe('V-AGE-01 a unit’s 主体负责人 is at least 16', () => {
  it('refuses a 主体负责人 of 15, naming the age', () => {
    const f = ruleFindings(enterprise((r) => (r.people[0].certNumber = bornOn('20101125'))), 'V-AGE-01');
    expect(seen(f)).toEqual([['people.0.certNumber', 'error', '主体负责人未满 16 周岁（15 岁），单位备案不能由其担任']]);
    expect(f[0]!.hint).toContain('16 周岁');
  });

  it('accepts one who turns 16 today', () => {
    expect(ruleFindings(enterprise((r) => (r.people[0].certNumber = bornOn('20101124'))), 'V-AGE-01')).toEqual([]);
  });

  it('reads the 主体负责人 the entity names, not the first person', () => {
    const r = enterprise((x) => ((x.entity.principal = 'p2'), (x.people[1].certNumber = bornOn('20120101', 2))));
    expect(seen(ruleFindings(r, 'V-AGE-01'))).toEqual([['people.1.certNumber', 'error', '主体负责人未满 16 周岁（14 岁），单位备案不能由其担任']]);
    expect(ruleFindings(enterprise((x) => (x.people[1].certNumber = bornOn('20120101', 2))), 'V-AGE-01')).toEqual([]);
  });

  it('does not apply to a personal filing', () => {
    expect(ruleFindings(personalBorn('20120101'), 'V-AGE-01')).toEqual([]);
  });

  it('reads no age from a document other than the 居民身份证', () => {
    expect(ruleFindings(enterprise((r) => ((r.people[0].certType = '护照'), (r.people[0].certNumber = 'E12345678'))), 'V-AGE-01')).toEqual([]);
  });
});

describe('V-AGE-02 a personal 主办人 under 18, by province', () => {
  it('asks for 就业证明 where the province has no rule of its own (广东) or is unknown', () => {
    for (const province of ['广东省', '']) {
      const f = ruleFindings(personalBorn('20090101', province), 'V-AGE-02');
      expect(seen(f)).toEqual([['people.0.certNumber', 'warning', '主办人未满 18 周岁（17 岁），须上传就业证明']]);
      expect(f[0]!.hint).toBe('在材料中上传就业证明');
    }
  });

  it('says nothing once the 主办人 is 18 (today is the birthday)', () => {
    expect(ruleFindings(personalBorn('20081124'), 'V-AGE-02')).toEqual([]);
    expect(ruleFindings(personalBorn('20081125'), 'V-AGE-02')).toHaveLength(1);
  });

  // §3.2 V-AGE-02: Inner Mongolia, Zhejiang, Hunan, Guizhou, Shandong, Tianjin; §4 湖北 “<18 refused” besides
  it('refuses a minor in each province the catalog names, 湖南 among them', () => {
    for (const [province, short] of [['内蒙古自治区', '内蒙古'], ['浙江省', '浙江'], ['湖南省', '湖南'], ['贵州省', '贵州'], ['山东省', '山东'], ['天津市', '天津'], ['湖北省', '湖北']]) {
      const f = ruleFindings(personalBorn('20090101', province), 'V-AGE-02');
      expect(seen(f)).toEqual([['people.0.certNumber', 'error', `${short}管局不受理未满 18 周岁的个人备案（主办人 17 岁）`]]);
      expect(f[0]!.hint).toBe('由年满 18 周岁的本人备案');
    }
  });

  it('江苏: refuses under 16, and asks 16–17 for 就业或收入证明', () => {
    const under16 = ruleFindings(personalBorn('20110101', '江苏省'), 'V-AGE-02');
    expect(seen(under16)).toEqual([['people.0.certNumber', 'error', '江苏管局不受理未满 16 周岁的个人备案（主办人 15 岁）']]);
    expect(under16[0]!.hint).toBe('由年满 16 周岁的本人备案');
    const sixteen = ruleFindings(personalBorn('20101124', '江苏省'), 'V-AGE-02');
    expect(seen(sixteen)).toEqual([['people.0.certNumber', 'warning', '主办人 16 岁：江苏要求 16–17 周岁者提供就业或收入证明']]);
    expect(sixteen[0]!.hint).toBe('在材料中上传就业/收入证明');
  });

  it('reads no age from a passport', () => {
    expect(ruleFindings(individual((r) => ((r.people[0].certType = '护照'), (r.people[0].certNumber = 'E12345678'))), 'V-AGE-02')).toEqual([]);
  });

  it('河南: asks for the 监护人’s ID', () => {
    const f = ruleFindings(personalBorn('20090101', '河南省'), 'V-AGE-02');
    expect(seen(f)).toEqual([['people.0.certNumber', 'warning', '主办人 17 岁：河南要求提供监护人身份证']]);
    expect(f[0]!.hint).toBe('在材料中上传监护人身份证');
  });
});

describe('V-AGE-03 a 网站负责人 is at least 18', () => {
  it('refuses a 网站负责人 of 17 at the website', () => {
    const f = ruleFindings(enterprise((r) => (r.people[1].certNumber = bornOn('20081125', 2))), 'V-AGE-03');
    expect(seen(f)).toEqual([['websites.0.principal', 'error', '网站“示例000001官网”的负责人未满 18 周岁（17 岁），不能备案']]);
    expect(f[0]!.hint).toContain('18 周岁');
  });

  it('accepts one who turns 18 today, and one whose document carries no birth date', () => {
    expect(ruleFindings(enterprise((r) => (r.people[1].certNumber = bornOn('20081124', 2))), 'V-AGE-03')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.people[1].certType = '护照'), (r.people[1].certNumber = 'E12345678'))), 'V-AGE-03')).toEqual([]);
  });
});

describe('V-PER-01 different 负责人, different mobile and e-mail', () => {
  it('names the later person and the one they share the mobile with', () => {
    const f = ruleFindings(enterprise((r) => (r.people[1].mobile = r.people[0].mobile)), 'V-PER-01');
    expect(seen(f)).toEqual([['people.1.mobile', 'error', '负责人“李000001”与负责人“张000001”的手机号码相同']]);
    expect(f[0]!.hint).toBe('不同负责人须使用各自的手机号码');
  });

  it('compares e-mails without regard to case', () => {
    const f = ruleFindings(enterprise((r) => (r.people[1].email = 'Zhang000001@Example.CN')), 'V-PER-01');
    expect(seen(f)).toEqual([['people.1.email', 'error', '负责人“李000001”与负责人“张000001”的电子邮箱相同']]);
    expect(f[0]!.hint).toBe('不同负责人须使用各自的邮箱');
  });

  it('leaves one person entered twice (the same 证件号码) and empty fields alone', () => {
    expect(ruleFindings(enterprise((r) => (r.people[1] = { ...r.people[0], id: 'p2' })), 'V-PER-01')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.people[0].email = r.people[1].email = ''), (r.people[0].mobile = r.people[1].mobile = ''))), 'V-PER-01')).toEqual([]);
  });
});

describe('V-PER-02 投资管理/担保/典当/贷款/理财: the 负责人 is the 法人', () => {
  const risky = (apply: (r: AnyRecord) => void = () => undefined) =>
    enterprise((r) => {
      r.entity.name = '沈阳市示例融资担保有限公司';
      r.entity.investor = '张三';
      apply(r);
    });

  it('warns when the 主体负责人 is not the person in 投资人', () => {
    const f = ruleFindings(risky(), 'V-PER-02');
    expect(seen(f)).toEqual([['people.0.name', 'warning', '名称含“担保”的主体，主体负责人须为法定代表人（投资人栏为“张三”）']]);
    expect(f[0]!.hint).toContain('法人');
  });

  it('辽宁: the 网站负责人 too, as an error', () => {
    const f = ruleFindings(risky((r) => (r.entity.province = '辽宁省')), 'V-PER-02');
    expect(seen(f)).toEqual([
      ['people.0.name', 'warning', '名称含“担保”的主体，主体负责人须为法定代表人（投资人栏为“张三”）'],
      ['websites.0.principal', 'error', '辽宁：名称含“担保”的主体，网站负责人也须为法人'],
    ]);
    expect(f[1]!.hint).toBe('将网站负责人改为法定代表人');
    expect(seen(ruleFindings(risky((r) => ((r.entity.province = '辽宁省'), (r.people[1].name = '张三'))), 'V-PER-02'))).toEqual([['people.0.name', 'warning', '名称含“担保”的主体，主体负责人须为法定代表人（投资人栏为“张三”）']]);
    // a website whose 负责人 is nobody on the record is another rule's finding
    expect(seen(ruleFindings(risky((r) => ((r.entity.province = '辽宁省'), (r.people[0].name = '张三'), (r.websites[0].principal = 'p9'))), 'V-PER-02'))).toEqual([]);
  });

  it('asks only the 主体负责人 of a record without a known province', () => {
    expect(seen(ruleFindings(risky((r) => (r.entity.province = '')), 'V-PER-02')).map((x) => x[0])).toEqual(['people.0.name']);
  });

  it('says nothing when the 法人 is the 负责人, the name has none of the words, or 投资人 is a unit', () => {
    expect(ruleFindings(risky((r) => (r.people[0].name = '张三')), 'V-PER-02')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.investor = '张三')), 'V-PER-02')).toEqual([]);
    expect(ruleFindings(risky((r) => (r.entity.investor = '沈阳示例投资集团有限公司')), 'V-PER-02')).toEqual([]);
  });
});

describe('V-PER-04 SMS verification of every mobile', () => {
  it('names the 24-hour 工信部 check in the SMS provinces', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '天津市')), 'V-PER-04');
    expect(seen(f)).toEqual([['people', 'info', '提交时每位负责人要在控制台填写手机验证码；提交管局后，天津还需在 24 小时内完成工信部短信核验']]);
    expect(f[0]!.hint).toContain('身份证号后 6 位');
  });

  it('only the console code elsewhere, and nothing before a filing is chosen', () => {
    const f = ruleFindings(enterprise(), 'V-PER-04');
    expect(seen(f)).toEqual([['people', 'info', '提交时每位负责人的手机号码都要在接入商控制台接收并填写验证码']]);
    expect(f[0]!.hint).toBe('提前告知负责人留意短信');
    expect(ruleFindings(enterprise((r) => (r.filing.type = null)), 'V-PER-04')).toEqual([]);
  });
});

describe('V-PER-05 北京: a domain held by a person belongs to the 主体负责人', () => {
  it('reminds a 北京 client with websites, and only then', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '北京市')), 'V-PER-05');
    expect(seen(f)).toEqual([['websites', 'info', '北京：若域名持有者是个人，须与主体负责人为同一人']]);
    expect(f[0]!.hint).toBe('核对域名实名信息中的持有者');
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '北京市'), (r.websites = []))), 'V-PER-05')).toEqual([]);
    expect(ruleFindings(enterprise(), 'V-PER-05')).toEqual([]);
  });
});

describe('V-PROV-01 主体负责人 = 法人 in 天津, 上海, 广东 …; 海南: else the 主体负责人 runs the sites', () => {
  const withInvestor = (apply: (r: AnyRecord) => void = () => undefined) => enterprise((r) => ((r.entity.investor = '张三'), apply(r)));

  it('warns an enterprise whose 主体负责人 is not the person in 投资人', () => {
    const f = ruleFindings(withInvestor(), 'V-PROV-01');
    expect(seen(f)).toEqual([['people.0.name', 'warning', '广东管局要求企业的主体负责人为法定代表人；主体负责人（负责人“张000001”）与投资人栏的“张三”不同']]);
    expect(f[0]!.hint).toContain('授权书');
  });

  it('says nothing in a province without the rule, to another 性质, with a unit in 投资人, or when they agree', () => {
    expect(ruleFindings(withInvestor((r) => (r.entity.province = '北京市')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(withInvestor((r) => (r.entity.province = '')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(withInvestor((r) => (r.entity.nature = '事业单位')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(withInvestor((r) => (r.entity.investor = '深圳市示例集团有限公司')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(withInvestor((r) => (r.people[0].name = '张三')), 'V-PROV-01')).toEqual([]);
  });

  // §4 海南 “if 主体负责人 ≠ 法人, 主体负责人 = 网站负责人” (Tencent 2017: the source says how old it is)
  it('海南: a 主体负责人 who is not the 法人 must run every site', () => {
    const hainan = (apply: (r: AnyRecord) => void = () => undefined) => withInvestor((r) => ((r.entity.province = '海南省'), apply(r)));
    const f = ruleFindings(hainan(), 'V-PROV-01');
    expect(seen(f)).toEqual([['websites.0.principal', 'warning', '海南：主体负责人（负责人“张000001”）不是法定代表人（投资人栏为“张三”）时，须同时担任网站负责人；网站“示例000001官网”的负责人是负责人“李000001”']]);
    expect(f[0]!.hint).toContain('把网站负责人改为主体负责人');
    expect(f[0]!.source).toContain('2017-06-05，资料较旧');
    // the 法人 as 主体负责人, or the 主体负责人 running the site: nothing to say
    expect(ruleFindings(hainan((r) => (r.people[0].name = '张三')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(hainan((r) => (r.websites[0].principal = 'p1')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(hainan((r) => (r.entity.nature = '事业单位')), 'V-PROV-01')).toEqual([]);
  });

  // §4 河北 “主体/网站负责人 = 法人 (foreign 法人 → authorise Chinese citizen)” (Tencent 2017: 主体负责人、网站负责人须填写法人)
  it('河北: the 网站负责人 must be the 法人 too, even when the 主体负责人 is', () => {
    const hebei = (apply: (r: AnyRecord) => void = () => undefined) => enterprise((r) => ((r.entity.province = '河北省'), (r.entity.investor = r.people[0].name = '张三'), apply(r)));
    const f = ruleFindings(hebei(), 'V-PROV-01');
    expect(seen(f)).toEqual([['websites.0.principal', 'warning', '河北管局要求企业的网站负责人也为法定代表人；网站“示例000001官网”的负责人（负责人“李000001”）与投资人栏的“张三”不同']]);
    expect(f[0]!.hint).toBe('请确认网站负责人是否为法人，不是则改由法人担任；法人为外籍人士时，可授权中国公民担任负责人');
    expect(f[0]!.source).toContain('2017-06-05，资料较旧');
    // both told where neither is the 法人; nothing when the 法人 runs the site, or elsewhere
    expect(seen(ruleFindings(hebei((r) => (r.entity.investor = '王五')), 'V-PROV-01')).map((x) => x[0])).toEqual(['people.0.name', 'websites.0.principal']);
    expect(ruleFindings(hebei((r) => (r.websites[0].principal = 'p1')), 'V-PROV-01')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.investor = r.people[0].name = '张三')), 'V-PROV-01')).toEqual([]);
  });
});

describe('V-PROV-02 the 负责人’s 证件 by province: local 身份证, 身份证 only, no foreigners, 护照 for 香港', () => {
  it('refuses an ID from another province where only local IDs are taken (重庆)', () => {
    const f = ruleFindings(individual((r) => (r.entity.province = '重庆市')), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.0.certNumber', 'error', '重庆个人备案只受理本省身份证，主办人身份证属于广东']]);
    expect(f[0]!.hint).toContain('户籍');
  });

  it('asks for 暂住证 or 居住证 where those are taken (上海)', () => {
    const f = ruleFindings(individual((r) => (r.entity.province = '上海市')), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.0.certNumber', 'warning', '主办人身份证属于广东，上海要求外省人员提供暂住证或居住证']]);
    expect(f[0]!.hint).toBe('在材料中上传暂住证/居住证');
  });

  it('names an ID of no known province by its code', () => {
    const r = individual((x) => ((x.entity.province = '重庆市'), (x.people[0].certNumber = x.entity.certNumber = residentId('99030519900307001'))));
    expect(seen(ruleFindings(r, 'V-PROV-02'))).toEqual([['people.0.certNumber', 'error', '重庆个人备案只受理本省身份证，主办人身份证属于99']]);
  });

  it('accepts a local ID, and any ID where the province has no such rule', () => {
    const local = residentId('50010319900307001');
    expect(ruleFindings(individual((r) => ((r.entity.province = '重庆市'), (r.people[0].certNumber = r.entity.certNumber = local))), 'V-PROV-02')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.province = '北京市')), 'V-PROV-02')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.province = '')), 'V-PROV-02')).toEqual([]);
  });

  // §4 黑龙江 “P: local 身份证 only”, 重庆/贵州/云南/甘肃/青海/宁夏 “P: local ID only”, 山西 “ID address must be Shanxi”
  it.each([
    ['黑龙江省', '黑龙江'],
    ['山西省', '山西'],
    ['重庆市', '重庆'],
    ['贵州省', '贵州'],
    ['云南省', '云南'],
    ['甘肃省', '甘肃'],
    ['青海省', '青海'],
    ['宁夏回族自治区', '宁夏'],
  ])('%s: a personal filer with a passport or permit is refused, having no 身份证 of the province', (province, short) => {
    const f = ruleFindings(personalWith('护照', 'E12345678', province), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.0.certType', 'error', `${short}个人备案只受理本省居民身份证，主办人的证件为“护照”`]]);
    expect(f[0]!.hint).toBe(`由${short}户籍、持居民身份证的本人备案`);
    expect(seen(ruleFindings(personalWith('港澳居民来往内地通行证', 'H12345678', province), 'V-PROV-02'))).toEqual([['people.0.certType', 'error', `${short}个人备案只受理本省居民身份证，主办人的证件为“港澳居民来往内地通行证”`]]);
  });

  // §4 海南 “P: 身份证 only, no temp ID” — not “local ID only”
  it('海南: takes a 身份证 of any province, and nothing else', () => {
    expect(ruleFindings(individual((r) => (r.entity.province = '海南省')), 'V-PROV-02')).toEqual([]);
    expect(ruleFindings(personalFromBeijing('海南省'), 'V-PROV-02')).toEqual([]);
    const f = ruleFindings(personalWith('护照', 'E12345678', '海南省'), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.0.certType', 'error', '海南个人备案只受理居民身份证，主办人的证件为“护照”']]);
    expect(f[0]!.hint).toContain('不受理临时身份证');
  });

  // §4 江西 “non-Jiangxi 网站负责人 needs 暂住/居住证”; materials line: 四川、上海、江苏、江西、湖北
  it.each([
    ['江西省', '江西'],
    ['四川省', '四川'],
    ['上海市', '上海'],
    ['江苏省', '江苏'],
    ['湖北省', '湖北'],
  ])('%s: an out-of-province 身份证 is told to bring 暂住证 or 居住证', (province, short) => {
    expect(seen(ruleFindings(personalFromBeijing(province), 'V-PROV-02'))).toEqual([['people.0.certNumber', 'warning', `主办人身份证属于北京，${short}要求外省人员提供暂住证或居住证`]]);
  });

  // §4 江西 “non-Jiangxi 网站负责人 needs 暂住/居住证” (Tencent 2017, 企事业单位: 若网站负责人身份证非江西省…): a unit's too
  it('江西: a unit’s 网站负责人 with an out-of-province 身份证 is told to bring 暂住证 or 居住证, once a person', () => {
    const jiangxi = (apply: (r: AnyRecord) => void = () => undefined) => enterprise((r) => ((r.entity.province = '江西省'), apply(r)));
    const f = ruleFindings(jiangxi(), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.1.certNumber', 'warning', '网站“示例000001官网”的负责人（负责人“李000001”）身份证属于广东，江西要求外省的网站负责人提供江西的暂住证或居住证']]);
    expect(f[0]!.hint).toBe('在材料中上传暂住证/居住证');
    const twoSites = jiangxi((r) => r.websites.push({ ...r.websites[0], name: '示例000001商城', domains: ['shop-shili.cn'], homepages: ['www.shop-shili.cn'] }));
    expect(seen(ruleFindings(twoSites, 'V-PROV-02')).map((x) => x[0])).toEqual(['people.1.certNumber']);
    expect(ruleFindings(jiangxi((r) => (r.people[1].certNumber = residentId('36010219850612001'))), 'V-PROV-02')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.province = '上海市')), 'V-PROV-02')).toEqual([]);
    // a personal 主办人 running the site is told once, as the 主办人
    expect(seen(ruleFindings(personalFromBeijing('江西省'), 'V-PROV-02')).map((x) => x[0])).toEqual(['people.0.certNumber']);
  });

  it('江西: the 主体负责人 running a unit’s site is told as its 网站负责人, the first person too', () => {
    const f = ruleFindings(enterprise((r) => ((r.entity.province = '江西省'), (r.websites[0].principal = 'p1'))), 'V-PROV-02');
    expect(seen(f)).toEqual([['people.0.certNumber', 'warning', '网站“示例000001官网”的负责人（负责人“张000001”）身份证属于广东，江西要求外省的网站负责人提供江西的暂住证或居住证']]);
  });

  it('江西: a personal filing’s other 网站负责人 from another province is told, the local 主办人 is not', () => {
    const r = individual((x) => {
      x.entity.province = '江西省';
      x.entity.certNumber = x.people[0].certNumber = residentId('36010219850612001');
      x.people.push({ ...x.people[0], id: 'p2', name: '李四', certNumber: residentId('11010119900307001'), mobile: '13800138008', email: 'ls@example.cn' });
      x.websites[0].principal = 'p2';
    });
    expect(seen(ruleFindings(r, 'V-PROV-02'))).toEqual([['people.1.certNumber', 'warning', '网站“王小明的摄影博客”的负责人（负责人“李四”）身份证属于北京，江西要求外省的网站负责人提供江西的暂住证或居住证']]);
  });

  it('江西: a 网站负责人’s 身份证 of no known province is named by its code', () => {
    const r = enterprise((x) => ((x.entity.province = '江西省'), (x.people[1].certNumber = residentId('99030519900307001'))));
    expect(seen(ruleFindings(r, 'V-PROV-02'))).toEqual([['people.1.certNumber', 'warning', '网站“示例000001官网”的负责人（负责人“李000001”）身份证属于99，江西要求外省的网站负责人提供江西的暂住证或居住证']]);
  });

  // a record read leniently may name a 主办人 who is not among the people: nothing to judge, and no crash
  it('says nothing of a personal filing whose 主办人 names no person', () => {
    for (const province of ['重庆市', '河北省', '海南省', '上海市']) {
      expect(ruleFindings(individual((r) => ((r.entity.province = province), (r.entity.principal = 'p9'))), 'V-PROV-02'), province).toEqual([]);
    }
  });

  // §4 上海/江苏/湖北/四川/江西 “non-local → 暂住/居住证”: a province that asks a proof takes a passport or permit
  it('does not refuse a passport or permit where the province asks non-locals for a proof only', () => {
    for (const province of ['上海市', '江苏省', '江西省']) {
      expect(ruleFindings(personalWith('护照', 'E12345678', province), 'V-PROV-02'), province).toEqual([]);
    }
  });

  // §4 河北 “P: foreigners refused” (Tencent 2017: the source says how old it is)
  it('河北: refuses a foreigner filing personally, asks a 护照 holder to check', () => {
    const foreigner = ruleFindings(personalWith('外国人永久居留身份证', 'USA110090010101', '河北省'), 'V-PROV-02');
    expect(seen(foreigner)).toEqual([['people.0.certType', 'error', '河北管局不受理外国人的个人备案，主办人的证件为“外国人永久居留身份证”']]);
    expect(foreigner[0]!.source).toContain('2017-06-05，资料较旧');
    expect(foreigner[0]!.hint).toBe('由持居民身份证的中国公民备案，或以单位名义备案');
    const passport = ruleFindings(personalWith('护照', 'E12345678', '河北省'), 'V-PROV-02');
    expect(seen(passport)).toEqual([['people.0.certType', 'warning', '河北管局不受理外国人的个人备案：主办人持护照，如为外国护照则不能在河北个人备案']]);
    expect(passport[0]!.hint).toBe('中国公民请改用居民身份证备案');
    expect(ruleFindings(individual((r) => (r.entity.province = '河北省')), 'V-PROV-02')).toEqual([]);
    expect(ruleFindings(personalWith('外国人永久居留身份证', 'USA110090010101', '广东省'), 'V-PROV-02')).toEqual([]);
  });

  // §2.1 “HK citizen as 负责人 → choose 护照 (Tencent Beijing form)”, §4 北京 “HK citizens use 护照”
  it('北京: a 负责人 with a 港澳 document is told to choose 护照, in a unit filing too', () => {
    const r = enterprise((x) => ((x.entity.province = '北京市'), (x.people[1].certType = '港澳居民来往内地通行证'), (x.people[1].certNumber = 'H12345678')));
    const f = ruleFindings(r, 'V-PROV-02');
    expect(seen(f)).toEqual([['people.1.certType', 'warning', '北京：香港居民担任负责人时，证件类型须选“护照”；负责人“李000001”的证件类型为“港澳居民来往内地通行证”']]);
    expect(f[0]!.source).toContain('北京表单');
    expect(f[0]!.hint).toBe('香港居民改填护照及护照号码；澳门居民请先向接入商确认');
    expect(seen(ruleFindings(personalWith('港澳居民居住证', '810000199001010012', '北京市'), 'V-PROV-02')).map((x) => x[0])).toEqual(['people.0.certType']);
    expect(ruleFindings(enterprise((x) => ((x.entity.province = '广东省'), (x.people[1].certType = '港澳居民来往内地通行证'), (x.people[1].certNumber = 'H12345678'))), 'V-PROV-02')).toEqual([]);
  });
});

describe('V-PROV-03 投资人或主管单位 by province', () => {
  const unit = (province: string, investor: string, apply: (r: AnyRecord) => void = () => undefined) => enterprise((r) => ((r.entity.province = province), (r.entity.investor = investor), apply(r)));

  it('asks for it when it is empty, wherever the province is known', () => {
    const f = ruleFindings(unit('广东省', ''), 'V-PROV-03');
    expect(seen(f)).toEqual([['entity.investor', 'warning', '请填写投资人或主管单位']]);
    expect(f[0]!.hint).toContain('本单位全称');
    expect(ruleFindings(unit('', ''), 'V-PROV-03')).toEqual([]);
  });

  it('吉林: a unit name, not a person', () => {
    for (const investor of ['张三', '公司张三']) {
      const f = ruleFindings(unit('吉林省', investor), 'V-PROV-03');
      expect(seen(f)).toEqual([['entity.investor', 'warning', `吉林要求“投资人或主管单位”填单位名称，“${investor}”看起来是个人姓名`]]);
      expect(f[0]!.hint).toContain('全称');
    }
    expect(ruleFindings(unit('吉林省', '长春示例集团有限公司'), 'V-PROV-03')).toEqual([]);
  });

  it('福建: an enterprise writes its own full name', () => {
    const f = ruleFindings(unit('福建省', '张三'), 'V-PROV-03');
    expect(seen(f)).toEqual([['entity.investor', 'warning', '福建要求企业的“投资人或主管单位”填本企业全称']]);
    expect(f[0]!.hint).toBe('填“深圳市示例000001科技有限公司”');
    expect(ruleFindings(unit('福建省', '深圳市示例000001科技有限公司'), 'V-PROV-03')).toEqual([]);
    expect(ruleFindings(unit('福建省', '张三', (r) => (r.entity.nature = '事业单位')), 'V-PROV-03')).toEqual([]);
  });

  it('宁夏: an enterprise writes its 法定代表人', () => {
    const f = ruleFindings(unit('宁夏回族自治区', '银川示例集团'), 'V-PROV-03');
    expect(seen(f)).toEqual([['entity.investor', 'warning', '宁夏要求企业的“投资人或主管单位”填法定代表人姓名']]);
    expect(f[0]!.hint).toBe('填营业执照上的法定代表人');
    expect(ruleFindings(unit('宁夏回族自治区', '张三'), 'V-PROV-03')).toEqual([]);
    expect(ruleFindings(unit('宁夏回族自治区', '银川示例集团', (r) => (r.entity.nature = '事业单位')), 'V-PROV-03')).toEqual([]);
  });

  it('asks nothing more elsewhere', () => {
    expect(ruleFindings(unit('广东省', '张三'), 'V-PROV-03')).toEqual([]);
  });
});
