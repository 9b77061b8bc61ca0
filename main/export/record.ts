// A stored client back into the record format (shared/docs/record-format.md), the inverse of entity add.
import type { ClientRecord } from '../domain/schemas';
import type { EntityView } from '../domain/views';

/**
 * `keyByStoredId` names people by their stored id (p12) instead of their position (p1): filed and current
 * records of one client then name the same person the same way (main/domain/filed.ts).
 */
export function recordOf(e: EntityView, keyByStoredId = false): ClientRecord {
  const key = (personId: number | null) => (personId === null ? '' : keyByStoredId ? `p${personId}` : `p${e.people.findIndex((p) => p.id === personId) + 1}`);
  return {
    formatVersion: 1,
    entity: {
      province: e.province,
      city: e.city,
      district: e.district,
      nature: e.nature as ClientRecord['entity']['nature'],
      certType: e.certType as ClientRecord['entity']['certType'],
      certNumber: e.certNumber,
      name: e.name,
      certAddress: e.certAddress,
      investor: e.investor,
      mailingAddress: e.mailingAddress,
      remark: e.remark,
      icpNumber: e.icpNumber,
      // optional field: left out when not entered, so a record exported before it existed reads the same
      ...(e.certValidTo ? { certValidTo: e.certValidTo } : {}),
      ...(e.businessScope ? { businessScope: e.businessScope } : {}),
      principal: key(e.principalPersonId),
    },
    people: e.people.map((p, i) => ({
      id: keyByStoredId ? `p${p.id}` : `p${i + 1}`,
      name: p.name,
      certType: p.certType as ClientRecord['people'][number]['certType'],
      certNumber: p.certNumber,
      certValidFrom: p.certValidFrom,
      certValidTo: p.certValidTo,
      officePhone: p.officePhone,
      mobile: p.mobile,
      emergencyPhone: p.emergencyPhone,
      email: p.email,
    })),
    websites: e.websites.map((w) => ({
      name: w.name,
      domains: w.domains,
      homepages: w.homepages,
      serviceContent: w.serviceContent as ClientRecord['websites'][number]['serviceContent'],
      preApprovals: w.preApprovals as ClientRecord['websites'][number]['preApprovals'],
      languages: w.languages as ClientRecord['websites'][number]['languages'],
      ips: w.ips,
      remark: w.remark,
      principal: key(w.principalPersonId),
      icpNumber: w.icpNumber,
    })),
  };
}
