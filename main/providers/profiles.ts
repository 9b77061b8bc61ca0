// Provider profiles (腾讯云, 阿里云, 青云, generic), read from resources/data/providers.json.
import data from '../../resources/data/providers.json';

export interface ProviderProfile {
  id: string;
  name: string;
  company: string | null;
  folder: string;
}

export const PROVIDER_IDS = Object.keys(data.profiles);

export function providerProfile(id: string): ProviderProfile {
  const p = (data.profiles as Record<string, Omit<ProviderProfile, 'id'>>)[id] ?? data.profiles.generic;
  return { id, ...p };
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
