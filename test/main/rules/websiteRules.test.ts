// §3.4 websites, homepage URLs and domains, §3.5 website names (V-DOM-*, V-URL-*, V-NAME-*), case by case.
// Suffix lists, province rules and provider limits as shared/docs/domain.md §3.4–§3.5 and §4 give them
// (Tencent: www., ≤ 10 websites per order, ≤ 10 domains per website; 重庆/四川 one domain per website).
import { describe, expect, it } from 'vitest';
import { wwwHomepageFor } from '../../../main/rules/websiteRules';
import type { StoreLookup } from '../../../main/rules/types';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

const SITE = '网站“示例000001官网”';
const site = (apply: (w: AnyRecord, r: AnyRecord) => void, base = enterprise) => base((r) => apply(r.websites[0], r));
const withDomains = (domains: string[], base = enterprise) => site((w) => ((w.domains = domains), (w.homepages = [])), base);
const named = (name: string, base = enterprise) => site((w) => (w.name = name), base);

describe('the www. homepage proposed for a site', () => {
  it('is www. plus the listed domain the typed host belongs to, as listed (trimmed, lower case)', () => {
    const w = { domains: ['other.cn', ' Shili.CN '] };
    expect(wwwHomepageFor(w, 'shili.cn')).toBe('www.shili.cn');
    expect(wwwHomepageFor(w, 'http://blog.shili.cn/about')).toBe('www.shili.cn');
    expect(wwwHomepageFor(w, 'other.cn')).toBe('www.other.cn');
  });

  it('falls back to the first valid domain, and is none without one', () => {
    expect(wwwHomepageFor({ domains: ['bad domain', 'other.cn', 'shili.cn'] }, 'xshili.cn')).toBe('www.other.cn');
    expect(wwwHomepageFor({ domains: ['other.cn'] }, '')).toBe('www.other.cn');
    expect(wwwHomepageFor({ domains: ['bad domain', ''] }, 'shili.cn')).toBeNull();
  });
});

describe('V-DOM-00 domain syntax', () => {
  it('names a domain that is none, and one not yet typed by its place', () => {
    const f = ruleFindings(withDomains(['shili.cn', 'bad domain.cn', '', '  ']), 'V-DOM-00');
    expect(seen(f)).toEqual([
      ['websites.0.domains.1', 'error', '“bad domain.cn”不是有效的域名'],
      ['websites.0.domains.2', 'error', `${SITE}的第 3 个域名未填写`],
      ['websites.0.domains.3', 'error', `${SITE}的第 4 个域名未填写`],
    ]);
    expect(f[0]!.hint).toContain('不带 http://');
  });
});

describe('V-URL-01 homepages within the listed domains', () => {
  it('names a homepage not typed, one that is no URL, and one outside the domains', () => {
    const f = ruleFindings(site((w) => (w.homepages = ['www.shili000001.cn', '', ' ', 'http://bad host', 'www.other.cn'])), 'V-URL-01');
    expect(seen(f)).toEqual([
      ['websites.0.homepages.1', 'error', `${SITE}的第 2 个首页URL未填写`],
      ['websites.0.homepages.2', 'error', `${SITE}的第 3 个首页URL未填写`],
      ['websites.0.homepages.3', 'error', '首页URL“http://bad host”格式不正确'],
      ['websites.0.homepages.4', 'error', `首页URL“www.other.cn”不在${SITE}的域名列表中`],
    ]);
    expect(f[0]!.hint).toBe('如 www.example.cn');
    expect(f[3]!.hint).toBe('首页须为所填域名或其 www. 形式：shili000001.cn、shili000001.com.cn');
  });

  it('accepts www. and the domain only: not another prefix of the same length, not a deeper sub-domain', () => {
    const f = ruleFindings(site((w) => ((w.domains = ['a.cn']), (w.homepages = ['www.a.cn', 'abc.a.cn', 'www.x.a.cn', 'wwwxa.cn', 'a.cn']))), 'V-URL-01');
    expect(seen(f).map((x) => x[0])).toEqual(['websites.0.homepages.1', 'websites.0.homepages.2', 'websites.0.homepages.3']);
  });

  it('accepts a listed domain with or without www.', () => {
    expect(ruleFindings(site((w) => (w.homepages = ['shili000001.com.cn', 'https://www.shili000001.cn/index.html'])), 'V-URL-01')).toEqual([]);
  });
});

