// Facts read off a person's data that both the rules and the materials checklist ask about.
import { checkResidentId } from './identifiers';

/** The GB/T 2260 province code in a 居民身份证 number, or null for other certificates and invalid numbers. */
export function idProvinceCode(p: { certType: string; certNumber: string } | undefined): string | null {
  if (!p || p.certType !== '居民身份证') return null;
  const r = checkResidentId(p.certNumber);
  return r.ok ? r.info.provinceCode : null;
}

/** 2–4 Chinese characters (optionally with a middle dot): how 法人 names look in 投资人. */
export const looksLikePersonName = (s: string) => /^[\u4e00-\u9fa5·]{2,5}$/.test(s) && !/(公司|集团|中心|局|厅|委|院|所|会|部|社|校|店|厂)$/.test(s);
