// How an approved order changes what is on record (已备案信息), one rule per filing type (seeds 000–004):
// a 首次备案 files the 主体 and its sites at one provider; 接入备案 adds a provider; 新增网站 adds sites;
// a change replaces the part it changed; 注销网站 removes sites, 取消接入 drops a provider and its sites,
// 注销主体 cancels the 主体. Pure: the caller reads the client and writes the result in its transaction.
// What the approval takes from the order is what the order submitted (submittedRecord, kept when it moved to
// 初审中), not the client as it is at approval: an edit made while the 管局 reviewed was never filed.
import { CHANGE_FILING_TYPES, type FilingType } from '../domain/enums';
import type { FiledPerson, FiledRecord, FiledState, FiledWebsite } from '../domain/filed';
import { personKey } from '../domain/filed';
import type { EntityView } from '../domain/views';
import { recordOf } from '../export/record';

export interface ApprovedOrder {
  id: number;
  type: FilingType;
  provider: string;
  websiteIds: number[];
}

export type NextFiled = Omit<FiledState, 'id' | 'version' | 'entityId' | 'filedAt' | 'origin' | 'orderId'>;

/** The current record with people keyed by stored id and the named websites as filed at `provider`. */
export function currentAsFiled(e: EntityView, websiteIds: readonly number[], providerOf: (websiteId: number) => string): FiledRecord {
  const r = recordOf(e, true);
  const websites: FiledWebsite[] = [];
  e.websites.forEach((w, i) => {
    if (!websiteIds.includes(w.id)) return;
    websites.push({ ...r.websites[i]!, websiteId: w.id, provider: providerOf(w.id), icpNumber: w.icpNumber ?? '' });
  });
  return { entity: r.entity, people: r.people, websites };
}

/**
 * The websites an order submits, each with the provider it is filed at: its own websites at its provider,
 * and for a change every filed website at the provider it is filed at (a change submits the filed sites as
 * they are now: rules/orderRecord.ts changeRecord).
 */
function coveredSites(order: ApprovedOrder, prev: FiledState | null): { ids: number[]; providerOf: (websiteId: number) => string } {
  const filed = CHANGE_FILING_TYPES.includes(order.type) ? (prev?.record.websites ?? []) : [];
  const ids = [...new Set([...order.websiteIds, ...filed.flatMap((w) => (w.websiteId === null ? [] : [w.websiteId]))])];
  return { ids, providerOf: (id) => filed.find((w) => w.websiteId === id)?.provider ?? order.provider };
}

/**
 * What an order submits, in filed-record form: the 主体, the websites it covers (coveredSites) and the
 * people these name. Kept with the order when it moves to 初审中; its approval files this, not the client as
 * it is by then. `prev` is the filed state at submission (a change submits the sites filed then).
 */
export function submittedRecord(e: EntityView, order: ApprovedOrder, prev: FiledState | null): FiledRecord {
  const { ids, providerOf } = coveredSites(order, prev);
  const r = currentAsFiled(e, ids, providerOf);
  return { ...r, people: peopleFor(r.entity.principal, r.websites, [r.people]) };
}

/** The submitted record with the 备案号s the approval wrote back onto the client (they are issued at approval). */
function withNumbersOf(e: EntityView, submitted: FiledRecord): FiledRecord {
  return {
    ...submitted,
    entity: { ...submitted.entity, icpNumber: e.icpNumber },
    websites: submitted.websites.map((w) => ({ ...w, icpNumber: e.websites.find((x) => x.id === w.websiteId)?.icpNumber ?? '' })),
  };
}

/** The people a record needs: its 主体负责人 and every website's 负责人, taken from `pool` in that order. */
function peopleFor(entityPrincipal: string, websites: readonly FiledWebsite[], pools: FiledPerson[][]): FiledPerson[] {
  const keys = [entityPrincipal, ...websites.map((w) => w.principal)];
  const out: FiledPerson[] = [];
  for (const k of keys) {
    if (out.some((p) => p.id === k)) continue;
    const p = pools.map((pool) => pool.find((x) => x.id === k)).find(Boolean);
    if (p) out.push(p);
  }
  return out;
}

const providersOf = (websites: readonly FiledWebsite[], extra: readonly string[] = []) => [...new Set([...extra, ...websites.map((w) => w.provider)])];

/** The 备案号s the 管局 holds, as the filed state records them (a website not on record has none). */
export function filedIcpNumbers(filed: FiledState): { entity: string | null; website: (websiteId: number) => string | null } {
  return {
    entity: filed.record.entity.icpNumber ?? filed.entityIcpNumber,
    website: (id) => filed.record.websites.find((w) => w.websiteId === id)?.icpNumber || null,
  };
}

/**
 * The websites whose 备案号 an approved cancellation ends, of the client's `websiteIds`: what the order
 * cancels and nothing else — its own websites for 注销网站, the sites `prev` lists at its provider for
 * 取消接入 (none when nothing is on record: which sites were 接入 there is not known), every one for 注销主体.
 */