describe('V-URL-02 腾讯云: homepages start with www.', () => {
  const atTencent = (homepages: string[], domains?: string[]) => site((w, r) => ((r.filing.provider = 'tencent'), (w.homepages = homepages), domains && (w.domains = domains)));

  it('proposes the www. form of the listed domain', () => {
    const f = ruleFindings(atTencent(['shili000001.cn', '', '  ', 'www.shili000001.cn']), 'V-URL-02');
    expect(seen(f)).toEqual([['websites.0.homepages.0', 'error', '腾讯云要求首页URL以 www. 开头：“shili000001.cn”']]);
    expect(f[0]!.hint).toBe('改为 www.shili000001.cn');
  });

  it('asks for a domain first when none is valid, and takes a malformed homepage as one without www.', () => {
    expect(ruleFindings(atTencent(['http://bad host'], ['bad domain']), 'V-URL-02').map((f) => f.hint)).toEqual(['先填写网站域名，首页URL为 www. 加其中一个域名']);
  });

  it('asks nothing at a provider without the rule', () => {
    expect(ruleFindings(site((w) => (w.homepages = ['shili000001.cn'])), 'V-URL-02')).toEqual([]);
  });
});

describe('V-DOM-01/02/03 reminders about every site’s domains', () => {
  it('V-DOM-01: the validity, 3 months in 河南', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '河南省')), 'V-DOM-01');
    expect(seen(f)).toEqual([['websites', 'info', '河南要求域名有效期在 3 个月以上']]);
    expect(f[0]!.hint).toContain('续费');
    expect(seen(ruleFindings(enterprise(), 'V-DOM-01'))).toEqual([['websites', 'info', '域名须在注册有效期内']]);
    expect(ruleFindings(enterprise((r) => (r.websites = [])), 'V-DOM-01')).toEqual([]);
  });

  it('V-DOM-02: suffix and registrar approved by 工信部', () => {
    const f = ruleFindings(enterprise(), 'V-DOM-02');
    expect(seen(f)).toEqual([['websites', 'info', '域名的后缀和注册服务机构都须经工信部批准']]);
    expect(f[0]!.hint).toContain('境外注册商');
  });

  it('V-DOM-03: real-name holder, the person or the unit', () => {
    expect(seen(ruleFindings(individual(), 'V-DOM-03'))).toEqual([['websites', 'info', '域名须已实名认证，持有者须为主办人本人']]);
    const f = ruleFindings(enterprise(), 'V-DOM-03');
    expect(seen(f)).toEqual([['websites', 'info', '域名须已实名认证，持有者须为本单位（或其股东、负责人、高管）']]);
    expect(f[0]!.hint).toContain('证件类型');
  });
});

