// §3.6 Changes (变更): what may change, which change type a before/after diff requires, one open order
// per entity, the filing type the record implies, and what must be uploaded again after a change.
import { CANCEL_FILING_TYPES, CHANGE_FILING_TYPES, type FilingType } from '../domain/enums';
import { toAsciiDomain } from '../domain/identifiers';
import { provincesWhere } from '../domain/provinces';
import type { Draft, DraftPerson, FindingDraft, Rule, RuleContext } from './types';

type Side = Omit<Draft, 'filing'>;

const contactOf = (p: DraftPerson | undefined) => (p ? [p.mobile, p.email, p.officePhone, p.emergencyPhone].join('|') : '');
const identityOf = (p: DraftPerson | undefined) => (p ? `${p.name}|${p.certType}|${p.certNumber}` : '');
const principalOf = (s: Side, id: string) => s.people.find((p) => p.id === id);

export interface ChangeDiff {
  provinceChanged: boolean;
  natureChanged: boolean;
  certChanged: boolean;
  entityChanged: boolean;
  websitesChanged: boolean;
  /** 法定代表人 / 主体负责人 replaced (identity, not just contact details). */
  principalReplaced: boolean;
  legalRepChanged: boolean;
  /**
   * A 负责人 kept (same name and 证件) is reached differently — mobile, e-mail, office or emergency phone —,
   * whatever else changed with it: S2's “any contact change” of V-CHG-04/05, which a change of the remark
   * beside it does not undo.
   */
  contactChanged: boolean;
  addedDomains: { wi: number; di: number; domain: string }[];
  websitePrincipalReplaced: boolean;
  licenceAddressChanged: boolean;
}

export function diffRecords(before: Side, after: Side): ChangeDiff {
  const e0 = before.entity;
  const e1 = after.entity;
  const entityKeys = ['name', 'certAddress', 'investor', 'mailingAddress', 'remark', 'city', 'district'] as const;
  const p0 = principalOf(before, e0.principal);
  const p1 = principalOf(after, e1.principal);
  const entityChanged = entityKeys.some((k) => e0[k] !== e1[k]) || identityOf(p0) !== identityOf(p1) || contactOf(p0) !== contactOf(p1);
  const beforeDomains = new Set(before.websites.flatMap((w) => w.domains.map((d) => toAsciiDomain(d) ?? d)));
  const addedDomains = after.websites.flatMap((w, wi) => w.domains.map((d, di) => ({ wi, di, domain: d })).filter((x) => !beforeDomains.has(toAsciiDomain(x.domain) ?? x.domain)));
  // a site principal who is also the 主体负责人 changes the 主体 when only their contact changes: counted
  // there, not twice (else a 个人's new mobile would read as 主体 and 网站 both changed)
  const siteKey = (s: Side) =>
    JSON.stringify(s.websites.map((w) => ({ ...w, principal: [identityOf(principalOf(s, w.principal)), w.principal === s.entity.principal ? '' : contactOf(principalOf(s, w.principal))] })));
  const websitesChanged = siteKey(before) !== siteKey(after);
  const principalReplaced = identityOf(p0) !== identityOf(p1);
  const websitePrincipalReplaced = after.websites.some((w, i) => before.websites[i] && identityOf(principalOf(before, before.websites[i]!.principal)) !== identityOf(principalOf(after, w.principal)));
  // a 负责人 replaced by another person brings other numbers too: that is the replacement, not a contact change
  const contactChanged = after.people.some((p) => {
    const was = before.people.find((q) => q.id === p.id);
    return !!was && identityOf(was) === identityOf(p) && contactOf(was) !== contactOf(p);
  });
  return {
    provinceChanged: e0.province !== e1.province,
    natureChanged: e0.nature !== e1.nature,
    certChanged: e0.certNumber !== e1.certNumber,
    entityChanged,
    websitesChanged,
    principalReplaced,
    legalRepChanged: principalReplaced || (e1.nature === '企业' && e0.investor !== e1.investor),
    contactChanged,
    addedDomains,
    websitePrincipalReplaced,
    licenceAddressChanged: e0.certAddress !== e1.certAddress,
  };
}