export function cancelledWebsiteIds(order: Omit<ApprovedOrder, 'id'>, prev: FiledState | null, websiteIds: readonly number[]): number[] {
  switch (order.type) {
    case '注销网站':
      return websiteIds.filter((id) => order.websiteIds.includes(id));
    case '取消接入': {
      const there = (prev?.record.websites ?? []).filter((w) => w.provider === order.provider).map((w) => w.websiteId);
      return websiteIds.filter((id) => there.includes(id));
    }
    case '注销主体':
      return [...websiteIds];
    default:
      return [];
  }
}

/**
 * The filed state after `order` was approved, or null when the type changes nothing on record (公安备案, and a
 * 注销网站 / 取消接入 with nothing on record to remove from: a version built from nothing would say the 主体
 * has no other site filed).
 * `submitted` is what the order submitted (submittedRecord); an order submitted before the desk kept it
 * (migration 0027) has none, and its approval takes the client's current record `e`, as it always did.
 * The 备案号s come from `e` either way: the approval writes them back there first.
 */
export function filedAfter(prev: FiledState | null, e: EntityView, order: ApprovedOrder, submitted: FiledRecord | null = null): NextFiled | null {
  const covered = coveredSites(order, prev);
  const source = submitted ? withNumbersOf(e, submitted) : currentAsFiled(e, covered.ids, covered.providerOf);
  const now: FiledRecord = { ...source, websites: source.websites.filter((w) => w.websiteId !== null && order.websiteIds.includes(w.websiteId)).map((w) => ({ ...w, provider: order.provider })) };
  const prevSites = prev?.record.websites ?? [];
  const prevPeople = prev?.record.people ?? [];
  const inOrder = (w: FiledWebsite) => w.websiteId !== null && order.websiteIds.includes(w.websiteId);
  const build = (entity: FiledRecord['entity'], websites: FiledWebsite[], pools: FiledPerson[][], providers: string[], status: NextFiled['status'] = '已备案'): NextFiled => ({
    status,
    entityIcpNumber: entity.icpNumber ?? source.entity.icpNumber,
    providers,
    record: { entity, people: peopleFor(entity.principal, websites, pools), websites },
  });
  switch (order.type) {
    case '首次备案':
      return build(now.entity, now.websites, [now.people], [order.provider]);
    case '接入备案': {
      // the 主体 as the 管局 holds it did not change; the sites now 接入 here join those at other providers
      const sites = [...prevSites.filter((w) => !inOrder(w)), ...now.websites];
      return build(prev?.record.entity ?? now.entity, sites, [prevPeople, now.people], providersOf(sites, [...(prev?.providers ?? []), order.provider]));
    }
    case '新增网站': {
      const sites = [...prevSites.filter((w) => !inOrder(w)), ...now.websites];
      return build(prev?.record.entity ?? now.entity, sites, [prevPeople, now.people], providersOf(sites, prev?.providers ?? [order.provider]));
    }
    case '变更主体':
      return build({ ...now.entity, icpNumber: prev?.entityIcpNumber ?? now.entity.icpNumber }, prevSites, [now.people, prevPeople], prev?.providers ?? [order.provider]);
    case '变更网站': {
      const sites = prevSites.map((w) => (inOrder(w) ? { ...now.websites.find((n) => n.websiteId === w.websiteId)!, provider: w.provider, icpNumber: w.icpNumber } : w));
      const entity = prev?.record.entity ?? now.entity;
      return build(entity, sites, [prevPeople.filter((p) => p.id === entity.principal), now.people, prevPeople], prev?.providers ?? [order.provider]);
    }
    case '变更备案': {
      const sites = prevSites.map((w) => {
        const n = w.websiteId === null ? undefined : source.websites.find((x) => x.websiteId === w.websiteId);
        return n ? { ...n, provider: w.provider, icpNumber: w.icpNumber } : w;
      });
      return build({ ...now.entity, icpNumber: prev?.entityIcpNumber ?? now.entity.icpNumber }, sites, [now.people, prevPeople], prev?.providers ?? [order.provider]);
    }
    case '注销网站': {
      if (!prev) return null;
      const sites = prevSites.filter((w) => !inOrder(w));
      return build(prev.record.entity, sites, [prevPeople], prev.providers);
    }
    case '取消接入': {
      if (!prev) return null;
      // the provider link is dropped with the sites 接入 there; the 主体 stays on record (seed 004)
      const sites = prevSites.filter((w) => w.provider !== order.provider);
      return build(prev.record.entity, sites, [prevPeople], prev.providers.filter((p) => p !== order.provider));
    }
    case '注销主体':
      return build(prev?.record.entity ?? now.entity, [], [prevPeople], [], '已注销');
    case '公安备案':
      return null;
  }
}

/** Person key of a stored id, for callers outside this module. */
export { personKey };