describe('V-DOM-04..07 suffixes and sub-domains', () => {
  it('V-DOM-05: a suffix on none of the lists', () => {
    const f = ruleFindings(withDomains(['shili.xyz', 'shili.cn', 'bad domain.xyz']), 'V-DOM-05');
    expect(seen(f)).toEqual([['websites.0.domains.0', 'warning', '域名后缀“.xyz”不在常见可备案后缀之列']]);
    expect(f[0]!.hint).toContain('工信部');
  });

  it('V-DOM-04: suffixes no province files, 北京’s own list and 国别 suffixes, 重庆 personal .org', () => {
    const f = ruleFindings(withDomains(['shili.hk']), 'V-DOM-04');
    expect(seen(f)).toEqual([['websites.0.domains.0', 'error', '“shili.hk”的后缀 .hk 不能备案']]);
    expect(f[0]!.hint).toContain('.cn');
    const beijing = ruleFindings(enterprise((r) => ((r.entity.province = '北京市'), (r.websites[0].domains = ['shili.io', 'shili.de', 'shili.cc']))), 'V-DOM-04');
    expect(seen(beijing)).toEqual([
      ['websites.0.domains.0', 'error', '北京管局不受理 .io 域名：“shili.io”'],
      ['websites.0.domains.1', 'error', '北京管局不受理国别/地区域名（.de）：“shili.de”'],
    ]);
    expect(beijing.map((x) => x.hint)).toEqual(['换用 .cn、.com 等后缀', '换用 .cn、.com 等后缀']);
    const personal = ruleFindings(individual((r) => ((r.entity.province = '重庆市'), (r.websites[0].domains = ['wxm.org']))), 'V-DOM-04');
    expect(seen(personal)).toEqual([['websites.0.domains.0', 'error', '重庆个人备案不能使用 .org 域名：“wxm.org”']]);
    expect(personal[0]!.hint).toBe('换用其他后缀');
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '重庆市'), (r.websites[0].domains = ['shili.org']))), 'V-DOM-04')).toEqual([]);
    expect(ruleFindings(withDomains(['shili.io', 'shili.de', 'shili.org']), 'V-DOM-04')).toEqual([]);
  });

  // a record stored before domainField dropped the root's dot: §3.4 V-DOM-04/05/07 read it as the domain it is
  it('V-DOM-04/05/07: a domain stored with the root’s dot is read without it', () => {
    expect(seen(ruleFindings(withDomains(['shili.hk.']), 'V-DOM-04'))).toEqual([['websites.0.domains.0', 'error', '“shili.hk.”的后缀 .hk 不能备案']]);
    const beijing = (domains: string[]) => enterprise((r) => ((r.entity.province = '北京市'), (r.websites[0].domains = domains), (r.websites[0].homepages = [])));
    expect(seen(ruleFindings(beijing(['shili.io.']), 'V-DOM-04'))).toEqual([['websites.0.domains.0', 'error', '北京管局不受理 .io 域名：“shili.io.”']]);
    expect(ruleFindings(withDomains(['shili.cn.']), 'V-DOM-05')).toEqual([]);
    expect(seen(ruleFindings(withDomains(['www.shili.cn.']), 'V-DOM-07'))).toEqual([['websites.0.domains.0', 'warning', '“www.shili.cn.”是子域名，备案应填注册的域名“shili.cn”']]);
    expect(ruleFindings(withDomains(['shili.cn.']), 'V-DOM-07')).toEqual([]);
    expect(wwwHomepageFor({ domains: ['shili.cn.'] }, '')).toBe('www.shili.cn');
  });

  it('V-DOM-06: a suffix not yet approved per Tencent’s dated list', () => {
    const f = ruleFindings(withDomains(['shili.tech']), 'V-DOM-06');
    expect(seen(f)).toEqual([['websites.0.domains.0', 'warning', '“shili.tech”的后缀 .tech 在腾讯的旧列表中尚未获批']]);
    expect(f[0]!.hint).toContain('时效');
  });

  it('V-DOM-07: a sub-domain instead of the registered domain', () => {
    const f = ruleFindings(withDomains(['www.shili.com.cn', 'Shili.CN']), 'V-DOM-07');
    expect(seen(f)).toEqual([['websites.0.domains.0', 'warning', '“www.shili.com.cn”是子域名，备案应填注册的域名“shili.com.cn”']]);
    expect(f[0]!.hint).toContain('二级域名');
  });

  it('V-DOM-07: a 事业单位 is advised to use .cn or .公益', () => {
    const f = ruleFindings(enterprise((r) => ((r.entity.nature = '事业单位'), (r.websites[0].domains = ['shili.com', 'shili.cn', 'shili.gov.cn', '示例.公益']))), 'V-DOM-07');
    expect(seen(f)).toEqual([['websites.0.domains.0', 'info', '事业单位的网站宜使用 .cn 或 .公益 域名：“shili.com”']]);
    expect(f[0]!.hint).toBe('华为云规则；非强制');
    expect(ruleFindings(withDomains(['shili.com']), 'V-DOM-07')).toEqual([]);
  });
});

describe('V-DOM-08/09 privacy protection off, site closed until filed', () => {
  it('V-DOM-08 in the provinces that ask for it', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '上海市')), 'V-DOM-08');
    expect(seen(f)).toEqual([['websites', 'warning', '上海要求备案期间关闭域名隐私保护（WHOIS 隐私）']]);
    expect(f[0]!.hint).toContain('备案完成后可再开启');
    expect(ruleFindings(enterprise(), 'V-DOM-08')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '上海市'), (r.websites = []))), 'V-DOM-08')).toEqual([]);
  });

  it('V-DOM-09 for a 首次备案 with websites', () => {
    const f = ruleFindings(enterprise(), 'V-DOM-09');
    expect(seen(f)).toEqual([['websites', 'info', '取得备案号之前，网站不能开通（域名不解析或仅显示“建设中”）']]);
    expect(f[0]!.hint).toBe('备案期间请暂停网站访问');
    expect(ruleFindings(enterprise((r) => (r.websites = [])), 'V-DOM-09')).toEqual([]);
  });
});

