// §3.2 Ages and people; the per-province requirements on who may be 负责人 and with which 证件 (§2.1, §4).
import type { PersonCertType } from '../domain/enums';
import { looksLikePersonName } from '../domain/personFacts';
import { provinceByGbCode, provincesWhere } from '../domain/provinces';
import { eachSite, findInList, idProvinceCode, NAMES, personAge, personLabel, siteLabel } from './facts';
import type { FindingDraft, Rule, RuleContext } from './types';

const principalIndex = (ctx: RuleContext) => ctx.record.people.findIndex((p) => p.id === ctx.record.entity.principal);
/** The index of a website's 网站负责人 among the people (-1 when it names none). */
const sitePrincipalIndex = (ctx: RuleContext, w: { principal: unknown }) => ctx.record.people.findIndex((q) => q.id === w.principal);

/** The source of a province fact read only from Tencent's 2017 list: the operator should know how old it is. */
const STALE_PROVINCE_SOURCE = '腾讯云《各省管局要求》（2017-06-05，资料较旧，以管局现行要求为准）';
const HK_MACAO_CERT_TYPES: readonly string[] = ['港澳居民来往内地通行证', '港澳居民居住证'] satisfies PersonCertType[];
/** Documents only a foreigner holds, or may hold (a 护照 is a Chinese citizen's too). */
const FOREIGNER_CERT_TYPES: readonly string[] = ['外国人永久居留身份证', '护照'] satisfies PersonCertType[];

