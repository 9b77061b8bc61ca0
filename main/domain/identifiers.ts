// Number formats and check-digit algorithms (shared/docs/domain.md §3.1, §7). Pure functions, no I/O,
// so the renderer's forms, the API and the rule engine share them.
import { chinaDay, isCalendarDay } from './dates';
import { ICP_PREFIXES, provinceByName } from './provinces';
import { ANSWERS_KEPT, keptAnswers } from './keptAnswers';

const PLAIN_NUMBER = /^[0-9A-Z]*$/;

/**
 * How typed numbers are normalised before any check, deliberately: full-width digits and letters become
 * ASCII (NFKC), spaces and hyphens inside the number are dropped, a lowercase x becomes X. Anything else
 * (letters in a 身份证 body, wrong length) is refused by the checks, never silently fixed.
 */
export function normalizeNumber(raw: string): string {
  // already plain (ASCII digits and capitals, as every stored number is): NFKC, the dash class and the
  // upper-casing leave it as it is, so skip them (check-all normalises each number many times a client)
  if (PLAIN_NUMBER.test(raw)) return raw;
  // NFKC folds full-width forms (４, Ｘ, －, the ideographic space); the dash class also takes the
  // typographic hyphens an IME or a copied document puts between digit groups.
  return raw.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]/g, '').toUpperCase();
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type ResidentIdProblem = 'length' | 'format' | 'birthDate' | 'checkDigit';

export interface ResidentIdInfo {
  birthDate: string; // YYYY-MM-DD
  male: boolean;
  provinceCode: string;
}

/** 居民身份证号 (GB 11643-1999): structure (V-ID-01), check digit ISO 7064 MOD 11-2 (V-ID-02), real birth date (V-ID-03). */
export function checkResidentId(raw: string, today = new Date()): ResidentIdCheck {
  // the rules ask this of each number several times a check (V-ID-01…03, the age rules, the checklist's
  // 户籍), with one "today": the answers of the last day asked are kept (a few thousand numbers at most)
  const on = chinaDay(today);
  if (residentIdDay !== on || residentIdAnswers.size >= ANSWERS_KEPT) {
    residentIdAnswers.clear();
    residentIdDay = on;
  }
  let r = residentIdAnswers.get(raw);
  if (!r) residentIdAnswers.set(raw, (r = residentIdOn(raw, on)));
  return r;
}

type ResidentIdCheck = { ok: true; info: ResidentIdInfo } | { ok: false; problem: ResidentIdProblem };

let residentIdDay = '';
const residentIdAnswers = new Map<string, ResidentIdCheck>();

function residentIdOn(raw: string, today: string): ResidentIdCheck {
  const id = normalizeNumber(raw);
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate < '1880-01-01' || !isCalendarDay(birthDate) || birthDate > today) return { ok: false, problem: 'birthDate' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]) return { ok: false, problem: 'checkDigit' };
  return {
    ok: true,
    info: {
      birthDate,
      male: Number(id[16]) % 2 === 1,
      provinceCode: id.slice(0, 2),
    },
  };
}

