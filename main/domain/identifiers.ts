// Number formats and check-digit algorithms (shared/docs/domain.md §3.1, §7). Pure functions, no I/O,
// so the renderer's forms, the API and the rule engine share them.
import { ICP_PREFIXES } from './provinces';

/**
 * How typed numbers are normalised before any check, deliberately: full-width digits and letters become
 * ASCII (NFKC), spaces and hyphens inside the number are dropped, a lowercase x becomes X. Anything else
 * (letters in a 身份证 body, wrong length) is refused by the checks, never silently fixed.
 */
export function normalizeNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
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
export function checkResidentId(raw: string, today = new Date()): { ok: true; info: ResidentIdInfo } | { ok: false; problem: ResidentIdProblem } {
  const id = normalizeNumber(raw);
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > todayUtc) {
    return { ok: false, problem: 'birthDate' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]) return { ok: false, problem: 'checkDigit' };
  return {
    ok: true,
    info: {
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
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

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

/** 办公室电话 as the console wants it: 086-区号-号码 (optionally an extension); a mobile is accepted too (S4). */
export const OFFICE_PHONE_RE = /^(086-0\d{2,3}-\d{7,8}(-\d{1,6})?|(086-)?1[3-9]\d{9})$/;

const prefixes = () => `(${ICP_PREFIXES.join('|')})`;
/** 主体备案号 (or an ICP经营许可证号 shown in its place). */
export const ENTITY_ICP_RE = new RegExp(`^${prefixes()}(ICP备(\\d{8}|\\d{10})号|ICP证\\d{6}号)$`);
/** 网站备案号 = 主体备案号 + "-N". */
export const WEBSITE_ICP_RE = new RegExp(`^${prefixes()}(ICP备(\\d{8}|\\d{10})号|ICP证\\d{6}号)-\\d+$`);

/** 公安备案号: 14 digits today, 12–14 in older numbers (domain.md §7). */
export const PSB_RE = new RegExp(`^${prefixes()}公网安备\\s?\\d{12,14}号$`);

/**
 * A domain name as filed: registered names such as example.cn or 中文.中国, no scheme, no path.
 * Uses the WHATWG URL parser (same in Node and the browser) for IDN → punycode.
 */
export function toAsciiDomain(raw: string): string | null {
  const d = raw.trim().toLowerCase().replace(/\.$/, '');
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

/** 110***********002X: first three and last four characters visible. */
export function maskNumber(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}