export const personRules: Rule[] = [
  {
    id: 'V-AGE-01',
    scope: 'person',
    severity: 'error',
    title: '单位主办单位负责人须满十六周岁',
    source: '腾讯云《网站备案 备案类型》产品文档（“单位用户：主办单位负责人需满十六周岁”）',
    devSource: 'S4 表单提示“单位用户：主办单位负责人需满十六周岁”',
    natures: 'unit',
    check: (ctx) => {
      const i = principalIndex(ctx);
      const age = personAge(ctx.record.people[i], ctx.today);
      return age !== null && age < 16 ? [{ path: ['people', i, 'certNumber'], message: `主体负责人未满 16 周岁（${age} 岁），单位备案不能由其担任`, hint: '请更换为年满 16 周岁的负责人（通常为法定代表人）' }] : [];
    },
  },
  {
    id: 'V-AGE-02',
    scope: 'person',
    severity: 'warning',
    title: '未满十八周岁的个人主办人',
    source: '腾讯云《网站备案 备案类型》产品文档（须上传就业证明）；腾讯云《各省管局要求》（2017-06-05）（省级规定优先）',
    devSource: 'S4（须上传就业证明）；qcloud 各省管局要求20170605（省级规定，省规定优先）',
    natures: 'personal',
    check: (ctx) => {
      const i = principalIndex(ctx);
      const age = personAge(ctx.record.people[i], ctx.today);
      if (age === null || age >= 18) return [];
      const path = ['people', i, 'certNumber'];
      const short = ctx.province?.short ?? '';
      switch (ctx.province?.rules.minorPersonal) {
        case 'refuse':
          return [{ path, severity: 'error', message: `${short}管局不受理未满 18 周岁的个人备案（主办人 ${age} 岁）`, hint: '由年满 18 周岁的本人备案' }];
        case 'under16':
          return age < 16
            ? [{ path, severity: 'error', message: `${short}管局不受理未满 16 周岁的个人备案（主办人 ${age} 岁）`, hint: '由年满 16 周岁的本人备案' }]
            : [{ path, message: `主办人 ${age} 岁：${short}要求 16–17 周岁者提供就业或收入证明`, hint: '在材料中上传就业/收入证明' }];
        case 'guardian':
          return [{ path, message: `主办人 ${age} 岁：${short}要求提供监护人身份证`, hint: '在材料中上传监护人身份证' }];
        default:
          return [{ path, message: `主办人未满 18 周岁（${age} 岁），须上传就业证明`, hint: '在材料中上传就业证明' }];
      }
    },
  },
  {
    id: 'V-AGE-03',
    scope: 'person',
    severity: 'error',
    title: '网站负责人须满十八周岁',
    source: '腾讯云《网站备案 备案类型》产品文档（“网站负责人未满十八周岁不能备案”）',
    devSource: 'S4“网站负责人未满十八周岁不能备案”',
    check: (ctx) =>
      eachSite(ctx.record.websites, (w, wi) => {
        const pi = ctx.record.people.findIndex((p) => p.id === w.principal);
        const age = personAge(ctx.record.people[pi], ctx.today);
        return age !== null && age < 18 ? { path: ['websites', wi, 'principal'], message: `${siteLabel(w, wi)}的负责人未满 18 周岁（${age} 岁），不能备案`, hint: '更换为年满 18 周岁的网站负责人' } : null;
      }),
  },
  {
    id: 'V-PER-01',
    scope: 'person',
    severity: 'error',
    title: '不同负责人的手机与邮箱不能相同',
    source: '青云《变更备案》',
    devSource: 'S2（QingCloud 变更备案）',
    check: (ctx) => {
      const out: FindingDraft[] = [];
      const people = ctx.record.people;
      for (let i = 0; i < people.length; i++) {
        for (let j = i + 1; j < people.length; j++) {
          const a = people[i]!;
          const b = people[j]!;
          if (a.certNumber && a.certNumber === b.certNumber) continue; // the same person entered twice
          if (a.mobile && a.mobile === b.mobile) out.push({ path: ['people', j, 'mobile'], message: `${personLabel(b, j)}与${personLabel(a, i)}的手机号码相同`, hint: '不同负责人须使用各自的手机号码' });
          if (a.email && a.email.toLowerCase() === b.email.toLowerCase()) out.push({ path: ['people', j, 'email'], message: `${personLabel(b, j)}与${personLabel(a, i)}的电子邮箱相同`, hint: '不同负责人须使用各自的邮箱' });
        }
      }
      return out;
    },
  },
  {
    id: 'V-PER-02',
    scope: 'person',
    severity: 'warning',
    title: '投资管理/担保/典当/贷款/理财类主体的负责人须为法人',
    source: '腾讯云《网站备案 备案类型》产品文档；腾讯云《各省管局要求》（2017-06-05）（辽宁：主体与网站负责人均须为法人）',
    devSource: 'S4；辽宁：qcloud 各省管局要求20170605（主体与网站负责人均须为法人）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      const word = findInList(NAMES.riskyEntityWords, e.name);
      if (!word || !looksLikePersonName(e.investor)) return [];
      const out: FindingDraft[] = [];
      const pi = principalIndex(ctx);
      const principal = ctx.record.people[pi];
      if (principal && principal.name !== e.investor) {
        out.push({ path: ['people', pi, 'name'], message: `名称含“${word}”的主体，主体负责人须为法定代表人（投资人栏为“${e.investor}”）`, hint: '若投资人栏填的就是法人姓名，请将主体负责人改为法人本人' });
      }
      if (ctx.province?.rules.riskyNameBothPrincipals) {
        ctx.record.websites.forEach((w, wi) => {
          const wp = ctx.person(w.principal);
          if (wp && wp.name !== e.investor) out.push({ path: ['websites', wi, 'principal'], severity: 'error', message: `${ctx.province!.short}：名称含“${word}”的主体，网站负责人也须为法人`, hint: '将网站负责人改为法定代表人' });
        });
      }
      return out;
    },
  },
  {
    id: 'V-PER-04',
    scope: 'person',
    severity: 'info',
    title: '手机号码须完成短信验证',
    source: '腾讯云《网站备案 备案类型》产品文档（手机验证码）；阿里云《变更备案》（短信核验省份）；青云《变更备案》（24 小时内完成）',
    devSource: 'S0、S4（手机验证码）；工信部短信核验试点省份：S1（阿里云列表，有时效）；24 小时内完成：S2',
    check: (ctx) =>
      ctx.filingType
        ? [
            {
              path: ['people'],
              message: ctx.province?.smsVerification
                ? `提交时每位负责人要在控制台填写手机验证码；提交管局后，${ctx.province.short}还需在 24 小时内完成工信部短信核验`
                : '提交时每位负责人的手机号码都要在接入商控制台接收并填写验证码',
              hint: ctx.province?.smsVerification ? '短信核验需输入身份证号后 6 位等信息，提前告知负责人' : '提前告知负责人留意短信',
            },
          ]
        : [],
  },
  {
    id: 'V-PER-05',
    scope: 'domain',
    severity: 'info',
    title: '北京：个人持有的域名须属于主体负责人',
    source: '腾讯云《网站备案 备案类型》产品文档（接入备案表单，北京）',
    devSource: 'S4 接入备案表单（北京）',
    provinces: provincesWhere('beijingDomainOwner'),
    check: (ctx) => (ctx.record.websites.length ? [{ path: ['websites'], message: '北京：若域名持有者是个人，须与主体负责人为同一人', hint: '核对域名实名信息中的持有者' }] : []),
  },
  {
    id: 'V-PROV-01',
    scope: 'person',
    severity: 'warning',
    title: '主体负责人须为法定代表人',
    source: '腾讯云《各省管局要求》（2017-06-05）（天津、河北、内蒙古、上海、浙江、安徽、江西、山东、湖北、湖南、广东、重庆、贵州、云南、陕西；河北：网站负责人也须为法人；海南：主体负责人不是法人时须兼任网站负责人）',
    devSource: 'qcloud 各省管局要求20170605（天津、河北、内蒙古、上海、浙江、安徽、江西、山东、湖北、湖南、广东、重庆、贵州、云南、陕西）；domain.md §4 河北“主体/网站负责人 = 法人”；海南“if 主体负责人 ≠ 法人, 主体负责人 = 网站负责人”',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      const r = ctx.province?.rules;
      // Enterprises put the 法人's name in 投资人 (Ksyun); a unit name there tells us nothing about the 法人.
      if (!(r?.principalIsLegalRep || r?.nonLegalRepPrincipalRunsSites || r?.sitePrincipalIsLegalRep) || e.nature !== '企业' || !looksLikePersonName(e.investor)) return [];
      const short = ctx.province!.short;
      const out: FindingDraft[] = [];
      const pi = principalIndex(ctx);
      const p = ctx.record.people[pi];
      if (p && p.name !== e.investor && r.principalIsLegalRep) {
        out.push({
          path: ['people', pi, 'name'],
          message: `${short}管局要求企业的主体负责人为法定代表人；主体负责人（${personLabel(p, pi)}）与投资人栏的“${e.investor}”不同`,
          hint: '企业的“投资人或主管单位”一般填法人姓名；请确认负责人是否为法人，不是则更换或按省要求附授权书',
        });
      }
      if (p && p.name !== e.investor && r.nonLegalRepPrincipalRunsSites) {
        ctx.record.websites.forEach((w, wi) => {
          if (w.principal === e.principal) return;
          const wpi = sitePrincipalIndex(ctx, w);
          out.push({
            path: ['websites', wi, 'principal'],
            message: `${short}：主体负责人（${personLabel(p, pi)}）不是法定代表人（投资人栏为“${e.investor}”）时，须同时担任网站负责人；${siteLabel(w, wi)}的负责人是${personLabel(ctx.record.people[wpi], wpi)}`,
            hint: '把网站负责人改为主体负责人，或由法定代表人担任主体负责人',
            source: STALE_PROVINCE_SOURCE,
          });
        });
      }
      if (r.sitePrincipalIsLegalRep) {
        ctx.record.websites.forEach((w, wi) => {
          const wpi = sitePrincipalIndex(ctx, w);
          const wp = ctx.record.people[wpi];
          if (!wp || wp.name === e.investor) return;
          out.push({
            path: ['websites', wi, 'principal'],
            message: `${short}管局要求企业的网站负责人也为法定代表人；${siteLabel(w, wi)}的负责人（${personLabel(wp, wpi)}）与投资人栏的“${e.investor}”不同`,
            hint: '请确认网站负责人是否为法人，不是则改由法人担任；法人为外籍人士时，可授权中国公民担任负责人',
            source: STALE_PROVINCE_SOURCE,
          });
        });
      }
      return out;
    },
  },
  {
    id: 'V-PROV-02',
    scope: 'person',
    severity: 'error',
    title: '负责人证件的省级要求',
    source: '腾讯云《各省管局要求》（2017-06-05）（个人备案：本地身份证，或外省人员的暂住证、居住证；江西：外省的网站负责人须提供暂住证或居住证；海南只受理身份证；河北不受理外国人）',
    devSource: 'qcloud 各省管局要求20170605（本地身份证或暂住/居住证要求）；domain.md §4 江西“non-Jiangxi 网站负责人 needs 暂住/居住证”；海南“P: 身份证 only, no temp ID”、河北“P: foreigners refused”、北京“HK citizens use 护照”（§2.1，S4 北京表单）；暂住/居住证：§4 材料行（四川、上海、江苏、江西、湖北）',
    check: (ctx) => {
      const r = ctx.province?.rules;
      if (!r) return [];
      const short = ctx.province!.short;
      const out: FindingDraft[] = [];
      if (r.hkPrincipalUsesPassport) {
        ctx.record.people.forEach((p, i) => {
          if (!HK_MACAO_CERT_TYPES.includes(p.certType)) return;
          out.push({
            path: ['people', i, 'certType'],
            severity: 'warning',
            message: `${short}：香港居民担任负责人时，证件类型须选“护照”；${personLabel(p, i)}的证件类型为“${p.certType}”`,
            hint: '香港居民改填护照及护照号码；澳门居民请先向接入商确认',
            source: '腾讯云《网站备案 备案类型》产品文档（北京表单：香港居民选护照）；腾讯云《各省管局要求》（2017-06-05，资料较旧，以管局现行要求为准）',
          });
        });
      }
      const pi = principalIndex(ctx);
      if (r.sitePrincipalLocalProof) {
        // Stryker disable next-line ArrayDeclaration: a list holding a string holds no person's index either
        const told: number[] = [];
        ctx.record.websites.forEach((w, wi) => {
          const spi = sitePrincipalIndex(ctx, w);
          // a personal 主办人 running the site is told below, as the 主办人
          if (spi < 0 || told.includes(spi) || (ctx.personal && spi === pi)) return;
          const sp = ctx.record.people[spi]!;
          const code = idProvinceCode(sp);
          if (!code || code === ctx.province!.gbCode) return;
          told.push(spi);
          out.push({
            path: ['people', spi, 'certNumber'],
            severity: 'warning',
            message: `${siteLabel(w, wi)}的负责人（${personLabel(sp, spi)}）身份证属于${provinceByGbCode(code)?.short ?? code}，${short}要求外省的网站负责人提供${short}的暂住证或居住证`,
            hint: '在材料中上传暂住证/居住证',
            source: STALE_PROVINCE_SOURCE,
          });
        });
      }
      if (!ctx.personal) return out;
      const p = ctx.record.people[pi];
      if (!p) return out;
      const certPath = ['people', pi, 'certType'];
      if (r.personalForeignersRefused && FOREIGNER_CERT_TYPES.includes(p.certType)) {
        out.push(
          p.certType === '护照'
            ? { path: certPath, severity: 'warning', message: `${short}管局不受理外国人的个人备案：主办人持护照，如为外国护照则不能在${short}个人备案`, hint: '中国公民请改用居民身份证备案', source: STALE_PROVINCE_SOURCE }
            : { path: certPath, message: `${short}管局不受理外国人的个人备案，主办人的证件为“${p.certType}”`, hint: '由持居民身份证的中国公民备案，或以单位名义备案', source: STALE_PROVINCE_SOURCE },
        );
      }
      const rule = r.localIdPersonal;
      if (!rule) return out;
      if (p.certType !== '居民身份证') {
        // a passport or permit has no 户籍 province to compare: where only a (local) 身份证 is taken, it is refused
        if (rule !== 'proof') {
          out.push({
            path: certPath,
            message: `${short}个人备案只受理${rule === 'refuse' ? '本省' : ''}居民身份证，主办人的证件为“${p.certType}”`,
            hint: rule === 'refuse' ? `由${short}户籍、持居民身份证的本人备案` : '由持居民身份证的本人备案（不受理临时身份证、护照与通行证）',
          });
        }
        return out;
      }
      if (rule === 'residentIdOnly') return out;
      const code = idProvinceCode(p);
      if (!code || code === ctx.province!.gbCode) return out;
      const home = provinceByGbCode(code)?.short ?? code;
      out.push(
        rule === 'refuse'
          ? { path: ['people', pi, 'certNumber'], message: `${short}个人备案只受理本省身份证，主办人身份证属于${home}`, hint: '由本省户籍的人备案，或在户籍所在省备案' }
          : { path: ['people', pi, 'certNumber'], severity: 'warning', message: `主办人身份证属于${home}，${short}要求外省人员提供暂住证或居住证`, hint: '在材料中上传暂住证/居住证' },
      );
      return out;
    },
  },
  {
    id: 'V-PROV-03',
    scope: 'entity',
    severity: 'warning',
    title: '投资人或主管单位的省级要求',
    source: '腾讯云《各省管局要求》（2017-06-05）（吉林：须为单位名称；宁夏：企业填法人；福建：企业全称）',
    devSource: 'qcloud 各省管局要求20170605（吉林：须为单位名称；宁夏：企业填法人；福建：企业全称）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      const r = ctx.province?.rules;
      if (!r) return [];
      const path = ['entity', 'investor'];
      if (!e.investor) return [{ path, message: '请填写投资人或主管单位', hint: '企业一般填法人姓名或本单位全称' }];
      const looksLikeUnit = /(公司|局|厅|委员会|政府|中心|学校|大学|学院|医院|协会|集团|合作社|办公室|部|院|所)$/.test(e.investor);
      if (r.investorMustBeUnit && !looksLikeUnit) return [{ path, message: `${ctx.province!.short}要求“投资人或主管单位”填单位名称，“${e.investor}”看起来是个人姓名`, hint: '填投资单位或上级主管单位的全称' }];
      if (r.investorFullName && e.nature === '企业' && e.investor !== e.name) return [{ path, message: `${ctx.province!.short}要求企业的“投资人或主管单位”填本企业全称`, hint: `填“${e.name}”` }];
      if (r.investorIsLegalRepForEnterprise && e.nature === '企业' && looksLikeUnit) return [{ path, message: `${ctx.province!.short}要求企业的“投资人或主管单位”填法定代表人姓名`, hint: '填营业执照上的法定代表人' }];
      return [];
    },
  },
];