export const RESIDENT_ID_MESSAGES: Record<ResidentIdProblem, string> = {
  length: '居民身份证号码应为 18 位',
  format: '居民身份证号码前 17 位应为数字，最后一位为数字或 X',
  birthDate: '居民身份证号码中的出生日期（第 7–14 位）不是有效日期',
  checkDigit: '居民身份证号码校验位不正确，请核对证件逐位重新输入',
};

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): structure (V-ID-04) and check character (V-ID-05). */
export function checkUscc(raw: string): { ok: true } | { ok: false; problem: 'format' | 'checkDigit' } {
  const code = normalizeNumber(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return { ok: false, problem: 'format' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARS[c] === code[17] ? { ok: true } : { ok: false, problem: 'checkDigit' };
}

export const USCC_MESSAGES = {
  format: '统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）',
  checkDigit: '统一社会信用代码校验位不正确，请对照营业执照逐位核对',
} as const;

/**
 * Whether a typed text may be, or hold, a personal number (证件号码 of any kind, 手机号, 邮箱), so it must not
 * go where it is kept in clear, such as a page's address (the browser's history on disk). Deliberately
 * broad, as the text may be any part of a number typed any way: six digits in all (full-width, between
 * spaces or dots: a birth date's worth of an ID number; a 备案号 too, which is no loss) or an '@'.
 */
export function mayHoldPersonalNumber(text: string): boolean {
  const t = normalizeNumber(text);
  return t.includes('@') || (t.match(/\d/g)?.length ?? 0) >= 6;
}

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

/** 办公室电话 as the console wants it: 086-区号-号码 (optionally an extension); a mobile is accepted too (S4). */
export const OFFICE_PHONE_RE = /^(086-0\d{2,3}-\d{7,8}(-\d{1,6})?|(086-)?1[3-9]\d{9})$/;

const prefixes = () => `(${ICP_PREFIXES.join('|')})`;
/** 主体备案号 (or an ICP经营许可证号 shown in its place). */
export const ENTITY_ICP_RE = new RegExp(`^${prefixes()}(ICP备(\\d{8}|\\d{10})号|ICP证\\d{6}号)$`);
/** 网站备案号 = 主体备案号 + "-N". */
export const WEBSITE_ICP_RE = new RegExp(`^${prefixes()}(ICP备(\\d{8}|\\d{10})号|ICP证\\d{6}号)-\\d+$`);

/**
 * 增值电信业务经营许可证编号 (粤B2-20090059, 粤A2-20044005号, 辽B-2-4-20080039; domain.md §7, approximate):
 * printed in site footers next to the 备案号 and often pasted in its place.
 */
export const TELECOM_LICENCE_RE = new RegExp(`^${prefixes()}[AB]\\d?(-\\d)*-\\d{8}号?$`);

/** A typed 备案号 as compared: full-width forms folded (NFKC), spaces dropped; the hyphen of “-N” stays. */
export function normalizeIcpNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s/g, '').replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** Whether two 备案号s are the same number once normalised; none ('' or null) equals none. */
export const sameIcpNumber = (a: string | null | undefined, b: string | null | undefined): boolean => (a ? normalizeIcpNumber(a) : '') === (b ? normalizeIcpNumber(b) : '');

export type IcpProblem = 'licence' | 'format' | 'websiteNumber' | 'entityNumber' | 'province' | 'notUnderEntity';

export interface IcpCheck {
  /** 主体备案号 (粤ICP备12345678号) or 网站备案号 (…号-1). */
  kind: 'entity' | 'website';
  /** Full province name of the client's 地域; its abbreviation must lead the number. */
  province?: string | null;
  /** For a 网站备案号: the client's 主体备案号, which it must extend. */
  entityIcp?: string | null;
}

/**
 * The one check of a typed 备案号 (approval dialog, client form, API, rule V-ICP-01): format, the
 * 主体 vs 网站 form, the province abbreviation, and a 经营许可证 named as such. null when acceptable.
 */
export function icpNumberProblem(raw: string, check: IcpCheck): { problem: IcpProblem; message: string; hint: string } | null {
  const v = normalizeIcpNumber(raw);
  const what = check.kind === 'entity' ? '主体备案号' : '网站备案号';
  if (TELECOM_LICENCE_RE.test(v)) {
    return { problem: 'licence', message: `“${v}”是增值电信业务经营许可证编号，不是备案号`, hint: `${what}形如 ${check.kind === 'entity' ? '粤ICP备12345678号' : '粤ICP备12345678号-1'}，在工信部备案管理系统（beian.miit.gov.cn）可查` };
  }
  const entityForm = ENTITY_ICP_RE.test(v);
  const websiteForm = WEBSITE_ICP_RE.test(v);
  if (check.kind === 'entity' && websiteForm) {
    return { problem: 'websiteNumber', message: `“${v}”是网站备案号（带“-序号”），主体备案号不带序号`, hint: `填“${v.replace(/-\d+$/, '')}”` };
  }
  if (check.kind === 'website' && entityForm) {
    return { problem: 'entityNumber', message: `“${v}”是主体备案号，网站备案号须带“-序号”`, hint: `如“${v}-1”，序号见管局下发的网站备案号` };
  }
  if (!(check.kind === 'entity' ? entityForm : websiteForm)) {
    return {
      problem: 'format',
      message: `${what}“${v}”格式不正确`,
      hint: check.kind === 'entity' ? '格式为 省简称 + ICP备 + 8 或 10 位数字 + 号，如 粤ICP备12345678号、京ICP备2024077296号' : '网站备案号 = 主体备案号 + “-序号”，如 粤ICP备12345678号-1',
    };
  }
  const province = check.province ? provinceByName(check.province) : undefined;
  if (province && ![province.icpPrefix, ...province.icpPrefixAliases].includes(v[0]!)) {
    return { problem: 'province', message: `${what}“${v}”以“${v[0]}”开头，与客户的地域${province.name}（${province.icpPrefix}）不符`, hint: '备案号的省简称由备案归属地决定：请核对客户的省份或备案号' };
  }
  const entityIcp = check.entityIcp ? normalizeIcpNumber(check.entityIcp) : null;
  if (check.kind === 'website' && entityIcp && v.replace(/-\d+$/, '') !== entityIcp) {
    return { problem: 'notUnderEntity', message: `网站备案号“${v}”不属于主体备案号“${entityIcp}”`, hint: `同一主体下的网站备案号为“${entityIcp}-序号”` };
  }
  return null;
}

/** 公安备案号: 14 digits today, 12–14 in older numbers (domain.md §7). */
export const PSB_RE = new RegExp(`^${prefixes()}公网安备\\s?\\d{12,14}号$`);

/** Lower-case ASCII labels of letters and digits, single inner hyphens (so no punycode "xn--" label), two labels at least. */
const PLAIN_DOMAIN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LONG_LABEL = /[^.]{64}/;
/** A last label the URL parser reads as a number (digits, or 0x and hex digits): an IPv4 address, or no host at all. */
const NUMBER_LAST = /\.(?:\d+|0x[0-9a-f]*)$/;

/**
 * A domain the URL parser gives back unchanged and asciiDomainOf accepts: nothing to trim or lower-case, no
 * trailing dot, labels of 1–63 letters, digits and single inner hyphens, at most 253 characters, the last
 * label not a number. Anything else goes the URL parser's way (test/main/domain/identifiers.test.ts
 * compares the two on generated names).
 */
export function plainAsciiDomain(raw: string): boolean {
  return raw.length <= 253 && PLAIN_DOMAIN.test(raw) && (raw.length < 64 || !LONG_LABEL.test(raw)) && !NUMBER_LAST.test(raw);
}

const keptAsciiDomain = keptAnswers(asciiDomainOf);

/**
 * A domain name as filed: registered names such as example.cn or 中文.中国, no scheme, no path.
 * Uses the WHATWG URL parser (same in Node and the browser) for IDN → punycode.
 */
export function toAsciiDomain(raw: string): string | null {
  // check-all asks this of every domain and homepage host of every client (≈ 6 a client, each new to the kept
  // answers): one already in its filed form is its own answer, as the URL parser below would give it
  return plainAsciiDomain(raw) ? raw : keptAsciiDomain(raw);
}

/**
 * A domain with the full stops a Chinese input method types (。 ． ｡) written as the dots they are: IDNA (UTS #46)
 * reads them so, and 例子。中国 is how a Chinese domain is often typed.
 */
export const withAsciiDots = (raw: string): string => raw.replace(/[\u3002\uFF0E\uFF61]/g, '.');

/** The general way, through the URL parser (exported for the test that holds plainAsciiDomain's quick answer to it). */
export function asciiDomainOf(raw: string): string | null {
  const d = withAsciiDots(raw).trim().toLowerCase().replace(/\.$/, '');
  if (!d || /[\s/:?#@\\]/.test(d) || !d.includes('.')) return null;
  let host: string;
  try {
    host = new URL(`http://${d}`).hostname;
  } catch {
    return null;
  }
  if (host.length > 253) return null;
  const labels = host.split('.');
  if (labels.length < 2) return null;
  for (const label of labels) {
    if (!/^[a-z0-9-]{1,63}$/.test(label) || label.startsWith('-') || label.endsWith('-')) return null;
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null; // an IP address, not a domain
  return host;
}

/** 网站首页URL as filed: a host (optionally with a path), no scheme required. */
// not kept: check-all asks each homepage once (its host's answer is toAsciiDomain's)
export function homepageHost(raw: string): string | null {
  const v = raw.trim().toLowerCase().replace(/^https?:\/\//, '');
  const host = v.split(/[/?#]/)[0] ?? '';
  return toAsciiDomain(host);
}

export function isIpAddress(raw: string): boolean {
  const v = raw.trim();
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v)) return true;
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v)) return false;
  try {
    return new URL(`http://[${v}]`).hostname.length > 2;
  } catch {
    return false;
  }
}

/**
 * 110***********002X, 138****8000, E1****678: at most the first three and the last four characters shown, and
 * never fewer than four hidden — as many as the usual masked mobile hides. A short 证件号码 (an 8-digit 台胞证, a
 * 9-character passport) shown as 3 + 4 left one or two characters to guess, which the exact-number search,
 * unlogged, answers in ten tries. Seven characters or fewer: all hidden.
 */
export function maskNumber(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  const shown = Math.min(7, value.length - 4);
  const tail = Math.min(4, Math.ceil(shown / 2));
  const head = shown - tail;
  return value.slice(0, head) + '*'.repeat(value.length - shown) + value.slice(-tail);
}
