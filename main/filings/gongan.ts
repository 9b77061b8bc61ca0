// The 公安备案 form of one website (全国互联网安全管理服务平台, seed 004 / domain.md §2.4): its fields, the
// prefill from the client record, the approved order and the provider profile, and its checks.
import { chinaDay } from '../domain/dates';
import { z } from 'zod';
import gonganData from '../../resources/data/gongan.json';
import providersData from '../../resources/data/providers.json';
import { isIpAddress, toAsciiDomain } from '../domain/identifiers';
import type { EntityView, WebsiteView } from '../domain/views';

const list = z.array(z.string().min(1)).min(1);
const gonganSchema = z.object({
  source: z.string().min(1),
  devSource: z.string().min(1),
  serviceTypes: list,
  dangerousGoods: list,
  permits: list,
  languages: list,
  defaultServiceType: z.object({ 个人: z.string(), unit: z.string() }),
  permitFromPreApproval: z.record(z.string(), z.string()),
  languageFromIcp: z.record(z.string(), z.string()),
});
const partySchema = z.object({ name: z.string().min(1), jurisdiction: z.string().min(1), region: z.string().min(1) });
const profileSchema = z.object({
  accessProvider: partySchema.extend({ accessMethod: z.string().min(1), phone: z.string(), orgCode: z.string(), uscc: z.string() }),
  domainRegistrar: partySchema,
  source: z.string().min(1),
  devSource: z.string().min(1),
});

/** Parses the choice lists; a list without its source is refused. */
export function loadGonganLists(raw: unknown) {
  return gonganSchema.parse(raw);
}
export const GONGAN = loadGonganLists(gonganData);

/** The provider's published 公安备案 values, or null where the provider publishes none. */
export function gonganProfile(provider: string): z.infer<typeof profileSchema> | null {
  const all = (providersData as { publicSecurity?: Record<string, unknown> }).publicSecurity ?? {};
  const raw = Object.prototype.hasOwnProperty.call(all, provider) ? all[provider] : undefined;
  return raw ? profileSchema.parse(raw) : null;
}

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
export const gonganFieldsSchema = z.strictObject({
  siteName: text(100),
  hasIcpNumber: z.boolean(),
  icpNumber: text(40),
  openedOn: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, '日期格式应为 YYYY-MM-DD'),
  mainDomain: text(253),
  otherDomains: z.array(text(253)).max(50),
  ips: z.array(text(45)).max(50),
  accessProvider: z.strictObject({ name: text(100), jurisdiction: text(50), region: text(100), accessMethod: text(30) }),
  domainRegistrar: z.strictObject({ name: text(100), jurisdiction: text(50), region: text(100) }),
  interactive: z.boolean(),
  serviceTypes: z.array(z.enum(GONGAN.serviceTypes as [string, ...string[]], { error: '服务类型不在平台的列表中' })).max(40),
  dangerousGoods: z.array(z.enum(GONGAN.dangerousGoods as [string, ...string[]], { error: '危险物品类别不在平台的列表中' })).max(10),
  permits: z.array(z.enum(GONGAN.permits as [string, ...string[]], { error: '前置许可类别不在平台的列表中' })).max(10),
  languages: z.array(z.enum(GONGAN.languages as [string, ...string[]], { error: '语种不在平台的列表中' })).max(20),
});
export type GonganFields = z.infer<typeof gonganFieldsSchema>;

/** The form's fields as the platform names them, and the row's 状态 / 公安备案号: what an EDIT_CONFLICT lists. */
export const GONGAN_FIELD_LABELS: Record<keyof GonganFields | 'state' | 'psbNumber' | 'doneAt' | 'doneBy', string> = {
  siteName: '网站名称',
  hasIcpNumber: '是否有工信部备案号',
  icpNumber: '工信部备案号',
  openedOn: '网站开通日期',
  mainDomain: '主域名',
  otherDomains: '从域名',
  ips: 'IP',
  accessProvider: '网络接入服务商',
  domainRegistrar: '域名注册服务商',
  interactive: '是否提供互联网交互服务',
  serviceTypes: '服务类型',
  dangerousGoods: '互联网危险物品信息发布',
  permits: '相关前置许可',
  languages: '网站语种',
  state: '办理状态',
  psbNumber: '公安备案号',
  doneAt: '办结时间',
  doneBy: '办结人',
};

