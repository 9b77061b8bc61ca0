// The 31 provinces (备案归属地): read from resources/data/provinces.json, the one place for province facts.
import provinceData from '../../resources/data/provinces.json';

export interface Province {
  /** Full name as used in the record format, e.g. 广东省 */
  name: string;
  /** Short name, e.g. 广东 */
  short: string;
  /** 备案号 abbreviation, e.g. 粤 */
  icpPrefix: string;
  /** Other abbreviations seen in real 备案号 (Sichuan: 川 besides 蜀) */
  icpPrefixAliases: string[];
  /** GB/T 2260 province code: first two digits of a 身份证号 address code */
  gbCode: string;
  /** MIIT SMS-verification pilot province (Aliyun list, dated) */
  smsVerification: boolean;
  /** Tencent 核验单 signing rule */
  sheetSigning: 'signature' | 'signature+pledge' | 'signature+fingerprint';
}

export const PROVINCES: readonly Province[] = provinceData.provinces as Province[];

export const PROVINCE_NAMES = PROVINCES.map((p) => p.name) as [string, ...string[]];

export function provinceByName(name: string): Province | undefined {
  return PROVINCES.find((p) => p.name === name);
}

/** Every abbreviation a 备案号 may start with (京 … 新, plus aliases such as 川). */
export const ICP_PREFIXES: readonly string[] = PROVINCES.flatMap((p) => [p.icpPrefix, ...p.icpPrefixAliases]);
