// §3.3 备注 rules (V-REM-01..06) case by case, expected values from shared/docs/domain.md §3.3 and the
// province table (§4): 山东's own wording, 广东/广西 reading different prefixes as different sites, the
// 天津/广西 pledge and the 江苏 sentence, the address to the house number in 天津, 上海, 山东 and 广西.
import { describe, expect, it } from 'vitest';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

const SITE = '网站“示例000001官网”';

describe('V-REM-01 网站备注 that says what the site will carry', () => {
  it('asks a unit site of 服务内容 其他 for its content, with a unit example', () => {
    const f = ruleFindings(enterprise((r) => ((r.websites[0].serviceContent = '其他'), (r.websites[0].remark = ''))), 'V-REM-01');
    expect(seen(f)).toEqual([['websites.0.remark', 'error', `${SITE}须在网站备注中具体说明网站开通后的内容`]]);
    expect(f[0]!.hint).toContain('本公司门户网站');
  });

  it('asks every personal site, with a personal example', () => {
    const f = ruleFindings(individual((r) => (r.websites[0].remark = '')), 'V-REM-01');
    expect(seen(f)).toEqual([['websites.0.remark', 'error', '网站“王小明的摄影博客”须在网站备注中具体说明网站开通后的内容']]);
    expect(f[0]!.hint).toContain('个人博客');
  });

  it('leaves a unit portal without a remark alone', () => {
    expect(ruleFindings(enterprise((r) => (r.websites[0].remark = '')), 'V-REM-01')).toEqual([]);
  });

  it('takes a sentence of eight characters as a description, not seven, and does not count spaces', () => {
    expect(ruleFindings(individual((r) => (r.websites[0].remark = '发布本人摄影作品')), 'V-REM-01')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.websites[0].remark = '发布本人摄影品')), 'V-REM-01')).toHaveLength(1);
    expect(ruleFindings(individual((r) => (r.websites[0].remark = '   发布摄影作品   ')), 'V-REM-01')).toHaveLength(1);
  });
});

