// What the rules ask of other clients (V-DOM-11: a domain another client holds; V-ID-10: a 证件号码 under
// another client's 负责人; the filing-type rule: the providers the 主体 is filed at), answered in advance
// for one client. check-all's cold run reads these facts for the whole store on the thread that owns the
// store, hands each client's share to a worker with the record, and the worker's rules read them here:
// the same answers, in the same order, as the store would give (services/checks.ts withStoreLookup).
import type { StoreLookup } from './types';

export type DomainHolder = { entityId: number; name: string };
export type CertHolder = { entityId: number; clientName: string; personName: string };

/** One client's answers, other clients only: keyed by punycode domain, and by 证件号码 as the rules ask it. */
export interface ClientFacts {
  domains: Map<string, DomainHolder[]>;
  /** The blind index is what a kept verdict keeps of the number (never the number in clear). */
  certs: Map<string, { index: string; holders: CertHolder[] }>;
  /** null: not read (the rules asking for it makes the client's answers incomplete). */
  filedProviders: string[] | null;
}

/** A key of another client's data a verdict asked about (db/repositories/verdicts.ts VerdictKey). */
export interface AskedKey {
  kind: 'domain' | 'cert';
  shared: string;
}

type Owner = { domain: string } & DomainHolder;
type Holder = { certNumber: string } & CertHolder;

// one order whichever way the answers were read (a query per record, preloaded, or handed to a worker), so
// kept and fresh verdicts read alike: by client, then person; a client holding a domain on two websites counts once
export const byOwner = (a: Owner, b: Owner) => a.entityId - b.entityId || a.domain.localeCompare(b.domain);
export const byHolder = (a: Holder, b: Holder) => a.entityId - b.entityId || a.personName.localeCompare(b.personName) || a.certNumber.localeCompare(b.certNumber);
export const distinctOwners = (list: Owner[]) => [...new Map(list.map((o) => [`${o.entityId} ${o.domain}`, o])).values()];

/**
 * A StoreLookup answering from one client's facts. `missing` turns true when a rule asked for something
 * the facts do not hold: the run's findings are then not to be trusted, and the client is checked against
 * the store itself instead.
 */
export function factsLookup(facts: ClientFacts): { store: StoreLookup; asked: AskedKey[]; missing: () => boolean } {
  const asked: AskedKey[] = [];
  let missing = false;
  const store: StoreLookup = {
    domainOwners: (ascii) => {
      for (const d of ascii) asked.push({ kind: 'domain', shared: d });
      // plain loops, the owners' list made only when a domain has holders (check-all asks this of every client)
      let owners: Owner[] | undefined;
      for (const d of ascii) {
        const holders = facts.domains.get(d);
        if (!holders) missing = true;
        else for (const h of holders) (owners ??= []).push({ domain: d, ...h });
      }
      return owners ? distinctOwners(owners).sort(byOwner) : [];
    },
    filedProviders: () => {
      if (facts.filedProviders === null) missing = true;
      return facts.filedProviders ?? [];
    },
    peopleWithCertNumbers: (numbers) => {
      const out: Holder[] = [];
      for (const n of numbers) {
        if (!n.trim()) continue;
        const known = facts.certs.get(n);
        if (!known) {
          missing = true;
          continue;
        }
        asked.push({ kind: 'cert', shared: known.index });
        for (const h of known.holders) out.push({ certNumber: n, ...h });
      }
      return out.sort(byHolder);
    },
  };
  return { store, asked, missing: () => missing };
}
