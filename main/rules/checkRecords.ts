// check-all's rule work for a slice of clients, from plain data alone: each client's record, its answers
// from the rest of the store (storeFacts.ts) and its material findings, all read by the thread that owns
// the store. Pure, so it runs on a worker thread (jobs/taskWorker.ts 'rules.checkClients') or in-thread
// with the same result; the verdict's JSON is made here too, off the store's thread.
import { toDraft } from './draft';
import { countBySeverity, runRules, sortFindings } from './engine';
import { factsLookup, type AskedKey, type ClientFacts } from './storeFacts';
import type { Finding, Severity } from './types';

export interface RecordToCheck {
  id: number;
  /** The client in the record format (export/record.ts recordOf). */
  record: unknown;
  facts: ClientFacts;
  /** Its materials' findings (the checklist of its open order or next filing), already worked out. */
  materials: Finding[];
}

export interface RecordsToCheck {
  today: Date;
  validityWarnDays: number;
  clients: RecordToCheck[];
}

export type CheckedRecord =
  | { id: number; counts: Record<Severity, number>; topJson: string; findingsJson: string; keys: AskedKey[] }
  /** A rule asked what the facts did not hold: check this client against the store instead. */
  | { id: number; incomplete: true };

/** How many findings a kept verdict lists (the not-ready list shows the first few). */
export const TOP_FINDINGS = 3;

export function checkRecords(input: RecordsToCheck): CheckedRecord[] {
  return input.clients.map((c) => {
    const { draft, findings } = toDraft(c.record);
    const lookup = factsLookup(c.facts);
    const ruled = runRules(draft, { store: lookup.store, validityWarnDays: input.validityWarnDays, today: input.today });
    if (lookup.missing()) return { id: c.id, incomplete: true };
    const all = sortFindings([...findings, ...ruled, ...c.materials]);
    return { id: c.id, counts: countBySeverity(all), topJson: JSON.stringify(all.slice(0, TOP_FINDINGS)), findingsJson: JSON.stringify(all), keys: lookup.asked };
  });
}
