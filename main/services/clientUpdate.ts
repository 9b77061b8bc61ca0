// An existing client brought up to a record (the 更新 of an Excel re-import). The record is laid over what is
// stored, field by field, and only for the fields the source carries (`columns`: the sheet's mapped columns,
// e.g. `entity.remark`, `person.officePhone`, `website.ips`): a field with no column in the sheet (经营范围,
// which the layout has no column for, or any column an agency's own sheet leaves out) keeps its stored value;
// a blank cell in a column the sheet has empties that field, as emptying it in the form would.
// The 主体负责人 is matched by 证件号码 (added when new). A website is matched by a shared domain or homepage,
// never by name (two websites may share a name; a domain is what a filing names): a row sharing neither is a
// new website; a row sharing with two stored websites is refused. A matched website keeps every stored domain
// and homepage the row leaves out (returned as notes for the result column) and its own 负责人 (no column
// carries it). Nothing the record does not mention is deleted. One transaction; each change leaves its audit entry.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityFieldsOf } from '../db/repositories/entities';
import { personFieldsOf } from '../db/repositories/people';
import { websiteFieldsOf } from '../db/repositories/websites';
import { DeskError } from '../domain/errors';
import { asciiDomainOf } from '../domain/identifiers';
import type { ClientRecord, EntityFields, PersonFields, WebsiteFields } from '../domain/schemas';
import type { EntityView, WebsiteView } from '../domain/views';
import { recordOf } from '../export/record';
import { addPerson, addWebsite, editPerson, editWebsite, getClientClear, updateClientEntity } from './clients';

/** The most domains (and homepages) a website holds (the record format's limit, main/domain/schemas.ts). */
const MAX_DOMAINS = 10;

/**
 * `stored` with the fields of `given` whose `${prefix}.${field}` is among `columns`; a carried field the
 * record left out (an empty optional cell, e.g. 营业期限) becomes null.
 */
function overlay<T extends object>(stored: T, given: object, prefix: string, columns: ReadonlySet<string>): T {
  const out: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  const from = given as Record<string, unknown>;
  for (const key of columns) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const field = key.slice(prefix.length + 1);
    if (field in out || field in from) out[field] = field in from ? from[field] : null;
  }
  return out as T;
}

const domainKey = (d: string) => asciiDomainOf(d) ?? d.toLowerCase();
const homepageKey = (h: string) => h.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');

/** The stored websites a record's website is the same site as: a shared domain or homepage. */
function sameSites(stored: readonly WebsiteView[], w: { domains: readonly string[]; homepages: readonly string[] }): WebsiteView[] {
  const domains = new Set(w.domains.map(domainKey));
  const homepages = new Set(w.homepages.map(homepageKey));
  return stored.filter((x) => x.domains.some((d) => domains.has(domainKey(d))) || x.homepages.some((h) => homepages.has(homepageKey(h))));
}

/** `stored` in its order, then what `given` adds; and which of `stored` `given` left out. */
function kept(stored: readonly string[], given: readonly string[], key: (v: string) => string): { list: string[]; missing: string[] } {
  const givenKeys = new Set(given.map(key));
  const storedKeys = new Set(stored.map(key));
  return { list: [...stored, ...given.filter((v) => !storedKeys.has(key(v)))], missing: stored.filter((v) => !givenKeys.has(key(v))) };
}

/**
 * The record the update would leave client `before` as, for checking before it is written (the import's
 * preview): `given` (a sheet's record, not yet validated) laid over the stored record as the update lays it —
 * only the fields named in `columns`, people matched by 证件号码, websites by a shared domain or homepage with
 * the stored domains and homepages kept — in `given`'s own shape (its people and websites, in its order), so a
 * finding's path still names the sheet's cell. A field the sheet has no column for reads as stored.
 */
