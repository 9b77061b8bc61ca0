// Single-value validation for the CLI (`validate id|uscc|mobile|domain|url|icp VALUE`): the value is put
// into a minimal draft and the same rules run over it, so there is one implementation of each check.
import { provinceByIcpPrefix, provinceByName } from '../domain/provinces';
import { homepageHost, PSB_RE } from '../domain/identifiers';
import { toDraft } from './draft';
import { RULES, runRules } from './engine';
import { registrableDomain } from './facts';
import type { Finding } from './types';

import type { ValidateKind } from './validateKinds';
export { VALIDATE_KINDS, type ValidateKind } from './validateKinds';

const RULES_FOR: Record<ValidateKind, string[]> = {
  id: ['V-ID-01', 'V-ID-02', 'V-ID-03'],
  uscc: ['V-ID-04', 'V-ID-05', 'V-ID-06', 'V-ID-07'],
  mobile: ['V-FMT-02'],
  domain: ['V-DOM-00', 'V-DOM-04', 'V-DOM-05', 'V-DOM-06', 'V-DOM-07'],
  url: ['V-URL-01', 'V-URL-02'],
  icp: ['V-ICP-01'],
};

/** Accepts a full name (广东省), a short name (广东) or a 备案号 abbreviation (粤). */
export function resolveProvince(input: string | undefined): string {
  if (!input) return '';
  return (provinceByName(input) ?? provinceByIcpPrefix(input) ?? provinceByName(`${input}省`) ?? provinceByName(`${input}市`))?.name ?? '';
}

export function validateValue(kind: ValidateKind, value: string, options: { province?: string; provider?: string; today?: Date } = {}): Finding[] {
  const province = resolveProvince(options.province);
  if (kind === 'icp' && value.includes('公网安备')) return validatePsb(value, province);
  // The value sits in the one field it belongs to; the rest of the draft carries nothing the rules check.
  const person = { id: 'p1', name: '负责人', certType: '护照', certNumber: 'E00000000', mobile: kind === 'mobile' ? value : '13800138000', email: 'a@example.cn' };
  const entity = {
    province,
    nature: kind === 'uscc' ? '企业' : '个人',
    certType: kind === 'uscc' ? '工商营业执照（统一社会信用代码证书）' : kind === 'id' ? '居民身份证' : '护照',
    certNumber: kind === 'uscc' || kind === 'id' ? value : 'E00000000',
    name: '',
    principal: 'p1',
    icpNumber: kind === 'icp' && !/-\d+$/.test(value) ? value : null,
  };
  const host = kind === 'url' ? homepageHost(value) : null;
  const websites =
    kind === 'domain'
      ? [{ name: '网站', domains: [value], homepages: [], principal: 'p1' }]
      : kind === 'url'
        ? [{ name: '网站', domains: [host ? (registrableDomain(host) ?? host) : value], homepages: [value], principal: 'p1' }]
        : kind === 'icp' && /-\d+$/.test(value)
          ? [{ name: '网站', domains: [], homepages: [], principal: 'p1', icpNumber: value }]
          : [];
  const { draft } = toDraft({ entity, people: [person], websites, filing: { provider: options.provider } });
  const ids = new Set(RULES_FOR[kind]);
  const findings = runRules(draft, { today: options.today }, RULES.filter((r) => ids.has(r.id)));
  return findings.map((f) => ({ ...f, path: ['value'] }));
}

/** 公安备案号 are not part of the record; checked here for the CLI only. */
export function validatePsb(value: string, province: string): Finding[] {
  const base = { ruleId: 'V-ICP-02', severity: 'error' as const, path: ['value'], source: '全国互联网安全管理服务平台（beian.mps.gov.cn）公示的公安备案号样式；编码规则无官方说明' };
  const v = value.trim();
  if (!PSB_RE.test(v)) return [{ ...base, message: `公安备案号“${v}”格式不正确`, hint: '格式为 省简称 + 公网安备 + 14 位数字 + 号，如 京公网安备11010802044671号' }];
  const p = provinceByName(province);
  if (p && ![p.icpPrefix, ...p.icpPrefixAliases].includes(v[0]!)) return [{ ...base, message: `公安备案号以“${v[0]}”开头，与${p.name}不符`, hint: '省简称应与网站所在省一致' }];
  return [];
}
