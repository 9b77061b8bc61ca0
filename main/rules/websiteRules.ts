// §3.4 Websites, homepage URLs and domains; §3.5 website names.
import { homepageHost, toAsciiDomain } from '../domain/identifiers';
import { providerFilingLimits, providerProfile } from '../providers/profiles';
import { countryCodeTld, domainPrefix, eachSite, findInList, NAMES, nameLength, registrableDomain, siteLabel, tldOf, TLDS, validDomains, withoutRootDot } from './facts';
import { NONE, type DraftWebsite, type FindingDraft, type Rule } from './types';

/** V-DOM-11's reason, in its words wherever a domain under two clients is refused (the imports too). */
export const ONE_DOMAIN_ONE_SUBJECT = '同一域名只能由一个主体备案';

/**
 * A homepage with www. that V-URL-01 accepts: www. + the listed domain the typed host belongs to (or
 * the site's first valid domain), null when the site lists no valid domain.
 */
/** A host that is one of the domains (in their ASCII form) or its www. form. */
function ownsHost(domains: readonly string[], host: string): boolean {
  for (const domain of domains) {
    const d = toAsciiDomain(domain);
    // host === `www.${d}`, without the string made
    if (d && (host === d || (host.length === d.length + 4 && host.startsWith('www.') && host.endsWith(d)))) return true;
  }
  return false;
}

/** d === n or d.split('.')[0] === n (the domain's first label), without the labels made. */
function isDomainOrItsLabel(d: string, n: string): boolean {
  return d === n || (d.indexOf('.') === n.length && d.startsWith(n));
}

/** Whether the name holds any two consecutive characters (UTF-16 code units) of the entity's name. */
function sharesTwoCharacters(entity: string, name: string): boolean {
  for (let k = 0; k + 2 <= entity.length; k++) if (name.includes(entity.slice(k, k + 2))) return true;
  return false;
}

export function wwwHomepageFor(w: Pick<DraftWebsite, 'domains'>, typed: string): string | null {
  const host = homepageHost(typed);
  const listed = w.domains.map((d) => ({ d: withoutRootDot(d.trim()), ascii: toAsciiDomain(d) })).filter((x) => x.ascii);
  const own = host ? listed.find((x) => host === x.ascii || host.endsWith(`.${x.ascii}`)) : undefined;
  const pick = own ?? listed[0];
  return pick ? `www.${pick.d}` : null;
}

/**
 * The finding `fn` makes of each item (`itemsOf` a site: its domains, its homepages) of each site, at most one an item,
 * in one list; none: the shared empty list. Plain loops: check-all runs these rules over every domain and homepage of
 * every client, and most find nothing.
 */
function eachOfSites<T>(sites: readonly DraftWebsite[], itemsOf: (w: DraftWebsite) => readonly T[], fn: (item: T, wi: number, i: number, w: DraftWebsite) => FindingDraft | null): readonly FindingDraft[] {
  let out: FindingDraft[] | undefined;
  for (let wi = 0; wi < sites.length; wi++) {
    const w = sites[wi]!;
    const items = itemsOf(w);
    for (let i = 0; i < items.length; i++) {
      const f = fn(items[i]!, wi, i, w);
      if (f) (out ??= []).push(f);
    }
  }
  return out ?? NONE;
}
const domainsOf = (w: DraftWebsite) => w.domains;
const homepagesOf = (w: DraftWebsite) => w.homepages;
/** eachOfSites over the sites' domains: fn(domain, site index, domain index). */
const eachDomain = (sites: readonly DraftWebsite[], fn: (d: string, wi: number, di: number) => FindingDraft | null) => eachOfSites(sites, domainsOf, fn);

/** The word → 前置审批 hints of names.json, in its order: read once, not per website. */
const PRE_APPROVAL_HINTS = Object.entries(NAMES.siteName.preApprovalHints.map);

/** 服务内容 a personal website may not have (V-NAME-09). */
const PERSONAL_BARRED_CONTENT = ['网络新闻', '网上银行', '网上支付', '网络借贷信息中介', '互联网股权融资', '互联网保险', '互联网跨界金融及资产管理', '网上非银支付', '网络游戏', '网络影视'];

