// Checking clients against the rule catalog: a draft being typed, one stored client, or every client.
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { latestFiled } from '../db/repositories/filed';
import { readSettings } from '../db/repositories/settings';
import { domainOwners } from '../db/repositories/websites';
import { peopleWithCertNumbers } from '../db/repositories/people';
import { recordOf } from '../export/record';
import { ordersOfEntity, type OrderRow } from '../db/repositories/orders';
import type { EntityView } from '../domain/views';
import { isOpen } from '../filings/stateMachine';
import { orderRecord } from '../rules/orderRecord';
import { CHANGE_FILING_TYPES } from '../domain/enums';
import type { VerdictKey } from '../db/repositories/verdicts';
import { toDraft } from '../rules/draft';
import { countBySeverity, runRules, sortFindings } from '../rules/engine';
import type { Finding, Severity, StoreLookup } from '../rules/types';
import { notFound } from '../domain/errors';
import { byHolder, byOwner, distinctOwners } from '../rules/storeFacts';

export interface CheckResult {
  findings: Finding[];
  counts: Record<Severity, number>;
}

type Owner = { domain: string; entityId: number; name: string };
type CertHolder = { certNumber: string; entityId: number; clientName: string; personName: string };

/** What a batch check reads once for every client: domain → holders, 证件号码 blind index → holders. */
export interface Preloaded {
  domains: Map<string, { entityId: number; name: string }[]>;
  certs: Map<string, { entityId: number; clientName: string; personName: string }[]>;
}


/**
 * The rules are synchronous and ask the store through `StoreLookup`; the store is async. So the rules run
 * with a lookup that answers from what has been read so far and notes what it could not answer; what was
 * asked is then read and the rules run again, until nothing new is asked (twice in practice: the
 * questions depend on the record, not on the answers). Only what a rule asks for is read. `asked`: the
 * keys of other clients the last run asked about (domains, 证件号码 blind indexes), what a kept verdict
 * depends on.
 */
export async function withStoreLookup<T>(desk: Desk, entityId: number | null, run: (store: StoreLookup) => T, preloaded?: Preloaded): Promise<{ out: T; asked: VerdictKey[] }> {
  const owners = new Map<string, Owner[]>();
  const people = new Map<string, CertHolder[]>();
  let providers: string[] | null = null;
  for (;;) {
    const missingDomains = new Set<string>();
    const missingNumbers = new Set<string>();
    const asked: VerdictKey[] = [];
    let missingProviders = false;
    const lookup: StoreLookup = {
      domainOwners: (ascii) => {
        for (const d of ascii) asked.push({ kind: 'domain', shared: d });
        return distinctOwners(
          ascii.flatMap((d) => {
            if (preloaded) return (preloaded.domains.get(d) ?? []).filter((h) => h.entityId !== entityId).map((h) => ({ domain: d, ...h }));
            const known = owners.get(d);
            if (!known) missingDomains.add(d);
            return known ?? [];
          }),
        ).sort(byOwner);
      },
      filedProviders: () => {
        if (providers === null) missingProviders = true;
        return providers ?? [];
      },
      peopleWithCertNumbers: (numbers) =>
        numbers
          .flatMap((n) => {
            if (!n.trim()) return [];
            const index = desk.ctx.codec.index('cert', n);
            asked.push({ kind: 'cert', shared: index });
            if (preloaded) return (preloaded.certs.get(index) ?? []).filter((h) => h.entityId !== entityId).map((h) => ({ certNumber: n, ...h }));
            const known = people.get(n);
            if (!known) missingNumbers.add(n);
            return known ?? [];
          })
          .sort(byHolder),
    };
    const out = run(lookup);
    if (!missingDomains.size && !missingNumbers.size && !missingProviders) return { out, asked };
    if (missingDomains.size) {
      for (const d of missingDomains) owners.set(d, []);
      for (const o of await domainOwners(desk.ctx, [...missingDomains], entityId)) owners.get(o.domain)?.push(o);
    }
    if (missingNumbers.size) {
      for (const n of missingNumbers) people.set(n, []);
      for (const p of await peopleWithCertNumbers(desk.ctx, [...missingNumbers], entityId)) people.get(p.certNumber)?.push(p);
    }
    if (missingProviders) providers = entityId === null ? [] : ((await latestFiled(desk.ctx, entityId))?.providers ?? []);
  }
}

/** What many drafts checked one after the other (an import's rows) read once: the settings, and above a size every holder. */
export interface DraftBatch {
  validityWarnDays: number;
  preloaded?: Preloaded;
}

const result = (findings: Finding[]): CheckResult => {
  const sorted = sortFindings(findings);
  return { findings: sorted, counts: countBySeverity(sorted) };
};

/**
 * A record in the record format (possibly incomplete, as typed), checked against the store. `orderClosed`:
 * the record is that of a closed order, whose order-level advice no longer applies.
 */
export async function checkDraft(desk: Desk | null, raw: unknown, entityId: number | null = null, today?: Date, orderClosed = false, batch?: DraftBatch): Promise<CheckResult> {
  const { draft, findings } = toDraft(raw);
  const validityWarnDays = batch ? batch.validityWarnDays : desk ? (await readSettings(desk.ctx)).validityWarnDays : undefined;
  const ruled = desk ? (await withStoreLookup(desk, entityId, (store) => runRules(draft, { today, store, validityWarnDays, orderClosed }), batch?.preloaded)).out : runRules(draft, { today, store: null, validityWarnDays, orderClosed });
  return result([...findings, ...ruled]);
}

/** The record an order is checked as (rules/orderRecord.ts), a change's filed snapshot read for it: the order's page, the client badge and check-all one by one. */
export async function recordAsOrder(desk: Desk, e: EntityView, o: OrderRow) {
  return orderRecord(e, o, CHANGE_FILING_TYPES.includes(o.type) ? await latestFiled(desk.ctx, e.id) : null);
}

export async function checkClient(desk: Desk, entityId: number, filing?: { type: string | null; provider: string | null }): Promise<CheckResult> {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  if (filing) return checkDraft(desk, { ...recordOf(e), filing }, entityId);
  // no filing asked about: a client with an open order is judged as the order is (rules/orderRecord.ts), so
  // the client badge says what check-all and the order's page say
  const open = (await ordersOfEntity(desk.ctx, entityId)).find((o) => isOpen(o.state));
  if (!open) return checkDraft(desk, recordOf(e), entityId);
  return checkDraft(desk, await recordAsOrder(desk, e, open), entityId);
}