describe('V-DOM-10 limits per order and per website', () => {
  const sites = (n: number) => Array.from({ length: n }, (_, i) => ({ ...enterprise().websites[0], name: `示例000001官网${i + 1}`, domains: [`shili-${i}.cn`], homepages: [`www.shili-${i}.cn`] }));
  const domains = (n: number) => Array.from({ length: n }, (_, i) => `shili-${i}.cn`);

  it('腾讯云: at most 10 websites per order and 10 domains per website', () => {
    const many = ruleFindings(enterprise((r) => ((r.filing.provider = 'tencent'), (r.websites = sites(11)))), 'V-DOM-10');
    expect(seen(many)).toEqual([['websites', 'error', '腾讯云每个备案订单最多 10 个网站（当前 11 个）']]);
    expect(many[0]!.hint).toBe('分成多个订单依次提交');
    expect(ruleFindings(enterprise((r) => ((r.filing.provider = 'tencent'), (r.websites = sites(10)))), 'V-DOM-10')).toEqual([]);
    const wide = ruleFindings(site((w, r) => ((r.filing.provider = 'tencent'), (w.domains = domains(11)))), 'V-DOM-10');
    expect(seen(wide)).toEqual([['websites.0.domains', 'error', `腾讯云每个网站最多 10 个域名（${SITE}有 11 个）`]]);
    expect(wide[0]!.hint).toBe('拆分为多个网站');
    expect(ruleFindings(site((w, r) => ((r.filing.provider = 'tencent'), (w.domains = domains(10)))), 'V-DOM-10')).toEqual([]);
  });

  it('no limit at a provider without one', () => {
    expect(ruleFindings(enterprise((r) => ((r.websites = sites(11)), (r.websites[0].domains = domains(11)))), 'V-DOM-10')).toEqual([]);
  });

  it('重庆 and 四川: one domain per website; 四川: one homepage', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '重庆市')), 'V-DOM-10');
    expect(seen(f)).toEqual([['websites.0.domains', 'error', `重庆管局要求一个网站只填一个域名（${SITE}有 2 个）`]]);
    expect(f[0]!.hint).toBe('每个域名建一个网站');
    const sichuan = ruleFindings(site((w, r) => ((r.entity.province = '四川省'), (w.domains = ['shili000001.cn']), (w.homepages = ['www.shili000001.cn', 'shili000001.cn']))), 'V-DOM-10');
    expect(seen(sichuan)).toEqual([['websites.0.homepages', 'error', '四川管局要求一个网站只填一个首页URL']]);
    expect(sichuan[0]!.hint).toBe('只保留一个首页URL');
    expect(ruleFindings(site((w, r) => ((r.entity.province = '四川省'), (w.domains = ['shili000001.cn']))), 'V-DOM-10')).toEqual([]);
    expect(ruleFindings(site((w) => (w.homepages = ['www.shili000001.cn', 'shili000001.cn'])), 'V-DOM-10')).toEqual([]);
  });

  // §4 广西 “different prefixes → different sites” (2017: 不同前缀的域名…都须分为不同网站办理备案): a remark does not do
  it('广西: one prefix per website, whatever the remark says; one prefix under several suffixes is one', () => {
    const twoPrefixes = (remark: string) => site((w, r) => ((r.entity.province = '广西壮族自治区'), (w.domains = ['shili-a.cn', 'shili-b.com', 'shili-a.com']), (w.homepages = ['www.shili-a.cn']), (w.remark = remark)));
    for (const remark of ['', '域名指向同一网站']) {
      const f = ruleFindings(twoPrefixes(remark), 'V-DOM-10');
      expect(seen(f)).toEqual([['websites.0.domains', 'error', `广西管局要求不同前缀的域名分为不同网站备案：${SITE}的域名有 2 个前缀（shili-a、shili-b）`]]);
      expect(f[0]!.hint).toBe('每个前缀建一个网站；前缀相同、后缀不同的域名（如 shili.cn 与 shili.com）可留在同一网站');
    }
    expect(ruleFindings(enterprise((r) => (r.entity.province = '广西壮族自治区')), 'V-DOM-10')).toEqual([]);
    expect(ruleFindings(site((w, r) => ((r.entity.province = '广东省'), (w.domains = ['shili-a.cn', 'shili-b.com']), (w.homepages = ['www.shili-a.cn']))), 'V-DOM-10')).toEqual([]);
  });

  // a blank or mistyped domain row is V-DOM-00's to name, not a prefix of its own (“2 个前缀（shili、）”)
  it('广西: counts no prefix of a blank or invalid domain row', () => {
    for (const other of ['', 'bad domain']) {
      expect(ruleFindings(site((w, r) => ((r.entity.province = '广西壮族自治区'), (w.domains = ['shili.cn', other]), (w.homepages = ['www.shili.cn']))), 'V-DOM-10')).toEqual([]);
    }
    const f = ruleFindings(site((w, r) => ((r.entity.province = '广西壮族自治区'), (w.domains = ['shili-a.cn', '', 'shili-b.cn']), (w.homepages = ['www.shili-a.cn']))), 'V-DOM-10');
    expect(seen(f)).toEqual([['websites.0.domains', 'error', `广西管局要求不同前缀的域名分为不同网站备案：${SITE}的域名有 2 个前缀（shili-a、shili-b）`]]);
  });
});