export const websiteRules: Rule[] = [
  {
    id: 'V-DOM-00',
    scope: 'domain',
    severity: 'error',
    title: '域名格式',
    source: 'RFC 1035 域名标签规则；中文域名按 IDNA（punycode）',
    devSource: 'RFC 1035 标签规则；中文域名按 IDNA（punycode）',
    check: (ctx) =>
      eachDomain(ctx.record.websites, (d, wi, di) =>
        toAsciiDomain(d) ? null : { path: ['websites', wi, 'domains', di], message: d.trim() ? `“${d}”不是有效的域名` : `${siteLabel(ctx.record.websites[wi]!, wi)}的第 ${di + 1} 个域名未填写`, hint: '只填域名本身，如 example.cn 或 中文.中国，不带 http://、路径或空格' },
      ),
  },
  {
    id: 'V-URL-01',
    scope: 'website',
    severity: 'error',
    title: '网站首页URL须属于所填域名',
    source: '腾讯云《网站备案 备案类型》产品文档（网站首页URL）',
    devSource: 'S4',
    check: (ctx) =>
      eachOfSites(ctx.record.websites, homepagesOf, (h, wi, hi, w) => {
        const host = homepageHost(h);
        if (!host) return { path: ['websites', wi, 'homepages', hi], message: h.trim() ? `首页URL“${h}”格式不正确` : `${siteLabel(w, wi)}的第 ${hi + 1} 个首页URL未填写`, hint: '如 www.example.cn' };
        return ownsHost(w.domains, host) ? null : { path: ['websites', wi, 'homepages', hi], message: `首页URL“${h}”不在${siteLabel(w, wi)}的域名列表中`, hint: `首页须为所填域名或其 www. 形式：${w.domains.join('、')}` };
      }),
  },
  {
    id: 'V-URL-02',
    scope: 'website',
    severity: 'error',
    title: '接入商要求首页URL以 www. 开头',
    source: '腾讯云《网站备案 备案类型》产品文档（腾讯云：网站首页URL以 www. 开头）',
    devSource: 'S4',
    check: (ctx) => {
      if (!providerFilingLimits(ctx.provider).homepageNeedsWww) return [];
      const provider = providerProfile(ctx.provider!).name;
      return eachOfSites(ctx.record.websites, homepagesOf, (h, wi, hi, w) => {
        if (!h.trim() || homepageHost(h)?.startsWith('www.')) return null;
        const proposal = wwwHomepageFor(w, h);
        return { path: ['websites', wi, 'homepages', hi], message: `${provider}要求首页URL以 www. 开头：“${h}”`, hint: proposal ? `改为 ${proposal}` : '先填写网站域名，首页URL为 www. 加其中一个域名' };
      });
    },
  },
  {
    id: 'V-DOM-01',
    scope: 'domain',
    severity: 'info',
    title: '域名有效期',
    source: '腾讯云《各省管局要求》（2017-06-05）（河南：域名有效期须超过 3 个月）',
    devSource: 'qcloud 各省管局要求20170605（河南：有效期须超过 3 个月）；cloud.baidu.com',
    check: (ctx) => {
      const months = ctx.province?.rules.domainValidityMonths;
      return ctx.record.websites.length
        ? [{ path: ['websites'], message: months ? `${ctx.province!.short}要求域名有效期在 ${months} 个月以上` : '域名须在注册有效期内', hint: '在域名注册商处核对到期时间，必要时先续费' }]
        : [];
    },
  },
  {
    id: 'V-DOM-02',
    scope: 'domain',
    severity: 'info',
    title: '域名后缀与注册商须经工信部批准',
    source: '腾讯云《变更备案》《接入备案》（域名后缀与注册商须经工信部批准）',
    devSource: 'S0、S3',
    check: (ctx) => (ctx.record.websites.length ? [{ path: ['websites'], message: '域名的后缀和注册服务机构都须经工信部批准', hint: '境外注册商的域名须先转入国内获批的注册商' }] : []),
  },
  {
    id: 'V-DOM-05',
    scope: 'domain',
    severity: 'warning',
    title: '后缀不在常见可备案后缀之列',
    source: '腾讯云《网站备案 备案类型》产品文档（常见可备案后缀）',
    devSource: 'S4（常见可备案后缀）',
    check: (ctx) =>
      eachDomain(ctx.record.websites, (d, wi, di) => {
        const tld = tldOf(d);
        const known = TLDS.commonlyFileable.includes(tld) || TLDS.registrySecondLevel.includes(tld.slice(1)) || TLDS.notFileable.includes(tld) || TLDS.notYetApproved.includes(tld) || countryCodeTld(tld);
        return known || !toAsciiDomain(d) ? null : { path: ['websites', wi, 'domains', di], message: `域名后缀“${tld}”不在常见可备案后缀之列`, hint: '在工信部“域名根服务器及域名注册管理机构”公示中核对该后缀是否获批' };
      }),
  },
  {
    id: 'V-DOM-03',
    scope: 'domain',
    severity: 'info',
    title: '域名须实名认证且持有者与主体一致',
    source: '腾讯云《变更备案》《接入备案》（域名实名认证，持有者与主体一致）',
    devSource: 'S0、S3',
    check: (ctx) =>
      ctx.record.websites.length
        ? [{ path: ['websites'], message: ctx.personal ? '域名须已实名认证，持有者须为主办人本人' : '域名须已实名认证，持有者须为本单位（或其股东、负责人、高管）', hint: '在注册商处核对实名信息的姓名/名称、证件类型与号码' }]
        : [],
  },
  {
    id: 'V-DOM-04',
    scope: 'domain',
    severity: 'error',
    title: '不能备案的域名后缀',
    source: '腾讯云《网站备案 备案类型》产品文档（不可备案后缀）；腾讯云《各省管局要求》（2017-06-05）、腾讯云《填写网站信息常见问题》（北京）；腾讯云《各省管局要求》（2017-06-05）（重庆个人不能备 .org）',
    devSource: 'S4（腾讯不可备案后缀）；北京：qcloud 各省管局要求20170605、填写网站信息常见问题.md；重庆个人不能备 .org',
    check: (ctx) => {
      const r = ctx.province?.rules;
      return eachDomain(ctx.record.websites, (d, wi, di) => {
        const tld = tldOf(d);
        const path = () => ['websites', wi, 'domains', di];
        if (TLDS.notFileable.includes(tld)) return { path: path(), message: `“${d}”的后缀 ${tld} 不能备案`, hint: '换用 .cn、.com 等可备案后缀的域名' };
        if (r?.bannedTlds.includes(tld)) return { path: path(), message: `${ctx.province!.short}管局不受理 ${tld} 域名：“${d}”`, hint: '换用 .cn、.com 等后缀' };
        if (r?.banCcTlds && countryCodeTld(tld)) return { path: path(), message: `${ctx.province!.short}管局不受理国别/地区域名（${tld}）：“${d}”`, hint: '换用 .cn、.com 等后缀' };
        if (ctx.personal && r?.personalBannedTlds.includes(tld)) return { path: path(), message: `${ctx.province!.short}个人备案不能使用 ${tld} 域名：“${d}”`, hint: '换用其他后缀' };
        return null;
      });
    },
  },
  {
    id: 'V-DOM-06',
    scope: 'domain',
    severity: 'warning',
    title: '后缀可能尚未获工信部批准',
    source: '腾讯云《填写网站信息常见问题》（列表有日期，批准情况会变化）',
    devSource: 'qcloud 填写网站信息常见问题.md（列表有日期，批准情况会变化）',
    check: (ctx) =>
      eachDomain(ctx.record.websites, (d, wi, di) =>
        TLDS.notYetApproved.includes(tldOf(d)) ? { path: ['websites', wi, 'domains', di], message: `“${d}”的后缀 ${tldOf(d)} 在腾讯的旧列表中尚未获批`, hint: '该列表有时效，提交前在工信部公示中确认；未获批则无法备案' } : null,
      ),
  },
  {
    id: 'V-DOM-07',
    scope: 'domain',
    severity: 'warning',
    title: '只填注册的域名，不填子域名',
    source: '腾讯云《网站备案 备案类型》产品文档（网站域名填注册的域名）；事业单位宜用 .cn/.公益：华为云备案帮助',
    devSource: 'cp.nicenic.com IDDoc=314；事业单位宜用 .cn/.公益：huaweicloud filing-rules.yml',
    check: (ctx) => {
      const sub = eachDomain(ctx.record.websites, (d, wi, di) => {
        const reg = registrableDomain(d);
        return reg && reg !== withoutRootDot(d) ? { path: ['websites', wi, 'domains', di], message: `“${d}”是子域名，备案应填注册的域名“${reg}”`, hint: '主机商分配的二级域名（如 xx.s110.pc51.com）不能备案' } : null;
      });
      if (ctx.record.entity.nature !== '事业单位') return sub;
      const suffix = eachDomain(ctx.record.websites, (d, wi, di) => (['.cn', '.公益'].some((t) => tldOf(d).endsWith(t)) ? null : { path: ['websites', wi, 'domains', di], severity: 'info', message: `事业单位的网站宜使用 .cn 或 .公益 域名：“${d}”`, hint: '华为云规则；非强制' }));
      return [...sub, ...suffix];
    },
  },
  {
    id: 'V-DOM-08',
    scope: 'domain',
    severity: 'warning',
    title: '备案期间须关闭域名隐私保护',
    source: '腾讯云《填写网站信息常见问题》',
    devSource: 'qcloud 填写网站信息常见问题.md',
    check: (ctx) => (ctx.province?.rules.privacyProtectionOff && ctx.record.websites.length ? [{ path: ['websites'], message: `${ctx.province.short}要求备案期间关闭域名隐私保护（WHOIS 隐私）`, hint: '在域名注册商处关闭隐私保护，备案完成后可再开启' }] : []),
  },
  {
    id: 'V-DOM-09',
    scope: 'website',
    severity: 'info',
    title: '取得备案号前网站须关闭',
    source: '腾讯云《网站备案 备案类型》产品文档（取得备案号前网站须关闭）',
    devSource: 'S4；qcloud FAQ',
    filingTypes: ['首次备案', '新增网站'],
    check: (ctx) => (ctx.record.websites.length ? [{ path: ['websites'], message: '取得备案号之前，网站不能开通（域名不解析或仅显示“建设中”）', hint: '备案期间请暂停网站访问' }] : []),
  },
  {
    id: 'V-DOM-10',
    scope: 'website',
    severity: 'error',
    title: '每单网站数与每站域名数上限',
    source: '腾讯云《填写网站信息常见问题》（腾讯云每单≤10 个网站、每站≤10 个域名）；腾讯云《各省管局要求》（2017-06-05）（重庆、四川：一个网站一个域名；广西：不同前缀的域名分为不同网站）',
    devSource: 'qcloud 填写网站信息常见问题.md（腾讯每单≤10 个网站、每站≤10 个域名）；重庆、四川：一个网站一个域名，广西：不同前缀须分网站（各省管局要求20170605；domain.md §4 广西 “different prefixes → different sites”）',
    check: (ctx) => {
      const out: FindingDraft[] = [];
      const limits = providerFilingLimits(ctx.provider);
      // Stryker disable next-line StringLiteral: without a provider there are no limits, and no message names one
      const provider = ctx.provider ? providerProfile(ctx.provider).name : '';
      if (limits.maxSitesPerOrder !== null && ctx.record.websites.length > limits.maxSitesPerOrder) {
        out.push({ path: ['websites'], message: `${provider}每个备案订单最多 ${limits.maxSitesPerOrder} 个网站（当前 ${ctx.record.websites.length} 个）`, hint: '分成多个订单依次提交' });
      }
      ctx.record.websites.forEach((w, i) => {
        if (limits.maxDomainsPerSite !== null && w.domains.length > limits.maxDomainsPerSite) {
          out.push({ path: ['websites', i, 'domains'], message: `${provider}每个网站最多 ${limits.maxDomainsPerSite} 个域名（${siteLabel(w, i)}有 ${w.domains.length} 个）`, hint: '拆分为多个网站' });
        }
        if (ctx.province?.rules.oneDomainPerSite && w.domains.length > 1) out.push({ path: ['websites', i, 'domains'], message: `${ctx.province.short}管局要求一个网站只填一个域名（${siteLabel(w, i)}有 ${w.domains.length} 个）`, hint: '每个域名建一个网站' });
        if (ctx.province?.rules.oneHomepagePerSite && w.homepages.length > 1) out.push({ path: ['websites', i, 'homepages'], message: `${ctx.province.short}管局要求一个网站只填一个首页URL`, hint: '只保留一个首页URL' });
        if (ctx.province?.rules.onePrefixPerSite && w.domains.length > 1) {
          const prefixes = [...new Set(validDomains(w.domains).map(domainPrefix))];
          if (prefixes.length > 1) {
            out.push({
              path: ['websites', i, 'domains'],
              message: `${ctx.province.short}管局要求不同前缀的域名分为不同网站备案：${siteLabel(w, i)}的域名有 ${prefixes.length} 个前缀（${prefixes.join('、')}）`,
              hint: '每个前缀建一个网站；前缀相同、后缀不同的域名（如 shili.cn 与 shili.com）可留在同一网站',
            });
          }
        }
      });
      return out;
    },
  },
  {
    id: 'V-DOM-11',
    scope: 'domain',
    severity: 'error',
    title: '同一域名不能出现在两个客户名下',
    source: '腾讯云《网站备案 备案类型》产品文档（首次备案按域名判定备案类型；一个域名只能备案在一个主体下）',
    devSource: '一个域名只能备案在一个主体下（S4 首次备案按域名判定备案类型）',
    check: (ctx) => {
      if (!ctx.store) return NONE;
      const ascii: string[] = [];
      for (const w of ctx.record.websites) {
        for (const d of w.domains) {
          const a = toAsciiDomain(d);
          if (a) ascii.push(a);
        }
      }
      const owners = ctx.store.domainOwners(ascii);
      // most clients: no domain held by another, nothing to match
      // Stryker disable next-line ConditionalExpression: a shortcut; no owner matches no domain either
      if (!owners.length) return NONE;
      const all = ctx.record.websites.flatMap((w, wi) => w.domains.map((d, di) => ({ ascii: toAsciiDomain(d), d, wi, di })));
      return owners.flatMap((o) =>
        all.filter((x) => x.ascii === o.domain).map((x) => ({ path: ['websites', x.wi, 'domains', x.di], message: `域名“${x.d}”已登记在客户“${o.name}”（编号 ${o.entityId}）名下`, hint: `核对域名持有者；${ONE_DOMAIN_ONE_SUBJECT}` })),
      );
    },
  },
  {
    id: 'V-NAME-01',
    scope: 'website',
    severity: 'error',
    title: '网站名称至少三个字',
    source: '腾讯云《填写网站信息常见问题》（网站名称三个字以上）；另有来源要求 4 个汉字——取 3 为硬性要求',
    devSource: '腾讯“三个字以上（含三个字）”；另有来源要求 4 个汉字——取 3 为硬性要求',
    check: (ctx) => eachSite(ctx.record.websites, (w, i) => (nameLength(w.name) < 3 ? { path: ['websites', i, 'name'], message: w.name.trim() ? `网站名称“${w.name.trim()}”少于 3 个字` : `${siteLabel(w, i)}还没有填写网站名称`, hint: '“() -”与空格不计；部分来源要求 4 个汉字，建议 4 个字以上' } : null)),
  },
  {
    id: 'V-NAME-02',
    scope: 'website',
    severity: 'error',
    title: '网站名称不能是纯数字、纯英文，不能含特殊符号或敏感词',
    source: '腾讯云《填写网站信息常见问题》（不能是纯数字、纯字母，不能含特殊符号与敏感词）',
    devSource: 'qcloud 填写网站信息常见问题.md；bkzhishi.com/sh/1644.html',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        const path = () => ['websites', i, 'name'];
        const n = w.name.trim();
        const { pureDigits, pureLatin, sensitive } = NAMES.siteName;
        if (!n) return null;
        if (findInList(pureDigits, n)) return { path: path(), message: `网站名称“${n}”不能是纯数字`, hint: '用能说明网站内容的中文名称', source: pureDigits.source };
        if (findInList(pureLatin, n)) return { path: path(), message: `网站名称“${n}”不能是纯英文`, hint: '用能说明网站内容的中文名称，可保留品牌的英文部分', source: pureLatin.source };
        const symbol = n.match(/[^\p{L}\p{N}()（）\s-]/u);
        if (symbol) return { path: path(), message: `网站名称含特殊符号“${symbol[0]}”`, hint: '只允许文字、数字和“() -”' };
        const bad = findInList(sensitive, n);
        return bad ? { path: path(), message: `网站名称含敏感词“${bad}”`, hint: '更换名称', source: sensitive.source } : null;
      }),
  },
  {
    id: 'V-NAME-03',
    scope: 'website',
    severity: 'error',
    title: '非国家机构的网站名称不能用“中国/中华/国家/全国”等冠名',
    source: '腾讯云《填写网站信息常见问题》（非国家机构不能以“中国、中华、国家”等冠名）',
    devSource: 'qcloud FAQ；bkzhishi.com；xiayuyun.com/zonghe/370392.html',
    check: (ctx) => {
      if (ctx.record.entity.nature === '政府机关' || ctx.record.entity.nature === '国防机构') return NONE;
      const words = NAMES.siteName.national.words ?? [];
      return eachSite(ctx.record.websites, (w, i) => {
        const n = w.name.trim();
        const prefix = words.find((x) => n.startsWith(x));
        if (prefix) return { path: ['websites', i, 'name'], message: `网站名称不能以“${prefix}”开头`, hint: '非国家级单位不能使用中国、中华、中央、国家、全国、人民等冠名' };
        // Both providers' texts say 不能包含 / 禁止出现, not only as a prefix: the stricter reading warns.
        const inside = words.find((x) => n.includes(x) && !ctx.record.entity.name.includes(x));
        return inside
          ? { path: ['websites', i, 'name'], severity: 'warning', message: `网站名称含“${inside}”`, hint: '腾讯云、青云的命名规则写的是“不能包含”，不只是开头：稳妥起见去掉该词，单位名称本身含该词的除外' }
          : null;
      });
    },
  },
  {
    id: 'V-NAME-04',
    scope: 'website',
    severity: 'error',
    title: '网站名称不能是域名本身或个人姓名',
    source: '腾讯云《填写网站信息常见问题》（不能是域名或个人姓名）',
    devSource: 'qcloud FAQ；bkzhishi.com',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        const n = w.name.trim().toLowerCase();
        if (!n) return null;
        if (w.domains.some((d) => isDomainOrItsLabel(d.toLowerCase(), n))) return { path: ['websites', i, 'name'], message: `网站名称不能直接用域名“${w.name.trim()}”`, hint: '用说明网站内容的中文名称' };
        if (ctx.personal && ctx.record.people.some((p) => p.name && p.name === w.name.trim())) return { path: ['websites', i, 'name'], message: '个人网站的名称不能只是人名', hint: '如“张三的摄影博客”' };
        return null;
      }),
  },
  {
    id: 'V-NAME-05',
    scope: 'website',
    severity: 'warning',
    title: '个人网站名称不能含企业、机构类词语',
    source: '备案代理整理的个人网站限用词（非官方）；腾讯云《网站备案 备案类型》产品文档示例含“xxx的工作室”——除 公司/企业/官网/门户/论坛/商城/平台 外按警告处理',
    devSource: 'bkzhishi.com、xiayuyun.com 限用词（非官方）；腾讯示例含“xxx的工作室”——除 公司/企业/官网/门户/论坛/商城/平台 外按警告处理',
    natures: 'personal',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        const { personalForbiddenStrict, personalForbiddenWarn } = NAMES.siteName;
        const strict = findInList(personalForbiddenStrict, w.name);
        if (strict) return { path: ['websites', i, 'name'], severity: 'error', message: `个人网站名称不能含“${strict}”`, hint: '个人网站宜用“xx的博客”“xx的个人主页”等', source: personalForbiddenStrict.source };
        const soft = findInList(personalForbiddenWarn, w.name);
        return soft ? { path: ['websites', i, 'name'], message: `个人网站名称含“${soft}”，常被管局退回`, hint: '该词来自第三方整理的限用词，非官方；稳妥起见换个名称', source: personalForbiddenWarn.source } : null;
      }),
  },
  {
    id: 'V-NAME-06',
    scope: 'website',
    severity: 'warning',
    title: '名称涉及前置审批内容须有对应审批',
    source: '腾讯云《前置审批和其他》；备案代理整理的前置审批用词（非官方）',
    devSource: 'xiayuyun.com；fkw.com',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        // the first word of the list (in its order) the name holds without its 前置审批 ticked
        const hit = PRE_APPROVAL_HINTS.find(([word, type]) => w.name.includes(word) && !w.preApprovals.includes(type));
        return hit ? { path: ['websites', i, 'name'], message: `网站名称含“${hit[0]}”，须有“${hit[1]}”前置审批`, hint: '取得审批后勾选前置审批并上传文件，或更换名称' } : null;
      }),
  },
  {
    id: 'V-NAME-07',
    scope: 'website',
    severity: 'error',
    title: '江苏个人网站名称只能是“xx的个人博客/个人主页”',
    source: '腾讯云《各省管局要求》（2017-06-05）（江苏）',
    devSource: 'qcloud 各省管局要求20170605',
    natures: 'personal',
    check: (ctx) => {
      const names = ctx.province?.rules.personalSiteNames;
      if (!names) return NONE;
      return eachSite(ctx.record.websites, (w, i) => (names.some((s) => w.name.endsWith(s)) ? null : { path: ['websites', i, 'name'], message: `${ctx.province!.short}个人网站名称只能是“xx的个人博客”或“xx的个人主页”`, hint: `如“${ctx.record.entity.name || '张三'}的个人博客”` }));
    },
  },
  {
    id: 'V-NAME-08',
    scope: 'website',
    severity: 'info',
    title: '单位网站名称宜与主办单位相关',
    source: '腾讯云《填写网站信息常见问题》（网站名称宜与主办单位相关）',
    devSource: 'qcloud FAQ；fkw.com（广东单位宣传站“XX公司门户网站/官网”）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity.name.replace(/(有限责任公司|股份有限公司|有限公司|公司)$/, '');
      return eachSite(ctx.record.websites, (w, i) => (!w.name.trim() || sharesTwoCharacters(e, w.name) ? null : { path: ['websites', i, 'name'], message: `网站名称“${w.name}”与主办单位名称看不出关联`, hint: ctx.province?.name === '广东省' ? '广东单位宣传网站常用“XX公司门户网站”或“XX公司官网”' : '建议使用单位全称或简称' }));
    },
  },
  {
    id: 'V-NAME-09',
    scope: 'website',
    severity: 'error',
    title: '个人网站不能涉及论坛或前置审批内容',
    source: '腾讯云《填写网站信息常见问题》；腾讯云《前置审批和其他》（个人无法取得前置审批）',
    devSource: 'qcloud 填写网站信息常见问题.md；前置审批和其他.md（个人无法取得前置审批）',
    natures: 'personal',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        if (w.preApprovals.length) return { path: ['websites', i, 'preApprovals'], message: '个人网站不能涉及前置审批内容', hint: '个人无法取得前置审批；如确需经营此类内容，应以单位备案' };
        if (PERSONAL_BARRED_CONTENT.includes(w.serviceContent)) {
          return { path: ['websites', i, 'serviceContent'], message: `个人网站的服务内容不能是“${w.serviceContent}”`, hint: '个人网站一般选“博客/个人空间”' };
        }
        return null;
      }),
  },
  {
    id: 'V-NAME-10',
    scope: 'website',
    severity: 'error',
    title: '网站名称不能用“最好、第一、顶级”等绝对化用语',
    source: NAMES.siteName.superlatives.source,
    devSource: NAMES.siteName.superlatives.devSource,
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        const word = findInList(NAMES.siteName.superlatives, w.name.trim());
        // 第一中学, 最高人民法院: part of the 主办单位's own name, not advertising.
        if (!word || ctx.record.entity.name.includes(word)) return null;
        return { path: ['websites', i, 'name'], message: `${siteLabel(w, i)}的名称含绝对化用语“${word}”`, hint: '去掉“最…”“第一”“顶级”等夸大用语，用说明网站内容的名称，如“星河云产品介绍”' };
      }),
  },
  {
    id: 'V-NAME-11',
    scope: 'website',
    severity: 'error',
    title: '网站名称不能涉及赌博、彩票等禁止内容',
    source: NAMES.siteName.gambling.source,
    devSource: NAMES.siteName.gambling.devSource,
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) => {
        const word = findInList(NAMES.siteName.gambling, w.name.trim());
        return word ? { path: ['websites', i, 'name'], message: `${siteLabel(w, i)}的名称含“${word}”，涉及赌博或彩票，不能备案`, hint: '互联网信息服务不得含有赌博内容；网络售彩须有财政部门批准，不能以此类名称备案' } : null;
      }),
  },
];