/** The form as the record, the approval and the provider profile fill it; the operator completes the rest. */
export function prefillGongan(e: EntityView, w: WebsiteView, provider: string, approvedAt: string | null): GonganFields {
  const p = gonganProfile(provider);
  const [main, ...others] = w.domains;
  return {
    siteName: w.name,
    hasIcpNumber: !!w.icpNumber,
    icpNumber: w.icpNumber ?? '',
    openedOn: approvedAt ? chinaDay(approvedAt) : '',
    mainDomain: main ?? '',
    otherDomains: others,
    ips: [...w.ips],
    accessProvider: p ? { name: p.accessProvider.name, jurisdiction: p.accessProvider.jurisdiction, region: p.accessProvider.region, accessMethod: p.accessProvider.accessMethod } : { name: '', jurisdiction: '', region: '', accessMethod: '' },
    // the registrar is the provider's only when the domain was registered there: prefilled, flagged for checking
    domainRegistrar: p ? { ...p.domainRegistrar } : { name: '', jurisdiction: '', region: '' },
    interactive: false,
    serviceTypes: [e.nature === '个人' ? GONGAN.defaultServiceType.个人 : GONGAN.defaultServiceType.unit],
    dangerousGoods: [],
    permits: [...new Set(w.preApprovals.flatMap((a) => (GONGAN.permitFromPreApproval[a] ? [GONGAN.permitFromPreApproval[a]!] : a ? ['其他'] : [])))],
    languages: [...new Set(w.languages.map((l) => GONGAN.languageFromIcp[l] ?? '其他'))],
  };
}

export interface GonganProblem {
  path: (string | number)[];
  message: string;
}

/** What keeps the form from being filed: required fields, IP format, domains not the website's. */
export function gonganProblems(f: GonganFields, w: WebsiteView): GonganProblem[] {
  const out: GonganProblem[] = [];
  const need = (path: (string | number)[], v: string, label: string) => {
    if (!v.trim()) out.push({ path, message: `请填写${label}` });
  };
  need(['siteName'], f.siteName, '网站名称');
  need(['openedOn'], f.openedOn, '网站开通日期（首次备案通过日期）');
  if (f.hasIcpNumber) need(['icpNumber'], f.icpNumber, '工信部备案号');
  need(['mainDomain'], f.mainDomain, '主域名');
  if (!f.ips.length) out.push({ path: ['ips'], message: '请至少填写一个网站 IP（服务器公网 IP）' });
  f.ips.forEach((ip, i) => {
    if (!isIpAddress(ip)) out.push({ path: ['ips', i], message: `IP 地址“${ip}”格式不正确，如 203.0.113.10` });
  });
  need(['accessProvider', 'name'], f.accessProvider.name, '网络接入服务商名称');
  need(['accessProvider', 'jurisdiction'], f.accessProvider.jurisdiction, '接入商所属地区管辖');
  need(['accessProvider', 'region'], f.accessProvider.region, '接入商所属区域');
  need(['accessProvider', 'accessMethod'], f.accessProvider.accessMethod, '网站接入方式');
  need(['domainRegistrar', 'name'], f.domainRegistrar.name, '域名注册服务商名称');
  need(['domainRegistrar', 'jurisdiction'], f.domainRegistrar.jurisdiction, '域名商所属地区管辖');
  need(['domainRegistrar', 'region'], f.domainRegistrar.region, '域名服务商所属区域');
  if (!f.languages.length) out.push({ path: ['languages'], message: '请选择网站语种' });
  if (f.interactive && !f.serviceTypes.length) out.push({ path: ['serviceTypes'], message: '提供互联网交互服务时请勾选服务类型' });
  const own = new Set(w.domains.map((d) => toAsciiDomain(d) ?? d));
  const ownDomain = (d: string) => own.has(toAsciiDomain(d) ?? d.trim().toLowerCase());
  if (f.mainDomain.trim() && !ownDomain(f.mainDomain)) out.push({ path: ['mainDomain'], message: `主域名“${f.mainDomain}”不是网站“${w.name}”备案的域名（${w.domains.join('、')}）` });
  f.otherDomains.forEach((d, i) => {
    if (d.trim() && !ownDomain(d)) out.push({ path: ['otherDomains', i], message: `从域名“${d}”不是网站“${w.name}”备案的域名` });
  });
  return out;
}
