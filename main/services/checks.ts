// Checking clients against the rule catalog: a draft being typed, one stored client, or every client.
import type { Desk } from '../desk';
import { allEntityIds, getEntity } from '../db/repositories/entities';
import { latestFiled } from '../db/repositories/filed';
import { readSettings } from '../db/repositories/settings';
import { allDomainHolders, domainOwners } from '../db/repositories/websites';
import { peopleWithCertNumbers } from '../db/repositories/people';
import { recordOf } from '../export/record';
import type { JobControl } from '../jobs/jobs';
import { yieldToLoop } from '../jobs/jobs';
import { toDraft } from '../rules/draft';
import { countBySeverity, runRules, sortFindings } from '../rules/engine';
import type { Finding, Severity, StoreLookup } from '../rules/types';
import { notFound } from '../domain/errors';
import type { EntityView } from '../domain/views';

export interface CheckResult {
  findings: Finding[];
  counts: Record<Severity, number>;
}

type Owner = { domain: string; entityId: number; name: string };
type CertHolder = { certNumber: string; entityId: number; clientName: string; personName: string };

/**
 * The rules are synchronous and ask the store through `StoreLookup`; the store is async. So the rules run
 * with a lookup that answers from what has been read so far and notes what it could not answer; what was
 * asked is then read and the rules run again, until nothing new is asked (twice in practice: the
 * questions depend on the record, not on the answers). Only what a rule asks for is read.
 */
async function withStoreLookup<T>(desk: Desk, entityId: number | null, run: (store: StoreLookup) => T, holders?: Map<string, { entityId: number; name: string }[]>): Promise<T> {
  const owners = new Map<string, Owner[]>();
  const people = new Map<string, CertHolder[]>();
  let providers: string[] | null = null;
  for (;;) {
    const missingDomains = new Set<string>();
    const missingNumbers = new Set<string>();
    let missingProviders = false;
    const lookup: StoreLookup = {
      domainOwners: (ascii) =>
        ascii.flatMap((d) => {
          if (holders) return (holders.get(d) ?? []).filter((h) => h.entityId !== entityId).map((h) => ({ domain: d, ...h }));
          const known = owners.get(d);
          if (!known) missingDomains.add(d);
          return known ?? [];
        }),
      filedProviders: () => {
        if (providers === null) missingProviders = true;
        return providers ?? [];
      },
      peopleWithCertNumbers: (numbers) =>
        numbers.flatMap((n) => {
          const known = people.get(n);
          if (!known) missingNumbers.add(n);
          return known ?? [];
        }),
    };
    const out = run(lookup);
    if (!missingDomains.size && !missingNumbers.size && !missingProviders) return out;
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

const result = (findings: Finding[]): CheckResult => {
  const sorted = sortFindings(findings);
  return { findings: sorted, counts: countBySeverity(sorted) };
};

/**
 * A record in the record format (possibly incomplete, as typed), checked against the store. `orderClosed`:
 * the record is that of a closed order, whose order-level advice no longer applies.
 */
export async function checkDraft(desk: Desk | null, raw: unknown, entityId: number | null = null, today?: Date, orderClosed = false): Promise<CheckResult> {
  const { draft, findings } = toDraft(raw);
  const validityWarnDays = desk ? (await readSettings(desk.ctx)).validityWarnDays : undefined;
  const ruled = desk ? await withStoreLookup(desk, entityId, (store) => runRules(draft, { today, store, validityWarnDays, orderClosed })) : runRules(draft, { today, store: null, validityWarnDays, orderClosed });
  return result([...findings, ...ruled]);
}

export async function checkClient(desk: Desk, entityId: number, filing?: { type: string | null; provider: string | null }): Promise<CheckResult> {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  return checkDraft(desk, { ...recordOf(e), ...(filing ? { filing } : {}) }, entityId);
}

export interface NotReadyClient {
  id: number;
  name: string;
  counts: Record<Severity, number>;
  /** The first few findings, most severe first, to show in the list. */
  top: Finding[];
}

/**
/**
 * Every client, in slices, against a domain index built once: `notReady` are the clients with blocking
 * findings, `warned` those ready to file but with warnings the operator should look at. `more` adds
 * findings beyond the rules (the materials and photo checks, services/readiness.ts).
 */
export async function checkAllClients(
  desk: Desk,
  control: JobControl,
  more: (e: EntityView) => Promise<Finding[]> = () => Promise.resolve([]),
): Promise<{ checked: number; notReady: NotReadyClient[]; warned: NotReadyClient[] }> {
  const ids = await allEntityIds(desk.ctx);
  const holders = await allDomainHolders(desk.ctx);
  const notReady: NotReadyClient[] = [];
  const warned: NotReadyClient[] = [];
  const { validityWarnDays } = await readSettings(desk.ctx);
  const SLICE = 250;
  let checked = 0;
  for (let i = 0; i < ids.length; i += SLICE) {
    if (control.cancelled) break;
    for (const id of ids.slice(i, i + SLICE)) {
      const e = await getEntity(desk.ctx, id);
      if (!e) continue;
      const { draft, findings } = toDraft(recordOf(e));
      const ruled = await withStoreLookup(desk, id, (store) => runRules(draft, { store: { domainOwners: store.domainOwners, filedProviders: store.filedProviders }, validityWarnDays }), holders);
      const all = [...findings, ...ruled, ...(await more(e))];
      const counts = countBySeverity(all);
      if (counts.error > 0) notReady.push({ id, name: e.name, counts, top: sortFindings(all).slice(0, 3) });
      else if (counts.warning > 0) warned.push({ id, name: e.name, counts, top: sortFindings(all).slice(0, 3) });
      checked++;
    }
    control.progress(checked, ids.length);
    await yieldToLoop();
  }
  return { checked, notReady, warned };
}
