// §3.3 Remarks (备注) that the 管局 requires in given situations.
import { domainPrefix, eachSite, findInList, hasHouseNumber, NAMES, siteLabel, validDomains } from './facts';
import { NONE, type FindingDraft, type Rule } from './types';

export const remarkRules: Rule[] = [
  {
    id: 'V-REM-01',
    scope: 'website',
    severity: 'error',
    title: '服务内容为“其他”或个人网站须在备注中写明内容',
    source: '腾讯云《网站备案 备案类型》产品文档（网站备注）',
    devSource: 'S4',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, i) =>
        (w.serviceContent === '其他' || ctx.personal) && w.remark.trim().length < 8
          ? {
              path: ['websites', i, 'remark'],
              message: `${siteLabel(w, i)}须在网站备注中具体说明网站开通后的内容`,
              hint: ctx.personal ? '如“本网站为个人博客，开通后主要发布本人的摄影作品”' : '如“本网站为本公司门户网站，开通后主要介绍公司业务、产品与联系方式”',
            }
          : null,
      ),
  },
  {
    id: 'V-REM-02',
    scope: 'website',
    severity: 'warning',
    title: '多个不同前缀的域名须备注“域名指向同一网站”',
    source: '腾讯云《网站备案 备案类型》产品文档（“域名指向同一网站”）；腾讯云《各省管局要求》（2017-06-05）（山东：一个网站有多个域名即须备注，及其措辞；广东不同前缀视为不同网站，除非备注说明）',
    devSource: 'S4；山东（多个域名即须备注，措辞）：qcloud 各省管局要求20170605；广东：不同前缀视为不同网站除非备注；广西不同前缀须分网站（无备注可代替）见 V-DOM-10',
    check: (ctx) => {
      const r = ctx.province?.rules;
      // where no remark lets two prefixes share a site, V-DOM-10 asks for separate sites instead
      if (r?.onePrefixPerSite) return NONE;
      const wording = r?.multiDomainRemark ?? '域名指向同一网站';
      return eachSite(ctx.record.websites, (w, i) => {
        // fewer than two domains have fewer than two prefixes: no set made for them (most sites)
        // Stryker disable next-line ConditionalExpression: never true only makes the set, which has fewer than two prefixes
        if (w.domains.length < 2) return null;
        const domains = validDomains(w.domains);
        const prefixes = new Set(domains.map(domainPrefix));
        if ((prefixes.size < 2 && (!r?.multiDomainRemarkAnyDomains || domains.length < 2)) || w.remark.includes(wording) || (wording === '域名指向同一网站' && w.remark.includes('指向同一'))) return null;
        return {
          path: ['websites', i, 'remark'],
          severity: r?.multiDomainRemarkRequired ? 'error' : 'warning',
          message:
            prefixes.size < 2 ? `${siteLabel(w, i)}有 ${domains.length} 个域名，${ctx.province!.short}要求网站备注写明“${wording}”` : `${siteLabel(w, i)}有 ${prefixes.size} 个不同前缀的域名，网站备注须写明“${wording}”`,
          hint: r?.multiDomainRemarkRequired ? `${ctx.province!.short}管局把不同前缀的域名视为不同网站，除非备注说明` : '在网站备注中加上这句话',
        };
      });
    },
  },
  {
    id: 'V-REM-03',
    scope: 'website',
    severity: 'warning',
    title: '医疗机构须在备注中写明执业许可证信息',
    source: '腾讯云《网站备案 备案类型》产品文档（网站备注）；腾讯云《各省管局要求》（2017-06-05）（广东写在主体备注）——两处不一致，取较严读法',
    devSource: 'S4（网站备注）；腾讯广东规则写在主体备注——两处来源不一致，取较严读法',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (e.nature !== '医疗机构' && findInList(NAMES.hospitalWords, e.name) === null) return [];
      const mentions = (s: string) => s.includes('执业许可证');
      if (mentions(e.remark) || ctx.record.websites.some((w) => mentions(w.remark))) return [];
      return [
        {
          path: ['entity', 'remark'],
          message: '医疗机构须备注：本单位医疗执业许可证为*年*月颁发，有效期至*年*月，颁发部门为*，许可证号码为*',
          hint: '来源对写在主体备注还是网站备注不一致（腾讯云产品文档为网站备注，广东为主体备注），两处都写最稳妥',
        },
      ];
    },
  },
  {
    id: 'V-REM-04',
    scope: 'entity',
    severity: 'warning',
    title: '通信地址无门牌号须备注',
    source: '腾讯云《网站备案 备案类型》产品文档（“主办单位通信地址为最详细地址”）',
    devSource: 'S4（“主办单位通信地址为最详细地址”）；Ksyun 措辞“此地址已是最详细地址”',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (!e.mailingAddress || hasHouseNumber(e.mailingAddress) || /最详细地址/.test(e.remark)) return [];
      const strict = ctx.personal && ctx.province?.rules.houseNumberPersonal;
      return [
        {
          path: ['entity', 'mailingAddress'],
          severity: strict ? 'error' : 'warning',
          message: strict ? `${ctx.province!.short}个人备案的通信地址须详细到门牌号` : '通信地址没有门牌号：请补全，或在主体备注中写明“主办单位通信地址为最详细地址”',
          hint: '如“…路 1 号 A 座 101 室”',
        },
      ];
    },
  },
  {
    id: 'V-REM-05',
    scope: 'entity',
    severity: 'error',
    title: '个体工商户的主体名称与备注',
    source: '腾讯云《网站备案 备案类型》产品文档（个体工商户：有字号按企业、无字号按个人）',
    devSource: 'S4（有字号按企业、备注“个体工商户无公章”；无字号按个人、备注“个体工商户无工商字号”并填注册号）',
    check: (ctx) => {
      const e = ctx.record.entity;
      const out: FindingDraft[] = [];
      if (ctx.personal && e.name.includes('个体工商户')) {
        if (!/^.+（个体工商户）$/.test(e.name)) out.push({ path: ['entity', 'name'], message: '无字号的个体工商户以个人备案，名称格式为“经营者姓名（个体工商户）”', hint: '如“张某某（个体工商户）”，括号为中文全角' });
        if (!/个体工商户无工商字号/.test(e.remark) || !/\d{15}|[0-9A-Z]{18}/.test(e.remark)) out.push({ path: ['entity', 'remark'], message: '主体备注须写“个体工商户无工商字号”及营业执照注册号', hint: '如“个体工商户无工商字号，注册号：92440300MA5XXXXXXX”' });
      }
      if (e.nature === '企业' && /^92/.test(e.certNumber) && !/个体工商户/.test(e.remark)) {
        out.push({ path: ['entity', 'remark'], severity: 'info', message: '统一社会信用代码以 92 开头，是个体工商户：如无公章，主体备注须写“个体工商户无公章”', hint: '有公章则无需备注' });
      }
      return out;
    },
  },
  {
    id: 'V-REM-06',
    scope: 'website',
    severity: 'error',
    title: '个人网站备注的省级固定写法',
    source: '腾讯云《各省管局要求》（2017-06-05）（天津、广西：承诺语；江苏：“本网站为个人网站，做XXX使用…”）',
    devSource: 'qcloud 各省管局要求20170605（天津、广西：承诺语；江苏：“本网站为个人网站，做XXX使用…”）',
    natures: 'personal',
    check: (ctx) => {
      const r = ctx.province?.rules;
      if (!r) return NONE;
      return eachSite(ctx.record.websites, (w, i) => {
        const pledge = r.personalPledgeRemark;
        if (pledge) {
          // every clause, not the first words: a remark opening with 本网站是个人网站 and going on about photos pledges nothing
          const remark = w.remark.replace(/\s/g, '');
          const missing = pledge.mustContain.filter((c) => !remark.includes(c));
          if (missing.length) {
            return { path: ['websites', i, 'remark'], message: `${ctx.province!.short}个人网站的备注须包含管局的承诺全文，现缺少“${missing.join('”“')}”。承诺全文：“${pledge.text}”`, hint: '把承诺全文复制到网站备注中，再接着写网站的具体内容' };
          }
        }
        if (r.personalRemarkFormat && !w.remark.includes(r.personalRemarkFormat)) {
          return { path: ['websites', i, 'remark'], severity: 'warning', message: `${ctx.province!.short}个人网站备注格式：“本网站为个人网站，做XXX使用，网站开通后主要内容为XXX。”`, hint: '按此句式改写网站备注' };
        }
        return null;
      });
    },
  },
];
