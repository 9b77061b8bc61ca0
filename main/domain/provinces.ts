// The 31 provinces (备案归属地): read from resources/data/provinces.json, the one place for province facts.
import { z } from 'zod';
import provinceData from '../../resources/data/provinces.json';
import { loadDataFile } from './dataFiles';

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
  /** Filing rules of this province's 管局, read by main/rules (sources in provinces.json). */
  rules: ProvinceRules;
}

export interface ProvinceRules {
  principalIsLegalRep: boolean;
  /** Every 网站负责人 of an enterprise must be the 法人 as well (河北). */
  sitePrincipalIsLegalRep: boolean;
  nonLegalRepPrincipalRunsSites: boolean;
  /** A 主体负责人 who is not the 法人 brings the 主体负责人法人授权书 (材料清单). */
  principalAuthorisation: boolean;
  /** A 网站负责人 who is not the 法人 brings the 网站负责人法人授权书 (材料清单). */
  sitePrincipalAuthorisation: boolean;
  minorPersonal: 'refuse' | 'under16' | 'guardian' | 'employment';
  localIdPersonal: 'refuse' | 'proof' | 'residentIdOnly' | null;
  /** A 网站负责人 (of any filing) whose 身份证 is from another province brings a local 暂住证/居住证 (江西). */
  sitePrincipalLocalProof: boolean;
  personalForeignersRefused: boolean;
  hkPrincipalUsesPassport: boolean;
  rejectOldLicence: boolean;
  oneDomainPerSite: boolean;
  oneHomepagePerSite: boolean;
  bannedTlds: string[];
  banCcTlds: boolean;
  personalBannedTlds: string[];
  privacyProtectionOff: boolean;
  personalPledgeRemark: PersonalPledge | null;
  personalRemarkFormat: string | null;
  personalSiteNames: string[] | null;
  multiDomainRemark: string;
  multiDomainRemarkRequired: boolean;
  /** The remark is asked of any site with several domains, not only of several prefixes (山东). */
  multiDomainRemarkAnyDomains: boolean;
  /** Different prefixes must be filed as different sites, and no remark lets them share one (广西). */
  onePrefixPerSite: boolean;
  investorMustBeUnit: boolean;
  investorFullName: boolean;
  investorIsLegalRepForEnterprise: boolean;
  riskyNameBothPrincipals: boolean;
  legalRepChangeNeedsFullChange: boolean;
  personalLandline: boolean;
  houseNumberPersonal: boolean;
  domainValidityMonths: number | null;
  /** The 域名证书 the 管局 asks for (材料清单), or null. */
  domainCertificate: DomainCertificateRule | null;
  /** The 网站建设方案书 the 管局 asks of a 主体 with many websites (材料清单), or null. */
  sitePlan: SitePlanRule | null;
  /** A 负责人's 证件 must stay valid this many months past the day of filing (上海), else null. */
  idValidityMonths: number | null;
  beijingDomainOwner: boolean;
}

/** From how many domains a site brings its 域名证书, and whether only a 个人 does (云南). */
export interface DomainCertificateRule {
  minDomains: number;
  /** The domains counted: the site's own, or all the 主体's (陕西: “≥5 domains under 主体”). */
  countedOver: 'site' | 'entity';
  personalOnly: boolean;
}

/** Above how many websites of the 主体 (on record and in the filing) it brings the 网站建设方案书: 单位, 个人. */
export interface SitePlanRule {
  unitMoreThan: number;
  personalMoreThan: number;
}

/** A pledge a personal site writes in its 网站备注: the full text to copy, and the clauses a remark must hold. */
export interface PersonalPledge {
  text: string;
  mustContain: string[];
}

// The pledge's clauses are checked against its text: a clause the text lacks could never be copied from it.
const pledgeSchema = z
  .strictObject({ text: z.string().min(10), mustContain: z.array(z.string().min(2)).min(1) })
  .refine((p) => p.mustContain.every((c) => p.text.includes(c)), '承诺语的每个必含片段须出自承诺全文');

// The facts every part reads are checked here; each rule flag is read (and typed) by ProvinceRules.
const provinceSchema = z.looseObject({
  name: z.string().regex(/^\p{Script=Han}+$/u),
  short: z.string().min(2),
  icpPrefix: z.string().length(1),
  icpPrefixAliases: z.array(z.string().length(1)),
  gbCode: z.string().regex(/^[1-8]\d$/, '须为两位 GB/T 2260 省级代码'),
  smsVerification: z.boolean(),
  sheetSigning: z.enum(['signature', 'signature+pledge', 'signature+fingerprint']),
  rules: z.looseObject({
    personalPledgeRemark: pledgeSchema.nullable(),
    domainCertificate: z.strictObject({ minDomains: z.number().int().min(1), countedOver: z.enum(['site', 'entity']), personalOnly: z.boolean() }).nullable(),
    sitePlan: z.strictObject({ unitMoreThan: z.number().int().min(0), personalMoreThan: z.number().int().min(0) }).nullable(),
  }),
});
export const PROVINCES_FILE_SCHEMA = z.looseObject({ provinces: z.array(provinceSchema).length(31, '须列出 31 个省级行政区') });

loadDataFile('provinces.json', PROVINCES_FILE_SCHEMA, provinceData);
export const PROVINCES: readonly Province[] = provinceData.provinces as Province[];

export const PROVINCE_NAMES = PROVINCES.map((p) => p.name) as [string, ...string[]];

/** Each province by its full name (the first listed, as a search of the list finds it): the rules ask it of every client. */
const BY_NAME: ReadonlyMap<string, Province> = (() => {
  const m = new Map<string, Province>();
  for (const p of PROVINCES) if (!m.has(p.name)) m.set(p.name, p);
  return m;
})();

export function provinceByName(name: string): Province | undefined {
  return BY_NAME.get(name);
}

/** The province of a GB/T 2260 code (first two digits of a 身份证号). */
export function provinceByGbCode(code: string): Province | undefined {
  return PROVINCES.find((p) => p.gbCode === code);
}

/** The province a 备案号 abbreviation (粤, 京, 蜀/川 …) stands for. */
export function provinceByIcpPrefix(prefix: string): Province | undefined {
  return PROVINCES.find((p) => p.icpPrefix === prefix || p.icpPrefixAliases.includes(prefix));
}

/** Every abbreviation a 备案号 may start with (京 … 新, plus aliases such as 川). */
export const ICP_PREFIXES: readonly string[] = PROVINCES.flatMap((p) => [p.icpPrefix, ...p.icpPrefixAliases]);

/** The provinces whose rules set a flag, by full name: one place for “which provinces do X”. */
export const provincesWhere = (flag: keyof ProvinceRules): readonly string[] => PROVINCES.filter((p) => !!p.rules[flag]).map((p) => p.name);