describe('V-DOM-11 one domain, one client', () => {
  it('asks the store for the valid domains in punycode and names the other client', () => {
    const asked: string[][] = [];
    const store: StoreLookup = {
      domainOwners: (d) => (asked.push(d), [{ domain: 'xn--fiq228c.xn--fiqs8s', entityId: 7, name: '另一家公司' }]),
      filedProviders: () => [],
    };
    const f = ruleFindings(withDomains(['shili.cn', 'bad domain', '中文.中国']), 'V-DOM-11', { store });
    expect(asked).toEqual([['shili.cn', 'xn--fiq228c.xn--fiqs8s']]);
    expect(seen(f)).toEqual([['websites.0.domains.2', 'error', '域名“中文.中国”已登记在客户“另一家公司”（编号 7）名下']]);
    expect(f[0]!.hint).toContain('同一域名只能由一个主体备案');
  });
});

describe('V-NAME-01..04 website names', () => {
  it('V-NAME-01: at least three characters, “() -” and spaces not counted', () => {
    expect(seen(ruleFindings(named(' 官网 '), 'V-NAME-01'))).toEqual([['websites.0.name', 'error', '网站名称“官网”少于 3 个字']]);
    expect(seen(ruleFindings(named('A (B)'), 'V-NAME-01'))).toEqual([['websites.0.name', 'error', '网站名称“A (B)”少于 3 个字']]);
    const empty = ruleFindings(named('  '), 'V-NAME-01');
    expect(seen(empty)).toEqual([['websites.0.name', 'error', '网站1还没有填写网站名称']]);
    expect(empty[0]!.hint).toContain('4 个汉字');
    expect(ruleFindings(named('示例站'), 'V-NAME-01')).toEqual([]);
  });

  it('V-NAME-02: not digits only, not Latin only, no symbols, no sensitive words', () => {
    const one = (name: string) => ruleFindings(named(name), 'V-NAME-02');
    const digits = one(' 12345 ');
    expect(seen(digits)).toEqual([['websites.0.name', 'error', '网站名称“12345”不能是纯数字']]);
    expect(digits[0]!.hint).toBe('用能说明网站内容的中文名称');
    const latin = one('Shili Blog');
    expect(seen(latin)).toEqual([['websites.0.name', 'error', '网站名称“Shili Blog”不能是纯英文']]);
    expect(latin[0]!.hint).toContain('英文部分');
    const symbol = one('示例★官网');
    expect(seen(symbol)).toEqual([['websites.0.name', 'error', '网站名称含特殊符号“★”']]);
    expect(symbol[0]!.hint).toBe('只允许文字、数字和“() -”');
    const word = one('反腐示例网');
    expect(seen(word)).toEqual([['websites.0.name', 'error', '网站名称含敏感词“反腐”']]);
    expect(word[0]!.hint).toBe('更换名称');
    expect(one('示例 官网（测试）-2')).toEqual([]);
  });

  it('V-NAME-03: no 中国/中华… in front for a unit that is not of the state, a warning inside', () => {
    const f = ruleFindings(named(' 中国示例网'), 'V-NAME-03');
    expect(seen(f)).toEqual([['websites.0.name', 'error', '网站名称不能以“中国”开头']]);
    expect(f[0]!.hint).toContain('中华');
    const inside = ruleFindings(named('示例中华文化网'), 'V-NAME-03');
    expect(seen(inside)).toEqual([['websites.0.name', 'warning', '网站名称含“中华”']]);
    expect(inside[0]!.hint).toContain('不能包含');
    expect(ruleFindings(enterprise((r) => ((r.entity.name = '深圳市中华示例有限公司'), (r.websites[0].name = '示例中华文化网'))), 'V-NAME-03')).toEqual([]);
    for (const nature of ['政府机关', '国防机构']) {
      expect(ruleFindings(enterprise((r) => ((r.entity.nature = nature), (r.websites[0].name = '中国示例网'))), 'V-NAME-03')).toEqual([]);
    }
  });

  it('V-NAME-04: not the domain itself', () => {
    for (const name of [' shili000001.cn ', 'SHILI000001']) {
      const f = ruleFindings(named(name), 'V-NAME-04');
      expect(seen(f)).toEqual([['websites.0.name', 'error', `网站名称不能直接用域名“${name.trim()}”`]]);
      expect(f[0]!.hint).toBe('用说明网站内容的中文名称');
    }
  });

  it('V-NAME-04: the whole first label only, not a label it begins, nor another label as long', () => {
    for (const name of ['shili', 'shili0000', 'xxxxxxxxxxx']) expect([name, ruleFindings(named(name), 'V-NAME-04')]).toEqual([name, []]);
    expect(seen(ruleFindings(named('shili000001'), 'V-NAME-04'))).toHaveLength(1);
  });

  it('V-NAME-04: a personal site not only a person’s name', () => {
    const twoPeople = (name: string) =>
      individual((r) => {
        r.people.push({ ...r.people[0], id: 'p2', name: '李四', certNumber: '', mobile: '13900139000', email: 'ls@example.cn' });
        r.websites[0].name = name;
      });
    const f = ruleFindings(twoPeople(' 李四 '), 'V-NAME-04');
    expect(seen(f)).toEqual([['websites.0.name', 'error', '个人网站的名称不能只是人名']]);
    expect(f[0]!.hint).toBe('如“张三的摄影博客”');
    expect(ruleFindings(twoPeople('李四的博客'), 'V-NAME-04')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.websites[0].name = r.people[0].name)), 'V-NAME-04')).toEqual([]);
  });
});

