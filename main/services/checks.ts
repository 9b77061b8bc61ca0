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

/** The providers the client is 接入 at per its filed state; read only when a rule asks. */
const filedProvidersOf = (desk: Desk, entityId: number | null) => () => (entityId === null ? [] : (latestFiled(desk.ctx, entityId)?.providers ?? []));

function storeLookup(desk: Desk, entityId: number | null): StoreLookup {
  return {
    domainOwners: (ascii) => domainOwners(desk.ctx, ascii, entityId),
    filedProviders: filedProvidersOf(desk, entityId),
    peopleWithCertNumbers: (numbers) => peopleWithCertNumbers(desk.ctx, numbers, entityId),
  };
}

const result = (findings: Finding[]): CheckResult => {
  const sorted = sortFindings(findings);
  return { findings: sorted, counts: countBySeverity(sorted) };
};

/**
 * A record in the record format (possibly incomplete, as typed), checked against the store. `orderClosed`:
 * the record is that of a closed order, whose order-level advice no longer applies.
 */
export function checkDraft(desk: Desk | null, raw: unknown, entityId: number | null = null, today?: Date, orderClosed = false): CheckResult {
  const { draft, findings } = toDraft(raw);
  const validityWarnDays = desk ? readSettings(desk.ctx).validityWarnDays : undefined;
  return result([...findings, ...runRules(draft, { today, store: desk ? storeLookup(desk, entityId) : null, validityWarnDays, orderClosed })]);
}

export function checkClient(desk: Desk, entityId: number, filing?: { type: string | null; provider: string | null }): CheckResult {
  const e = getEntity(desk.ctx, entityId);
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
  more: (e: EntityView) => Finding[] = () => [],
): Promise<{ checked: number; notReady: NotReadyClient[]; warned: NotReadyClient[] }> {
  const ids = allEntityIds(desk.ctx);
  const holders = allDomainHolders(desk.ctx);
  const notReady: NotReadyClient[] = [];
  const warned: NotReadyClient[] = [];
  const { validityWarnDays } = readSettings(desk.ctx);
  const SLICE = 250;
  let checked = 0;
  for (let i = 0; i < ids.length; i += SLICE) {
    if (control.cancelled) break;
    for (const id of ids.slice(i, i + SLICE)) {
      const e = getEntity(desk.ctx, id);
      if (!e) continue;
      const lookup: StoreLookup = {
        domainOwners: (ascii) => ascii.flatMap((d) => (holders.get(d) ?? []).filter((h) => h.entityId !== id).map((h) => ({ domain: d, ...h }))),
        filedProviders: filedProvidersOf(desk, id),
      };
      const { draft, findings } = toDraft(recordOf(e));
      const all = [...findings, ...runRules(draft, { store: lookup, validityWarnDays }), ...more(e)];
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