/** The change type a diff calls for, before province-specific rules (S1, S2). */
export function changeTypeFor(d: ChangeDiff): FilingType | null {
  if (d.entityChanged && d.websitesChanged) return '变更备案';
  if (d.entityChanged) return '变更主体';
  if (d.websitesChanged) return '变更网站';
  return null;
}

/**
 * The filing type the local record implies when the user has not said, or to check what they said:
 * a change when a before-record is given, else by what already has a 备案号 (S4 “验证备案信息”). null when
 * the record implies no new filing: everything is filed and the provider is one the 主体 is already 接入 at
 * (then only changes, cancellations or 公安备案 remain).
 */
export function detectFilingType(record: Draft, filedProviders: readonly string[] = []): FilingType | null {
  if (record.filing.before) return changeTypeFor(diffRecords(record.filing.before, record)) ?? '变更备案';
  if (!record.entity.icpNumber) return '首次备案';
  if (record.websites.length && record.websites.every((w) => w.icpNumber)) {
    return record.filing.provider && filedProviders.includes(record.filing.provider) ? null : '接入备案';
  }
  return '新增网站';
}

/**
 * The change type the seeds force whatever the diff: a 个人's contact change (V-CHG-04), a contact change
 * of a unit whose 主体负责人 is every site's 负责人 (V-CHG-05), a 法定代表人 change in 湖南/贵州 (V-CHG-03).
 * Those rules speak for themselves; V-CHG-08 stays silent then.
 */
function forcedBySeed(d: ChangeDiff, ctx: RuleContext): boolean {
  const e = ctx.record.entity;
  const samePerson = ctx.record.websites.length > 0 && ctx.record.websites.every((w) => w.principal === e.principal);
  if (d.contactChanged && (ctx.personal || samePerson)) return true;
  return d.legalRepChanged && !!ctx.province?.rules.legalRepChangeNeedsFullChange;
}

const CHANGE_TYPES = CHANGE_FILING_TYPES;
const withBefore = (ctx: RuleContext) => (ctx.record.filing.before ? diffRecords(ctx.record.filing.before, ctx.record) : null);

