// Reference lists the pages show: the rule catalog and the provider profiles.
import { PROVIDER_IDS, providerProfile } from '../providers/profiles';
import { RULES } from '../rules/engine';

export function ruleCatalog() {
  return RULES.map((r) => ({ id: r.id, scope: r.scope, severity: r.severity, title: r.title, source: r.source, provinces: r.provinces ? [...r.provinces] : null }));
}

export function providerList() {
  return PROVIDER_IDS.map((id) => providerProfile(id)).map(({ id, name, company, companySource, serverLocation }) => ({ id, name, company, companySource, serverLocation }));
}
