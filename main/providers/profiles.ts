// Provider profiles (腾讯云, 阿里云, 青云, generic), read from resources/data/providers.json.
import { z } from 'zod';
import providersJson from '../../resources/data/providers.json';
import { loadDataFile } from '../domain/dataFiles';
import { MATERIAL_KIND_IDS } from '../domain/enums';

const profileSchema = z.strictObject({ name: z.string().min(1), company: z.string().min(1).nullable(), companySource: z.string().min(1), serverLocation: z.string().min(1).nullable(), folder: z.string().min(1).regex(/^[^\\/:*?"<>|]+$/, '文件夹名不能含 \\ / : * ? " < > |') });
const limitsSchema = z.strictObject({ homepageNeedsWww: z.boolean().optional(), maxSitesPerOrder: z.number().int().positive().nullable().optional(), maxDomainsPerSite: z.number().int().positive().nullable().optional() });
export const PROVIDERS_FILE_SCHEMA = z.strictObject({
  $comment: z.string(),
  profiles: z.record(z.string().regex(/^[a-z][a-z0-9-]{1,31}$/), profileSchema).refine((p) => 'generic' in p, '须有 generic 配置'),
  filingLimits: z.record(z.string(), z.union([z.string(), limitsSchema])),
  // 公安备案 values per provider: each profile is checked by filings/gongan.ts, which owns its shape
  publicSecurity: z.record(z.string(), z.unknown()).optional(),
  fileNames: z.partialRecord(z.enum([...MATERIAL_KIND_IDS]), z.string().min(1)),
});
const data = loadDataFile('providers.json', PROVIDERS_FILE_SCHEMA, providersJson);

export interface ProviderProfile {
  id: string;
  name: string;
  /** 接入服务提供者 as printed on the 核验单, or null where no source gives it. */
  company: string | null;
  companySource: string;
  /** 服务器放置地点: follows the server's region, so profiles leave it to the settings. */
  serverLocation: string | null;
  folder: string;
}

export const PROVIDER_IDS = Object.keys(data.profiles);

const profiles = data.profiles as Record<string, Omit<ProviderProfile, 'id'>>;

export const isKnownProvider = (id: string) => Object.prototype.hasOwnProperty.call(profiles, id);

export function providerProfile(id: string): ProviderProfile {
  const p = profiles[id] ?? data.profiles.generic!;
  return { id, ...p };
}

/** What the agency prints instead of a profile's facts, per provider (empty: the profile's). */
export type ProviderOverrides = Record<string, { providerName?: string; serverLocation?: string }>;

/** The provider facts of a 核验单: 接入服务提供者 and 服务器放置地点, with a warning for each one left blank. */
export interface ProviderFacts {
  providerName: string;
  serverLocation: string;
  warnings: string[];
}

export function providerFacts(providerId: string | null, overrides: ProviderOverrides): ProviderFacts {
  if (!providerId || !isKnownProvider(providerId)) {
    const what = providerId ? `接入商“${providerId}”没有服务商配置` : '不知道该网站的接入商（还没有包含它的备案订单）';
    return { providerName: '', serverLocation: '', warnings: [`${what}：核验单上的“接入服务提供者”和“服务器放置地点”留空，请先新建备案订单并选择接入商`] };
  }
  const p = providerProfile(providerId);
  const o = overrides[providerId] ?? {};
  const providerName = o.providerName?.trim() || p.company || '';
  const serverLocation = o.serverLocation?.trim() || p.serverLocation || '';
  const warnings: string[] = [];
  if (!providerName) warnings.push(`${p.name}的接入服务提供者全称没有来源可查（${p.companySource}）：核验单上此栏留空，请在 核验单 → 设置 中为${p.name}填写`);
  if (!serverLocation) warnings.push(`${p.name}的服务器放置地点未填写：核验单上此栏留空，请在 核验单 → 设置 中按所购服务器的地域为${p.name}填写`);
  return { providerName, serverLocation, warnings };
}

/** What a provider's console enforces on the filing (V-URL-02, V-DOM-10); null limits are not enforced. */
export interface ProviderFilingLimits {
  homepageNeedsWww: boolean;
  maxSitesPerOrder: number | null;
  maxDomainsPerSite: number | null;
}

const NO_LIMITS: ProviderFilingLimits = { homepageNeedsWww: false, maxSitesPerOrder: null, maxDomainsPerSite: null };

export function providerFilingLimits(id: string | null): ProviderFilingLimits {
  const limits = id ? (data.filingLimits as Record<string, Partial<ProviderFilingLimits> | string>)[id] : undefined;
  return typeof limits === 'object' ? { ...NO_LIMITS, ...limits } : NO_LIMITS;
}

/** A material's file name in a package, from the profile's template: {person}, {site}. */
export function packageFileName(kind: string, values: { person?: string; site?: string }): string {
  const template = (data.fileNames as Record<string, string>)[kind] ?? kind;
  return template.replace('{person}', values.person ?? '').replace('{site}', values.site ?? '').replace(/--+/g, '-').replace(/^-|-$/g, '');
}