describe('V-REM-02 several prefixes: “域名指向同一网站”', () => {
  const twoPrefixes = (province: string, remark: string) =>
    enterprise((r) => ((r.entity.province = province), (r.websites[0].domains = ['shili-a.cn', 'shili-b.com']), (r.websites[0].remark = remark)));

  it('asks for the sentence as a warning where the province has no rule of its own', () => {
    const f = ruleFindings(twoPrefixes('北京市', ''), 'V-REM-02');
    expect(seen(f)).toEqual([['websites.0.remark', 'warning', `${SITE}有 2 个不同前缀的域名，网站备注须写明“域名指向同一网站”`]]);
    expect(f[0]!.hint).toBe('在网站备注中加上这句话');
  });

  it('uses the same sentence for a record without a known province', () => {
    expect(seen(ruleFindings(twoPrefixes('', ''), 'V-REM-02'))).toEqual([['websites.0.remark', 'warning', `${SITE}有 2 个不同前缀的域名，网站备注须写明“域名指向同一网站”`]]);
  });

  it('blocks in 广东, whose 管局 reads different prefixes as different sites unless the remark says so', () => {
    const f = ruleFindings(twoPrefixes('广东省', ''), 'V-REM-02');
    expect(seen(f)).toEqual([['websites.0.remark', 'error', `${SITE}有 2 个不同前缀的域名，网站备注须写明“域名指向同一网站”`]]);
    expect(f[0]!.hint).toBe('广东管局把不同前缀的域名视为不同网站，除非备注说明');
  });

  // §4 广西 “different prefixes → different sites”, no remark besides (2017: 都须分为不同网站办理备案): V-DOM-10 says so
  it('asks no remark in 广西, where no remark lets two prefixes share a site', () => {
    expect(ruleFindings(twoPrefixes('广西壮族自治区', ''), 'V-REM-02')).toEqual([]);
  });

  // §4 山东 “multi-domain remark” (2017: 若一个网站下包含多个域名，必须备注…): several domains, one prefix or more
  it('asks 山东 for its sentence whenever a site has several domains, of one prefix too', () => {
    const samePrefix = enterprise((r) => ((r.entity.province = '山东省'), (r.websites[0].domains = ['shili.cn', 'shili.com.cn']), (r.websites[0].remark = '')));
    const f = ruleFindings(samePrefix, 'V-REM-02');
    expect(seen(f)).toEqual([['websites.0.remark', 'warning', `${SITE}有 2 个域名，山东要求网站备注写明“所有域名均指向同一个网站”`]]);
    expect(f[0]!.hint).toBe('在网站备注中加上这句话');
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '山东省'), (r.websites[0].domains = ['shili.cn', 'shili.com.cn']), (r.websites[0].remark = '所有域名均指向同一个网站'))), 'V-REM-02')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '山东省'), (r.websites[0].domains = ['shili.cn']), (r.websites[0].homepages = ['www.shili.cn']), (r.websites[0].remark = ''))), 'V-REM-02')).toEqual([]);
  });

  it('asks 山东 for its own wording, which the general sentence does not replace', () => {
    expect(seen(ruleFindings(twoPrefixes('山东省', '域名指向同一网站'), 'V-REM-02'))).toEqual([['websites.0.remark', 'warning', `${SITE}有 2 个不同前缀的域名，网站备注须写明“所有域名均指向同一个网站”`]]);
    expect(ruleFindings(twoPrefixes('山东省', '所有域名均指向同一个网站'), 'V-REM-02')).toEqual([]);
  });

  it('accepts the sentence, or “指向同一” in other words, where the general sentence applies', () => {
    expect(ruleFindings(twoPrefixes('北京市', '以上域名指向同一网站'), 'V-REM-02')).toEqual([]);
    expect(ruleFindings(twoPrefixes('北京市', '两个域名指向同一个站点'), 'V-REM-02')).toEqual([]);
    expect(ruleFindings(twoPrefixes('北京市', '两个域名是同一个站点'), 'V-REM-02')).toHaveLength(1);
  });

  it('counts one prefix under several suffixes as one', () => {
    expect(ruleFindings(enterprise((r) => ((r.websites[0].domains = ['shili.cn', 'shili.com.cn', 'shili.com']), (r.websites[0].remark = ''))), 'V-REM-02')).toEqual([]);
  });

  // a blank domain row or a mistyped one is V-DOM-00's to name: it is no second prefix, nor a second domain
  it('counts no prefix, nor a domain, of a blank or invalid domain row', () => {
    for (const province of ['广东省', '山东省', '北京市']) {
      for (const other of ['', '  ', 'bad domain']) {
        expect(ruleFindings(enterprise((r) => ((r.entity.province = province), (r.websites[0].domains = ['shili.cn', other]), (r.websites[0].remark = ''))), 'V-REM-02')).toEqual([]);
      }
    }
    const f = ruleFindings(enterprise((r) => ((r.entity.province = '广东省'), (r.websites[0].domains = ['shili-a.cn', '', 'shili-b.cn']), (r.websites[0].remark = ''))), 'V-REM-02');
    expect(seen(f)).toEqual([['websites.0.remark', 'error', `${SITE}有 2 个不同前缀的域名，网站备注须写明“域名指向同一网站”`]]);
    const shandong = ruleFindings(enterprise((r) => ((r.entity.province = '山东省'), (r.websites[0].domains = ['shili.cn', '', 'shili.com']), (r.websites[0].remark = ''))), 'V-REM-02');
    expect(seen(shandong)).toEqual([['websites.0.remark', 'warning', `${SITE}有 2 个域名，山东要求网站备注写明“所有域名均指向同一个网站”`]]);
  });
});

describe('V-REM-03 医疗机构: the 执业许可证 remark', () => {
  const MESSAGE = '医疗机构须备注：本单位医疗执业许可证为*年*月颁发，有效期至*年*月，颁发部门为*，许可证号码为*';

  it('asks a 医疗机构 and a unit named like a hospital or clinic, in the 主体备注', () => {
    for (const change of [(r: AnyRecord) => (r.entity.nature = '医疗机构'), (r: AnyRecord) => (r.entity.name = '深圳市南山区示例诊所')]) {
      const f = ruleFindings(enterprise(change), 'V-REM-03');
      expect(seen(f)).toEqual([['entity.remark', 'warning', MESSAGE]]);
      expect(f[0]!.hint).toContain('两处都写最稳妥');
    }
  });

  it('leaves other units alone', () => {
    expect(ruleFindings(enterprise(), 'V-REM-03')).toEqual([]);
  });

  it('accepts the licence named in the 主体备注 or in any one 网站备注', () => {
    const hospital = (apply: (r: AnyRecord) => void) =>
      enterprise((r) => {
        r.entity.name = '深圳市示例医院';
        r.websites.push({ ...r.websites[0], name: '示例医院预约', domains: ['yuyue-shili.cn'], homepages: ['www.yuyue-shili.cn'], remark: '域名指向同一网站' });
        apply(r);
      });
    expect(ruleFindings(hospital((r) => (r.entity.remark = '本单位医疗执业许可证为2020年1月颁发')), 'V-REM-03')).toEqual([]);
    expect(ruleFindings(hospital((r) => (r.websites[1].remark = '本单位医疗执业许可证为2020年1月颁发')), 'V-REM-03')).toEqual([]);
    expect(ruleFindings(hospital(() => undefined), 'V-REM-03')).toHaveLength(1);
  });
});