describe('V-NAME-05..11 website names by kind of filing and content', () => {
  it('V-NAME-05: enterprise words in a personal site’s name, the seven strict ones as errors', () => {
    const strict = ruleFindings(named('王小明的公司', individual), 'V-NAME-05');
    expect(seen(strict)).toEqual([['websites.0.name', 'error', '个人网站名称不能含“公司”']]);
    expect(strict[0]!.hint).toContain('个人主页');
    const soft = ruleFindings(named('王小明的设计', individual), 'V-NAME-05');
    expect(seen(soft)).toEqual([['websites.0.name', 'warning', '个人网站名称含“设计”，常被管局退回']]);
    expect(soft[0]!.hint).toContain('非官方');
    expect(ruleFindings(individual(), 'V-NAME-05')).toEqual([]);
  });

  it('V-NAME-06: a name that implies a 前置审批 asks for it, once per site', () => {
    const f = ruleFindings(named('示例新闻出版网'), 'V-NAME-06');
    expect(seen(f)).toEqual([['websites.0.name', 'warning', '网站名称含“新闻”，须有“新闻”前置审批']]);
    expect(f[0]!.hint).toContain('勾选前置审批');
    expect(seen(ruleFindings(site((w) => ((w.name = '示例新闻出版网'), (w.preApprovals = ['新闻']))), 'V-NAME-06'))).toEqual([['websites.0.name', 'warning', '网站名称含“出版”，须有“出版”前置审批']]);
  });

  it('V-NAME-07: 江苏 personal names end in 的个人博客 or 的个人主页', () => {
    const f = ruleFindings(individual((r) => (r.entity.province = '江苏省')), 'V-NAME-07');
    expect(seen(f)).toEqual([['websites.0.name', 'error', '江苏个人网站名称只能是“xx的个人博客”或“xx的个人主页”']]);
    expect(f[0]!.hint).toBe('如“王小明的个人博客”');
    expect(ruleFindings(individual((r) => ((r.entity.province = '江苏省'), (r.entity.name = ''))), 'V-NAME-07')[0]!.hint).toBe('如“张三的个人博客”');
    expect(ruleFindings(individual((r) => ((r.entity.province = '江苏省'), (r.websites[0].name = '王小明的个人主页'))), 'V-NAME-07')).toEqual([]);
    expect(ruleFindings(individual((r) => (r.entity.province = '')), 'V-NAME-07')).toEqual([]);
  });

  it('V-NAME-08: a unit’s site name related to its name (two characters in common)', () => {
    const f = ruleFindings(named('星河云产品介绍'), 'V-NAME-08');
    expect(seen(f)).toEqual([['websites.0.name', 'info', '网站名称“星河云产品介绍”与主办单位名称看不出关联']]);
    expect(f[0]!.hint).toContain('广东单位宣传网站');
    for (const province of ['北京市', '']) {
      expect(ruleFindings(enterprise((r) => ((r.entity.province = province), (r.websites[0].name = '星河云产品介绍'))), 'V-NAME-08')[0]!.hint).toBe('建议使用单位全称或简称');
    }
    // the last two characters before 有限公司 count too; the legal form does not
    expect(ruleFindings(named('科技之窗'), 'V-NAME-08')).toEqual([]);
    expect(ruleFindings(named('有限公司之窗'), 'V-NAME-08')).toHaveLength(1);
    expect(ruleFindings(named('  '), 'V-NAME-08')).toEqual([]);
  });

  it('V-NAME-09: a personal site with a 前置审批 or a service only units may offer', () => {
    const f = ruleFindings(site((w) => (w.preApprovals = ['新闻']), individual), 'V-NAME-09');
    expect(seen(f)).toEqual([['websites.0.preApprovals', 'error', '个人网站不能涉及前置审批内容']]);
    expect(f[0]!.hint).toContain('单位备案');
    for (const content of ['网络新闻', '网上银行', '网上支付', '网络借贷信息中介', '互联网股权融资', '互联网保险', '互联网跨界金融及资产管理', '网上非银支付', '网络游戏', '网络影视']) {
      const g = ruleFindings(site((w) => (w.serviceContent = content), individual), 'V-NAME-09');
      expect(seen(g)).toEqual([['websites.0.serviceContent', 'error', `个人网站的服务内容不能是“${content}”`]]);
      expect(g[0]!.hint).toBe('个人网站一般选“博客/个人空间”');
    }
    expect(ruleFindings(site((w) => (w.serviceContent = '网络音乐'), individual), 'V-NAME-09')).toEqual([]);
  });

  it('V-NAME-10: no superlatives, unless the unit’s own name has them', () => {
    const f = ruleFindings(named('示例第一站'), 'V-NAME-10');
    expect(seen(f)).toEqual([['websites.0.name', 'error', '网站“示例第一站”的名称含绝对化用语“第一”']]);
    expect(f[0]!.hint).toContain('夸大用语');
    expect(ruleFindings(enterprise((r) => ((r.entity.name = '深圳市第一示例学校'), (r.websites[0].name = '示例第一站'))), 'V-NAME-10')).toEqual([]);
  });

  it('V-NAME-11: no gambling or lottery words', () => {
    const f = ruleFindings(named('示例彩票站'), 'V-NAME-11');
    expect(seen(f)).toEqual([['websites.0.name', 'error', '网站“示例彩票站”的名称含“彩票”，涉及赌博或彩票，不能备案']]);
    expect(f[0]!.hint).toContain('财政部门');
  });
});
