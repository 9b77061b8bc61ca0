// What a website's 核验单 prints from the client's record — the 主体, its 主体负责人, the website and its 网站负责人 —
// and the digest of it a signed scan keeps (migration 0031): once any of it changes, the scan on file no longer
// shows what the record says and must be signed again (filings/checklist.ts). The provider's boxes (接入服务
// 提供者, 接入方式, 服务器放置地点, 核验人员) come from the agency's settings, not the record (sheetData.ts).
import { createHash } from 'node:crypto';
import type { MaterialKind } from './enums';
import type { EntityView, PersonView, WebsiteView } from './views';

/**
 * The 核验单 the desk draws itself (services/sheets.ts): the generated PDF and the same stamped. Each keeps the digest of
 * the record it was drawn from, as a signed scan does, and is judged by it: a signed scan that is the very file of one
 * (the stamped PDF uploaded as the signed sheet) printed what that one printed, not what the record holds at upload.
 */
export const DRAWN_SHEET_KINDS: readonly MaterialKind[] = ['sheet-pdf', 'sheet-stamped'];

const cert = (p: PersonView | undefined) => (p ? `${p.certType} ${p.certNumber}` : '');

/** The values of the sheet's boxes filled from the record, by field (pdf/layout.ts). */
export function sheetRecordValues(entity: EntityView, site: WebsiteView): Record<string, string> {
  const person = (id: number | null) => entity.people.find((p) => p.id === id);
  const personOf = (prefix: string, p: PersonView | undefined) => ({
    [`${prefix}.name`]: p?.name ?? '',
    [`${prefix}.cert`]: cert(p),
    [`${prefix}.officePhone`]: p?.officePhone ?? '',
    [`${prefix}.mobile`]: p?.mobile ?? '',
    [`${prefix}.email`]: p?.email ?? '',
  });
  return {
    'entity.name': entity.name,
    'entity.nature': entity.nature,
    'entity.certType': entity.certType,
    'entity.certNumber': entity.certNumber,
    'entity.certAddress': entity.certAddress,
    'entity.mailingAddress': entity.mailingAddress,
    'entity.investor': entity.investor,
    'entity.region': `${entity.province}${entity.city}${entity.district}`,
    ...personOf('principal', person(entity.principalPersonId)),
    ...personOf('sitePrincipal', person(site.principalPersonId)),
    'site.name': site.name,
    'site.domains': site.domains.join('、'),
    'site.homepages': site.homepages.join('、'),
    'site.serviceContent': site.serviceContent,
    'site.preApprovals': site.preApprovals.length ? site.preApprovals.join('、') : '以上都不涉及',
    'site.languages': site.languages.join('、'),
    'site.ips': site.ips.join('、'),
  };
}

/**
 * The digest of what the website's sheet prints from the record, or null for a website the client does not
 * have. The values hold 证件号码, mobiles and e-mail addresses: `index` is the store's blind index
 * (SensitiveCodec.index), so the stored digest cannot be matched against guessed values without the desk's key.
 */
export function sheetRecordDigest(entity: EntityView, websiteId: number, index: (text: string) => string): string | null {
  const site = entity.websites.find((w) => w.id === websiteId);
  if (!site) return null;
  const values = sheetRecordValues(entity, site);
  const text = JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
  return index(createHash('sha256').update(text).digest('hex'));
}

/**
 * The digest kept for a scan carried from another desk where it was already stale (transfer, 归还): it matches no
 * record, so the scan stays stale here until signed and uploaded again.
 */
export const OUTDATED_ELSEWHERE = 'outdated';

/**
 * Of the stored scans' digests, the scans whose sheet printed other values than the record holds now: each
 * judged against its own client's current record, by the same blind index.
 */
export function outdatedScans(entities: readonly EntityView[], stored: readonly { id: number; entityId: number; websiteId: number; digest: string }[], index: (text: string) => string): Set<number> {
  const out = new Set<number>();
  // check-all hands a whole slice of clients and their scans: a lookup by id, not a search per scan
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const s of stored) {
    const entity = byId.get(s.entityId);
    const now = entity ? sheetRecordDigest(entity, s.websiteId, index) : null;
    if (now !== null && now !== s.digest) out.add(s.id);
  }
  return out;
}