export const changeRules: Rule[] = [
  {
    id: 'V-CHG-01',
    scope: 'change',
    severity: 'error',
    title: '备案省份不能变更',
    source: '腾讯云《变更备案》、阿里云《变更备案》（不支持变更备案省份）；华为云另有说法——以接入商为准',
    devSource: 'S0、S1；华为云认为同主体跨省可走变更主体——来源不一致，以接入商为准',
    check: (ctx) =>
      withBefore(ctx)?.provinceChanged
        ? [{ path: ['entity', 'province'], message: `备案省份不能由“${ctx.record.filing.before!.entity.province}”改为“${ctx.record.entity.province}”`, hint: '须在新省份重新备案（先注销原备案）；个别接入商（华为云）允许以变更主体处理，请先咨询接入商' }]
        : [],
  },
  {
    id: 'V-CHG-02',
    scope: 'change',
    severity: 'error',
    title: '变更网站只能删除域名，不能新增或修改',
    source: '阿里云《变更备案》（2019-04-22 起变更网站只能删除域名）',
    devSource: 'S1（2019-04-22 起）',
    filingTypes: ['变更网站', '变更备案'],
    check: (ctx) =>
      (withBefore(ctx)?.addedDomains ?? []).map((a) => ({
        path: ['websites', a.wi, 'domains', a.di],
        message: `变更中不能新增或修改域名：“${a.domain}”不在原备案中`,
        hint: '新增域名请以“新增网站”备案；变更只能删除域名',
      })),
  },
  {
    id: 'V-CHG-03',
    scope: 'change',
    severity: 'error',
    title: '湖南、贵州：法定代表人变更须走变更备案',
    source: '青云《变更备案》（湖南、贵州管局；并须新的网站负责人授权书）',
    devSource: 'S2（湖南、贵州管局；并须新的网站负责人授权书）',
    provinces: provincesWhere('legalRepChangeNeedsFullChange'),
    check: (ctx) => {
      const d = withBefore(ctx);
      if (!d?.legalRepChanged || ctx.filingType === '变更备案') return [];
      return [
        {
          path: ['filing', 'type'],
          message: `${ctx.province!.short}管局：主体负责人（法定代表人）变更须选择“变更备案”，不能用“${ctx.filingType ?? '变更主体'}”`,
          hint: '改选变更备案，并准备新的网站负责人授权书',
        },
      ];
    },
  },
  {
    id: 'V-CHG-04',
    scope: 'change',
    severity: 'error',
    title: '个人备案的联系方式变更须走变更备案',
    source: '青云《变更备案》',
    devSource: 'S2',
    natures: 'personal',
    check: (ctx) => {
      const d = withBefore(ctx);
      return d?.contactChanged && ctx.filingType && ctx.filingType !== '变更备案'
        ? [{ path: ['filing', 'type'], message: `个人备案修改联系方式（手机、邮箱、固定电话或应急电话）须选“变更备案”，不能用“${ctx.filingType}”；同时改动的其他信息也一并在变更备案中提交`, hint: '改选变更备案' }]
        : [];
    },
  },
  {
    id: 'V-CHG-05',
    scope: 'change',
    severity: 'error',
    title: '主体负责人即网站负责人的企业，联系方式变更须走变更备案',
    source: '青云《变更备案》',
    devSource: 'S2',
    natures: 'unit',
    check: (ctx) => {
      const d = withBefore(ctx);
      const e = ctx.record.entity;
      const same = ctx.record.websites.length > 0 && ctx.record.websites.every((w) => w.principal === e.principal);
      return d?.contactChanged && same && ctx.filingType && ctx.filingType !== '变更备案'
        ? [{ path: ['filing', 'type'], message: `主体负责人与网站负责人是同一人时，修改联系方式须选“变更备案”，不能用“${ctx.filingType}”；同时改动的其他信息也一并在变更备案中提交`, hint: '改选变更备案' }]
        : [];
    },
  },
  {
    id: 'V-CHG-06',
    scope: 'change',
    severity: 'error',
    title: '主办者性质或主体证件号码不能变更',
    source: '腾讯云《网站备案 备案类型》产品文档（主办者性质、证件类型、证件号码须与原备案一致）；华为云、百度智能云备案帮助（个人转企业须注销后重新备案）',
    devSource: 'huaweicloud filing-rules.yml；cloud.baidu.com（个人转企业须注销后重新备案）',
    check: (ctx) => {
      const d = withBefore(ctx);
      if (!d) return [];
      const out: FindingDraft[] = [];
      if (d.natureChanged) out.push({ path: ['entity', 'nature'], message: `主办者性质不能由“${ctx.record.filing.before!.entity.nature}”变更为“${ctx.record.entity.nature}”`, hint: '先注销原备案，再以新主体首次备案' });
      if (d.certChanged) out.push({ path: ['entity', 'certNumber'], message: '主体证件号码不同即为不同主体，不能通过变更修改', hint: '注销后重新备案，或办理备案迁移' });
      return out;
    },
  },
  {
    id: 'V-CHG-08',
    scope: 'change',
    severity: 'error',
    title: '变更类型须与改动相符',
    source: '青云《变更备案》（变更主体、变更网站、变更备案的区别）；阿里云《变更备案》（两者都需时先变更其一）',
    devSource: 'S2（变更主体只改主体信息，变更网站只改网站信息，两者都改用变更备案）；S1（两者都需时先变更其一）',
    filingTypes: CHANGE_TYPES,
    check: (ctx) => {
      const d = withBefore(ctx);
      if (!d) return [{ path: ['filing', 'before'], severity: 'warning', message: '还没有已备案信息，无法核对这次变更改了什么', hint: '在客户页“已备案信息”中登记原备案（或从含 filing.before 的记录导入），变更订单会以它为变更前的信息' }];
      const needed = changeTypeFor(d);
      if (!needed) return [{ path: ['filing'], severity: 'warning', message: '与已备案信息相比没有改动', hint: '无需提交变更' }];
      if (needed === ctx.filingType || ctx.filingType === '变更备案' || forcedBySeed(d, ctx)) return [];
      return [{ path: ['filing', 'type'], message: `这次改动须选“${needed}”，当前为“${ctx.filingType}”`, hint: needed === '变更备案' ? '主体与网站都有改动：选变更备案（阿里云要求先变更其中之一）' : `只改了${needed === '变更主体' ? '主体' : '网站'}信息` }];
    },
  },
  {
    id: 'V-CHG-09',
    scope: 'change',
    severity: 'info',
    title: '变更后须重新上传的材料',
    source: '腾讯云《变更备案》、腾讯云《网站备案 备案类型》产品文档（负责人未变、只改联系方式与地址时无需重传证件和照片）；青云《变更备案》（执照地址变更须重传彩色扫描件）',
    devSource: 'S0、S4（负责人未变、只改联系方式与地址时无需重传证件和照片）；S2（执照地址变更须重传彩色扫描件）',
    filingTypes: CHANGE_TYPES,
    check: (ctx) => {
      const d = withBefore(ctx);
      if (!d) return [];
      const out: FindingDraft[] = [];
      if (d.principalReplaced || d.websitePrincipalReplaced) out.push({ path: ['people'], message: '负责人已更换：须上传新负责人的身份证正反面和幕布照片，并重新签核验单', hint: '在材料中为新负责人上传' });
      else out.push({ path: ['people'], message: '负责人未更换：只改联系方式或地址时，无需重新上传证件和幕布照片', hint: '仍须核对信息无误' });
      if (d.licenceAddressChanged) out.push({ path: ['entity', 'certAddress'], message: '证件住所已变：须上传新营业执照（或主体证件）的彩色扫描件', hint: '与新证件上的地址一致' });
      return out;
    },
  },
  {
    id: 'V-TYPE-01',
    scope: 'order',
    severity: 'warning',
    title: '备案类型与本地记录是否相符',
    source: '腾讯云《网站备案 备案类型》产品文档（系统依地域、主办者性质、证件与域名判定备案类型）',
    devSource: 'S4（系统依地域、主办者性质、证件与域名判定备案类型）',
    check: (ctx) => {
      const declared = ctx.filingType;
      // a closed order is history: the 备案号 its approval wrote back must not make it look wrong now
      if (!declared || ctx.orderClosed || CANCEL_FILING_TYPES.includes(declared) || declared === '公安备案') return [];
      const detected = detectFilingType(ctx.record, ctx.store?.filedProviders() ?? []);
      if (detected === null) return CHANGE_TYPES.includes(declared) ? [] : [{ path: ['filing', 'type'], message: `主体与网站都已备案，且已在该接入商接入：不是“${declared}”`, hint: '改动已备案信息用变更；换接入商时才用接入备案' }];
      if (declared === detected || (CHANGE_TYPES.includes(declared) && CHANGE_TYPES.includes(detected))) return [];
      return [{ path: ['filing', 'type'], message: `按本地记录应为“${detected}”，当前选择“${declared}”`, hint: detected === '首次备案' ? '主体还没有备案号' : detected === '接入备案' ? '主体和网站都已有备案号，换接入商时用接入备案' : '主体已有备案号而网站没有：用新增网站' }];
    },
  },
];
