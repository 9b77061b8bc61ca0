// What goes on a website's 核验单: the values of the layout's fields, the variant (unit or personal) and
// the province's signing requirements, all taken from the stored client and the agency's settings.
import { DeskError } from '../domain/errors';
import { provinceByName } from '../domain/provinces';
import type { EntityView, PersonView } from '../domain/views';
import { charactersNotInFont } from './fontCoverage';
import { SHEET_SIGNING } from './layout';
import { sheetRecordValues } from '../domain/sheetRecord';

export interface SheetSettings {
  /** 接入服务提供者名称 as printed (e.g. 腾讯云计算（北京）有限责任公司), from the order's provider profile or its override. */
  providerName: string;
  /** 接入方式 (MIIT: 专线 / 主机托管 / 虚拟主机 / 云接入 / 其他). */
  accessMethod: string;
  /** 服务器放置地点 (province or city of the data centre). */
  serverLocation: string;
  /** 核验人员, printed beside the verifier's signature box. */
  verifierName: string;
  /** Why a provider box is left blank (unknown provider, no legal name, no location): shown, never silent. */
  warnings: string[];
}

export interface SheetData {
  variant: 'unit' | 'personal';
  provinceName: string;
  fingerprint: boolean;
  pledge: boolean;
  personalLandline: boolean;
  copies: number;
  values: Record<string, string>;
  /** For file names and the checklist. */
  websiteName: string;
  steps: string[];
  /** What the operator must know about this sheet before printing it (a box left blank and why). */
  warnings: string[];
}

/** Whether a client of this province presses a fingerprint beside the signature (the sheet's 手印 box). */
export function signsWithFingerprint(provinceName: string): boolean {
  return provinceByName(provinceName)?.sheetSigning === 'signature+fingerprint';
}

/**
 * What the operator calls each field of the sheet, for a message about its value (内容过长). The layout's own
 * label beside a box is not enough: 证件, 手机 and 邮箱 stand under both 主体负责人 and 网站负责人.
 */
export const SHEET_FIELD_LABELS: Record<string, string> = {
  'entity.name': '主办者名称',
  'entity.nature': '主办者性质',
  'entity.certType': '证件类型',
  'entity.certNumber': '证件号码',
  'entity.certAddress': '证件住所',
  'entity.mailingAddress': '通信地址',
  'entity.investor': '投资人或主管单位',
  'entity.region': '所属区域',
  'principal.name': '主体负责人姓名',
  'principal.cert': '主体负责人证件',
  'principal.officePhone': '主体负责人办公电话',
  'principal.mobile': '主体负责人手机',
  'principal.email': '主体负责人邮箱',
  'sitePrincipal.name': '网站负责人姓名',
  'sitePrincipal.cert': '网站负责人证件',
  'sitePrincipal.officePhone': '网站负责人办公电话',
  'sitePrincipal.mobile': '网站负责人手机',
  'sitePrincipal.email': '网站负责人邮箱',
  'site.name': '网站名称',
  'site.domains': '网站域名',
  'site.homepages': '网站首页URL',
  'site.serviceContent': '网站服务内容',
  'site.preApprovals': '前置审批',
  'site.languages': '网站语言',
  'site.ips': 'IP地址',
  'access.provider': '接入服务提供者',
  'access.method': '接入方式',
  'access.location': '服务器放置地点',
  'verifier.name': '核验人员',
  'verifier.date': '核验日期',
  'signing.date': '签字日期',
};

/** A unit's sheet or a person's. A person has no 公章: their sheet is signed (and fingerprinted where the province asks), never sealed. */
export function sheetVariantOf(entity: Pick<EntityView, 'nature'>): SheetData['variant'] {
  return entity.nature === '个人' ? 'personal' : 'unit';
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A warning for each value with characters the font cannot print: they would come out blank, unnoticed. */
function unprintable(values: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(values)) {
    const missing = charactersNotInFont(value);
    if (missing.length) out.push(`“${SHEET_FIELD_LABELS[field] ?? field}”中的${missing.map((ch) => `“${ch}”（${codePoint(ch)}）`).join('、')}不在核验单的字库里，印出来是空白：请打印后在该处手写补上，或向接入商确认该字的写法`);
  }
  return out;
}

export function sheetDataFor(entity: EntityView, websiteId: number, settings: SheetSettings): SheetData {
  const site = entity.websites.find((w) => w.id === websiteId);
  if (!site) throw new DeskError('NOT_FOUND', `网站（编号 ${websiteId}）不属于客户“${entity.name}”`);
  const person = (id: number | null) => entity.people.find((p) => p.id === id);
  const sitePrincipal = person(site.principalPersonId);
  const province = provinceByName(entity.province);
  const variant = sheetVariantOf(entity);
  const fingerprint = signsWithFingerprint(entity.province);
  const pledge = variant === 'personal' && province?.sheetSigning === 'signature+pledge';
  const steps = [...SHEET_SIGNING.steps[variant]];
  if (fingerprint) steps.splice(1, 0, SHEET_SIGNING.steps.fingerprint);
  if (pledge) steps.splice(1, 0, SHEET_SIGNING.steps.pledge);
  const values: Record<string, string> = {
    ...sheetRecordValues(entity, site),
    'access.provider': settings.providerName,
    'access.method': settings.accessMethod,
    'access.location': settings.serverLocation,
    'verifier.name': settings.verifierName,
    // Dates are written by hand; unit sheets leave the signing date empty (S0, S3, S4).
    'verifier.date': '',
    'signing.date': '',
  };
  return {
    variant,
    provinceName: entity.province,
    fingerprint,
    pledge,
    personalLandline: variant === 'personal' && !!sitePrincipal?.officePhone,
    copies: SHEET_SIGNING.copies[variant],
    websiteName: site.name,
    steps,
    warnings: [...settings.warnings, ...unprintable(values)].map((w) => `网站“${site.name}”的核验单：${w}`),
    values,
  };
}
