// check-all's rule work for a slice of clients, from plain data alone: each stored client, its answers
// from the rest of the store (storeFacts.ts) and its materials with their stored photo results, all read
// by the thread that owns the store. Pure, so it runs on a worker thread (jobs/taskWorker.ts
// 'rules.checkClients') or in-thread with the same result; the record, the next filing's material
// checklist and the verdict's JSON are made here too, off the store's thread.
import type { EntityView, MaterialView } from '../domain/views';
import { recordOf } from '../export/record';
import { gateChecklist, type PhotoVerdict } from '../filings/checklist';
import { checklistFindings, prospectiveItems } from './materialFindings';
import { toDraft } from './draft';
import { keptAnswers } from '../domain/keptAnswers';
import { countBySeverity, runRules, sortFindings } from './engine';
import { factsLookup, type AskedKey, type ClientFacts } from './storeFacts';
import type { Finding, Severity } from './types';

/** A client without an open order: its next filing's checklist, its photos judged by their stored results. */
export interface NextFilingMaterials {
  provider: string;
  materials: MaterialView[];
  /** Every photo among the materials: its stored result for the provider, or unchecked without one. */
  photos: [materialId: number, verdict: PhotoVerdict][];
}

export interface RecordToCheck {
  id: number;
  client: EntityView;
  facts: ClientFacts;
  /** Its materials' findings: worked out already (the checklist of an open order), or what they are worked out from. */
  materials: Finding[] | NextFilingMaterials;
}

/** The material findings of a client without an open order, as services/readiness.ts materialFindings(…, false) gives them. */
function nextFilingFindings(client: EntityView, m: NextFilingMaterials): Finding[] {
  const photos = new Map(m.photos);
  // Stryker disable next-line ArrayDeclaration: no acceptances without an order; a list holding a string instead matches no slot either (x.slot is undefined)
  return checklistFindings(gateChecklist(prospectiveItems(client, m.provider, m.materials), (id) => photos.get(id) ?? null, []), null);
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

const FINDING_KEYS = ['ruleId', 'severity', 'path', 'message', 'hint', 'source'];
/** JSON of a rule's ID, a severity or a source: a few hundred strings, each quoted once. */
const quote = keptAnswers((s: string) => JSON.stringify(s), 4096);

/**
 * JSON.stringify(f), byte for byte: a finding of the usual shape (its six keys in order, text where text is
 * expected) written with its long constant parts — the source above all — quoted once; anything else as
 * JSON.stringify writes it.
 */
export function findingJson(f: Finding): string {
  const keys = Object.keys(f);
  // Which of the two writes a finding changes only the cost, never the bytes (tested both ways): a guard made
  // stricter sends more to JSON.stringify; the length check is implied by the keys compared one by one. What
  // must hold — a missing text or a path not a list never takes the quick write — is not disabled.
  const usual =
    // Stryker disable next-line ConditionalExpression,EqualityOperator: implied by the next line's key-by-key compare
    keys.length === FINDING_KEYS.length &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrowFunction,BooleanLiteral: stricter only sends the usual shape to JSON.stringify
    keys.every((k, i) => k === FINDING_KEYS[i]) &&
    // Stryker disable next-line EqualityOperator,StringLiteral: never true, i.e. stricter
    typeof f.ruleId === 'string' &&
    // Stryker disable next-line EqualityOperator,StringLiteral: never true, i.e. stricter
    typeof f.severity === 'string' &&
    // Stryker disable next-line StringLiteral: never true, i.e. stricter
    typeof f.message === 'string' &&
    // Stryker disable next-line StringLiteral: never true, i.e. stricter
    typeof f.hint === 'string' &&
    // Stryker disable next-line StringLiteral: never true, i.e. stricter
    typeof f.source === 'string' &&
    Array.isArray(f.path);
  // Stryker disable next-line ConditionalExpression: JSON.stringify for every finding writes the same bytes
  if (!usual) return JSON.stringify(f);
  return `{"ruleId":${quote(f.ruleId)},"severity":${quote(f.severity)},"path":${JSON.stringify(f.path)},"message":${JSON.stringify(f.message)},"hint":${JSON.stringify(f.hint)},"source":${quote(f.source)}}`;
}

/**
 * `[${parts.join(',')}]` and the same of the first TOP_FINDINGS parts, each made by one join, so each is one flat
 * string: a bracket added around a join's result is a string of two parts, which the UTF-8 encoding of the
 * columns (verdictColumns: its byteLength, then its write) first copied into a flat one. `parts` is changed.
 */
export function listJson(parts: string[]): { topJson: string; findingsJson: string } {
  const n = parts.length;
  if (n === 0) return { topJson: '[]', findingsJson: '[]' };
  parts[0] = `[${parts[0]!}`;
  parts[n - 1] = `${parts[n - 1]!}]`;
  const findingsJson = parts.join(',');
  if (n <= TOP_FINDINGS) return { topJson: findingsJson, findingsJson };
  const top = parts.slice(0, TOP_FINDINGS);
  top[TOP_FINDINGS - 1] = `${top[TOP_FINDINGS - 1]!}]`;
  return { topJson: top.join(','), findingsJson };
}

export function checkRecords(input: RecordsToCheck): CheckedRecord[] {
  return input.clients.map((c) => {
    const { draft, findings } = toDraft(recordOf(c.client));
    const lookup = factsLookup(c.facts);
    const ruled = runRules(draft, { store: lookup.store, validityWarnDays: input.validityWarnDays, today: input.today });
    if (lookup.missing()) return { id: c.id, incomplete: true };
    const materials = Array.isArray(c.materials) ? c.materials : nextFilingFindings(c.client, c.materials);
    const all = sortFindings([...findings, ...ruled, ...materials]);
    // each finding stringified once: the list's JSON and its first few's are the same pieces joined
    // (JSON.stringify of an array of objects is '[' + each one's JSON joined by ',' + ']')
    const parts = all.map(findingJson);
    const { topJson, findingsJson } = listJson(parts);
    return { id: c.id, counts: countBySeverity(all), topJson, findingsJson, keys: lookup.asked };
  });
}
