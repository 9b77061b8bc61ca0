// The record an open order is checked as, in one place: the order's page and its submission gate
// (services/orders.ts checkOrder) and 检查全部客户 for a client with an open order (services/checkAll.ts
// checkOne, rules/checkRecords.ts for a slice) read the same record, so what blocks the order is what
// check-all lists. Pure: a slice's clients are checked on a worker thread with it.
import { CHANGE_FILING_TYPES, type FilingType } from '../domain/enums';
import type { FiledRecord } from '../domain/filed';
import type { EntityView } from '../domain/views';
import { recordOf } from '../export/record';

/** What of an order the record reads: its type, its provider (接入商) and the websites it covers (none named: every one). */
export interface OrderFiling {
  type: FilingType;
  provider: string;
  websiteIds: readonly number[];
}

/** The website rows a filed snapshot covers (a website deleted since is null there and left out). */
export const filedSiteIds = (filed: { record: FiledRecord }): number[] => filed.record.websites.flatMap((w) => (w.websiteId === null ? [] : [w.websiteId]));

/**
 * The record a change order is checked as: the current record (people keyed by stored id) over the filed
 * websites, with the filed snapshot as `filing.before`, websites in the same order on both sides.
 */
export function changeRecord(e: EntityView, filed: { record: FiledRecord }, type: string, provider: string) {
  const after = recordOf(e, true);
  const ids = filedSiteIds(filed);
  const sites = e.websites.map((w, i) => ({ id: w.id, record: after.websites[i]! })).filter((x) => ids.includes(x.id));
  const byId = new Map(filed.record.websites.map((w) => [w.websiteId, w]));
  const beforeSites = [...sites.map((s) => byId.get(s.id)!), ...filed.record.websites.filter((w) => w.websiteId === null || !e.websites.some((x) => x.id === w.websiteId))].map(
    ({ websiteId: _w, provider: _p, ...rest }) => rest,
  );
  return {
    ...after,
    websites: sites.map((s) => s.record),
    filing: { type, provider, before: { entity: filed.record.entity, people: filed.record.people, websites: beforeSites } },
  };
}

/**
 * The record an order is checked as. A change (变更主体 / 变更网站 / 变更备案) with a filed snapshot (`filed`, the
 * client's latest): changeRecord, checked against what was filed. Any other order, or a change with nothing
 * filed: the client's record over the order's websites (every website when it names none), with the order's
 * type and provider and no `before`.
 */
export function orderRecord(e: EntityView, o: OrderFiling, filed: { record: FiledRecord } | null) {
  if (filed && CHANGE_FILING_TYPES.includes(o.type)) return changeRecord(e, filed, o.type, o.provider);
  const record = recordOf(e);
  const websites = o.websiteIds.length ? record.websites.filter((_w, i) => o.websiteIds.includes(e.websites[i]!.id)) : record.websites;
  return { ...record, websites, filing: { type: o.type, provider: o.provider, before: null } };
}