describe('V-REM-04 a 通信地址 without a house number', () => {
  const noHouseNumber = (base: typeof enterprise, province: string) => base((r) => ((r.entity.province = province), (r.entity.mailingAddress = `${province}某区科技园`)));

  it('warns a unit, naming the remark that replaces the house number', () => {
    const f = ruleFindings(noHouseNumber(enterprise, '上海市'), 'V-REM-04');
    expect(seen(f)).toEqual([['entity.mailingAddress', 'warning', '通信地址没有门牌号：请补全，或在主体备注中写明“主办单位通信地址为最详细地址”']]);
    expect(f[0]!.hint).toContain('号');
  });

  it('blocks a personal filing in 天津, 上海, 山东 and 广西, and only warns one elsewhere', () => {
    for (const [province, short] of [['天津市', '天津'], ['上海市', '上海'], ['山东省', '山东'], ['广西壮族自治区', '广西']]) {
      expect(seen(ruleFindings(noHouseNumber(individual, province!), 'V-REM-04'))).toEqual([['entity.mailingAddress', 'error', `${short}个人备案的通信地址须详细到门牌号`]]);
    }
    expect(seen(ruleFindings(noHouseNumber(individual, '广东省'), 'V-REM-04'))).toEqual([['entity.mailingAddress', 'warning', '通信地址没有门牌号：请补全，或在主体备注中写明“主办单位通信地址为最详细地址”']]);
    expect(ruleFindings(individual((r) => ((r.entity.province = ''), (r.entity.mailingAddress = '某区科技园'))), 'V-REM-04').map((f) => f.severity)).toEqual(['warning']);
  });

  it('accepts a house number, the remark in either wording, or no address yet', () => {
    expect(ruleFindings(enterprise(), 'V-REM-04')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.entity.mailingAddress = '广东省深圳市南山区科技园'), (r.entity.remark = '此地址已是最详细地址'))), 'V-REM-04')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.mailingAddress = '')), 'V-REM-04')).toEqual([]);
  });
});

describe('V-REM-05 个体工商户', () => {
  const soleTrader = (name: string, remark: string) => individual((r) => ((r.entity.name = name), (r.entity.remark = remark)));
  const GOOD_REMARK = '个体工商户无工商字号440301103456789';

  it('filed as 个人 without 字号: the name “经营者姓名（个体工商户）”', () => {
    expect(ruleFindings(soleTrader('王小明（个体工商户）', GOOD_REMARK), 'V-REM-05')).toEqual([]);
    for (const name of ['王小明个体工商户', '（个体工商户）王小明', '（个体工商户）', '王小明(个体工商户)', '王小明（个体工商户）商行']) {
      const f = ruleFindings(soleTrader(name, GOOD_REMARK), 'V-REM-05');
      expect(seen(f)).toEqual([['entity.name', 'error', '无字号的个体工商户以个人备案，名称格式为“经营者姓名（个体工商户）”']]);
      expect(f[0]!.hint).toContain('张某某（个体工商户）');
    }
  });

  it('asks the 主体备注 for “个体工商户无工商字号” together with the 15-digit 注册号 or the 18-character code', () => {
    expect(ruleFindings(soleTrader('王小明（个体工商户）', '个体工商户无工商字号92440300MA5G0LXX1Q'), 'V-REM-05')).toEqual([]);
    for (const remark of ['个体工商户无工商字号', '440301103456789', '个体工商户无工商字号，注册号123', '个体工商户无工商字号44030110345678', '']) {
      const f = ruleFindings(soleTrader('王小明（个体工商户）', remark), 'V-REM-05');
      expect(seen(f)).toEqual([['entity.remark', 'error', '主体备注须写“个体工商户无工商字号”及营业执照注册号']]);
      expect(f[0]!.hint).toContain('注册号');
    }
  });

  it('says nothing to a person who is no 个体工商户', () => {
    expect(ruleFindings(individual(), 'V-REM-05')).toEqual([]);
  });

  it('tells a 企业 whose code starts with 92 (个体工商户) about the “个体工商户无公章” remark', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.certNumber = '92440300MA5G0LXX1Q')), 'V-REM-05');
    expect(seen(f)).toEqual([['entity.remark', 'info', '统一社会信用代码以 92 开头，是个体工商户：如无公章，主体备注须写“个体工商户无公章”']]);
    expect(f[0]!.hint).toBe('有公章则无需备注');
    expect(ruleFindings(enterprise((r) => ((r.entity.certNumber = '92440300MA5G0LXX1Q'), (r.entity.remark = '个体工商户无公章'))), 'V-REM-05')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.certNumber = '91440300MA5G0L9292')), 'V-REM-05')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.certNumber = '92440300MA5G0LXX1Q')), 'V-REM-05')).toEqual([]);
  });
});