export function updatedRecord(before: EntityView, given: { entity?: unknown; people?: unknown; websites?: unknown }, columns: ReadonlySet<string>): typeof given {
  const stored = recordOf(before);
  const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const entity = obj(given.entity);
  const people = Array.isArray(given.people) ? given.people : null;
  const websites = Array.isArray(given.websites) ? given.websites : null;
  return {
    ...given,
    entity: entity ? { ...overlay(stored.entity as Record<string, unknown>, entity, 'entity', columns), principal: entity.principal } : given.entity,
    people: people?.map((p) => {
      const o = obj(p);
      const i = o ? before.people.findIndex((x) => x.certType === o.certType && x.certNumber === o.certNumber) : -1;
      return i < 0 ? p : { ...overlay(stored.people[i] as Record<string, unknown>, o!, 'person', columns), id: o!.id };
    }) ?? given.people,
    websites: websites?.map((w) => {
      const o = obj(w);
      const same = o ? sameSites(before.websites, { domains: strings(o.domains), homepages: strings(o.homepages) }) : [];
      if (same.length !== 1) return w;
      const site = stored.websites[before.websites.indexOf(same[0]!)] as unknown as Record<string, unknown>;
      const domains = kept(same[0]!.domains, columns.has('website.domains') ? strings(o!.domains) : [], domainKey).list;
      const homepages = kept(same[0]!.homepages, columns.has('website.homepages') ? strings(o!.homepages) : [], homepageKey).list;
      return { ...overlay(site, o!, 'website', columns), domains, homepages, principal: o!.principal };
    }) ?? given.websites,
  };
}

/**
 * Updates client `id` from `record`, carrying only the fields named in `columns`. Returns notes for the
 * operator (stored domains a row left out and that were kept). Throws, writing nothing, when a row matches two
 * stored websites, two rows match one, or keeping the stored domains would pass the limit of 10.
 */
export async function updateClientFromRecord(desk: Desk, id: number, record: ClientRecord, source: string, columns: ReadonlySet<string>): Promise<{ notes: string[] }> {
  return await desk.sql.tx(async () => {
    const before = await getClientClear(desk, id);
    const notes: string[] = [];
    const personIds = new Map<string, number>();
    for (const { id: key, ...fields } of record.people) {
      const same = before.people.find((p) => p.certType === fields.certType && p.certNumber === fields.certNumber);
      personIds.set(key, same ? (await editPerson(desk, same.id, overlay<PersonFields>(personFieldsOf(same), fields, 'person', columns))).id : (await addPerson(desk, id, fields)).id);
    }
    const { principal, ...entity } = record.entity;
    const entityFields = overlay<EntityFields>(entityFieldsOf(before), entity, 'entity', columns);
    await updateClientEntity(desk, id, { ...entityFields, principalPersonId: personIds.get(principal) ?? before.principalPersonId });
    const matched = new Map<number, string>();
    for (const { principal: wp, ...w } of record.websites) {
      const same = sameSites(before.websites, w);
      if (same.length > 1) {
        throw new DeskError('CONFLICT', `网站“${w.name}”的域名或首页分属已有的网站${same.map((x) => `“${x.name}”`).join('和')}：一行只能对应一个已有网站，请按已有网站拆分后再导入`);
      }
      const site = same[0];
      if (!site) {
        await addWebsite(desk, id, { ...w, principalPersonId: personIds.get(wp) ?? before.principalPersonId! });
        continue;
      }
      if (matched.has(site.id)) {
        throw new DeskError('CONFLICT', `表中网站“${matched.get(site.id)}”和“${w.name}”都对应已有网站“${site.name}”（有相同的域名或首页）：请合并为一行后再导入`);
      }
      matched.set(site.id, w.name);
      const fields = overlay<WebsiteFields>(websiteFieldsOf(site), w, 'website', columns);
      // a domain or homepage the row leaves out is kept: dropping a filed domain is a 变更网站, never a side effect of an import
      const domains = kept(site.domains, columns.has('website.domains') ? w.domains : [], domainKey);
      const homepages = kept(site.homepages, columns.has('website.homepages') ? w.homepages : [], homepageKey);
      if (domains.list.length > MAX_DOMAINS || homepages.list.length > MAX_DOMAINS) {
        throw new DeskError('VALIDATION', `网站“${site.name}”已登记的域名或首页加上表中新的超过 ${MAX_DOMAINS} 个：导入不删除已登记的域名（${site.domains.join('、')}），请先在客户页删除不再使用的域名后再导入`);
      }
      if (columns.has('website.domains') && domains.missing.length) notes.push(`网站“${site.name}”保留了表中未列出的已登记域名 ${domains.missing.join('、')}`);
      if (columns.has('website.homepages') && homepages.missing.length) notes.push(`网站“${site.name}”保留了表中未列出的首页 ${homepages.missing.join('、')}`);
      await editWebsite(desk, site.id, { ...fields, domains: domains.list, homepages: homepages.list, principalPersonId: site.principalPersonId ?? personIds.get(wp) ?? before.principalPersonId! });
    }
    await appendAudit(desk.ctx, { action: 'entity.import', targetType: 'entity', targetId: id, entityId: id, detail: { source, updated: true, people: record.people.length, websites: record.websites.length, keptDomains: notes.length } });
    return { notes };
  });
}