describe('V-REM-06 the provinces’ own 网站备注 for personal sites', () => {
  /** A shorter wording providers' forms give: every clause the 管局 looks for is in it. */
  const PLEDGE = '本网站是个人网站，不含有企业、单位等非个人网站的信息，如有违反，愿接受注销网站，并将主体和域名加入黑名单的处罚。';
  const FULL_PLEDGE = '本网站是个人网站，不含有企业、单位等非个人网站的信息，若在核实中发现网站中含有企业、单位等信息，本人愿接受以虚假信息进行备案，注销网站，并将主体和域名加入黑名单的处罚。';

  it('asks 天津 and 广西 for the pledge, showing its full text to copy', () => {
    for (const [province, short] of [['天津市', '天津'], ['广西壮族自治区', '广西']]) {
      const f = ruleFindings(individual((r) => (r.entity.province = province)), 'V-REM-06');
      expect(seen(f)).toEqual([['websites.0.remark', 'error', `${short}个人网站的备注须包含管局的承诺全文，现缺少“本网站是个人网站”“不含有企业、单位等非个人网站的信息”“注销网站”“加入黑名单”。承诺全文：“${FULL_PLEDGE}”`]]);
      expect(f[0]!.hint).toBe('把承诺全文复制到网站备注中，再接着写网站的具体内容');
      expect(ruleFindings(individual((r) => ((r.entity.province = province), (r.websites[0].remark = PLEDGE))), 'V-REM-06')).toEqual([]);
      expect(ruleFindings(individual((r) => ((r.entity.province = province), (r.websites[0].remark = `${FULL_PLEDGE}网站开通后主要发布本人拍摄的风光摄影作品。`))), 'V-REM-06')).toEqual([]);
    }
  });

  // §3.3 V-REM-06: the pledge runs “本网站是个人网站，不含有企业、单位等非个人网站的信息…愿接受…注销网站，并将主体和域名加入黑名单的处罚。”
  it.each(['天津市', '广西壮族自治区'])('%s: a remark with the first clause only is not the pledge, and names the clauses it lacks', (province) => {
    const f = ruleFindings(individual((r) => ((r.entity.province = province), (r.websites[0].remark = '本网站是个人网站，开通后主要发布本人拍摄的风光摄影作品'))), 'V-REM-06');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('现缺少“不含有企业、单位等非个人网站的信息”“注销网站”“加入黑名单”');
    const noBlacklist = ruleFindings(individual((r) => ((r.entity.province = province), (r.websites[0].remark = '本网站是个人网站，不含有企业、单位等非个人网站的信息，如有违反愿接受注销网站的处罚。'))), 'V-REM-06');
    expect(noBlacklist[0]!.message).toContain('现缺少“加入黑名单”');
    // a line break or spaces a copy brings in do not break a clause
    expect(ruleFindings(individual((r) => ((r.entity.province = province), (r.websites[0].remark = PLEDGE.replace('，不含有', '，\n不含有 ')))), 'V-REM-06')).toEqual([]);
  });

  it('asks 江苏 for its sentence, as a warning', () => {
    const f = ruleFindings(individual((r) => (r.entity.province = '江苏省')), 'V-REM-06');
    expect(seen(f)).toEqual([['websites.0.remark', 'warning', '江苏个人网站备注格式：“本网站为个人网站，做XXX使用，网站开通后主要内容为XXX。”']]);
    expect(f[0]!.hint).toBe('按此句式改写网站备注');
    expect(ruleFindings(individual((r) => ((r.entity.province = '江苏省'), (r.websites[0].remark = '本网站为个人网站，做摄影作品展示使用，网站开通后主要内容为风光摄影。'))), 'V-REM-06')).toEqual([]);
  });

  it('asks nothing elsewhere, of a record without a known province, or of a unit in 天津', () => {
    expect(ruleFindings(individual(), 'V-REM-06')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.province = '')), 'V-REM-06')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '天津市'), (r.websites[0].remark = ''))), 'V-REM-06')).toEqual([]);
  });
});
