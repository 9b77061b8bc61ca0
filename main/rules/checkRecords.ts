// check-all's rule work for a slice of clients, from plain data alone: each stored client, its answers
// from the rest of the store (storeFacts.ts) and its materials with their stored photo results, all read
// by the thread that owns the store. Pure, so it runs on a worker thread (jobs/taskWorker.ts
// 'rules.checkClients') or in-thread with the same result; the record, the next filing's material
// checklist, the verdict's top findings as JSON and the digest of its whole findings list are made here too, off
// the store's thread.
import type { FiledRecord } from '../domain/filed';
import type { EntityView, MaterialView } from '../domain/views';
import type { PhotoVerdict } from '../filings/checklist';
import { nextFilingFindings as materialsOfNextFiling } from './materialFindings';
import { draftOfView, toDraft } from './draft';
import { orderRecord, type OrderFiling } from './orderRecord';
import { keptAnswers } from '../domain/keptAnswers';
import { normalizeNumber, toAsciiDomain } from '../domain/identifiers';
import { compareFindings, countBySeverity, runRules } from './engine';
import { factsLookup, type AskedKey, type ClientFacts } from './storeFacts';
import type { Finding, Severity } from './types';

/** A client without an open order: its next filing's checklist, its photos judged by their stored results. */
export interface NextFilingMaterials {
  provider: string;
  materials: MaterialView[];
  /** Every photo among the materials: its stored result for the provider, or unchecked without one. */
  photos: [materialId: number, verdict: PhotoVerdict][];
  /** Signed 核验单 scans whose sheet printed other values than the record holds now (domain/sheetRecord.ts outdatedScans). */
  outdated?: number[];
  /** Sites an approved 注销 took off the record (db/repositories/filed.ts websitesOffRecordOf): not filed anew. */
  offRecord?: number[];
}

/**
 * A client's open order, which its rules are judged with as the order's own check judges them (rules/orderRecord.ts
 * orderRecord): the order's type, provider and websites, and for a change the filed snapshot's record as `before`.
 */
export interface OrderToCheck extends OrderFiling {
  /** The client's filed snapshot's record, for a change (变更主体 / 变更网站 / 变更备案) when one is filed; else null. */
  filed: { record: FiledRecord } | null;
}

export interface RecordToCheck {
  id: number;
  client: EntityView;
  facts: ClientFacts;
  /** Its materials' findings: worked out already (the checklist of an open order), or what they are worked out from. */
  materials: Finding[] | NextFilingMaterials;
  /** Its open order, if it has one (its facts then hold the filed providers, which the filing-type rule asks). */
  order?: OrderToCheck;
}

/** The material findings of a client without an open order, as services/readiness.ts materialFindings(…, false) gives them. */
function nextFilingFindings(client: EntityView, m: NextFilingMaterials): Finding[] {
  return materialsOfNextFiling(client, m.provider, m.materials, (id) => photoOf(m.photos, id), m.outdated, m.offRecord);
}

/** A photo's verdict among a client's few, the last one listed for it as a map of them answered; null without one. */
function photoOf(photos: NextFilingMaterials['photos'], id: number): PhotoVerdict | null {
  for (let i = photos.length - 1; i >= 0; i--) if (photos[i]![0] === id) return photos[i]![1];
  return null;
}

export interface RecordsToCheck {
  today: Date;
  validityWarnDays: number;
  clients: RecordToCheck[];
}

export type CheckedRecord =
  | { id: number; counts: Record<Severity, number>; topJson: string; findingsDigest: number; keys: AskedKey[] }
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
  // Which of the two writes a finding changes only the cost, never the bytes (tested both ways): a guard made
  // stricter sends more to JSON.stringify. What must hold — a missing text or a path not a list never takes the
  // quick write — is not disabled.
  const usual =
    // Stryker disable next-line ConditionalExpression: never true, i.e. stricter
    usualKeys(f) &&
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
 * Whether Object.keys(f) would list exactly FINDING_KEYS, in order, without the list made (check-all writes the top
 * findings of every client): a for…in lists the own enumerable keys first, in Object.keys's order, then inherited
 * ones — so the six keys listed, the last of them f's own, are f's own keys and all of them.
 */
// Stryker disable all: any answer stricter than this one only sends more findings to JSON.stringify, which writes the
// same bytes; the looser answers (a key out of order, one more or less, one inherited or hidden) are tested
function usualKeys(f: object): boolean {
  let i = 0;
  for (const k in f) {
    if (k !== FINDING_KEYS[i]) return false;
    i++;
  }
  return i === FINDING_KEYS.length && Object.hasOwn(f, 'source');
}
// Stryker restore all

/**
 * The JSON of a verdict's first TOP_FINDINGS findings, as JSON.stringify writes the list, made by one join so that
 * it is one flat string: a bracket added around a join's result is a string of two parts, which the UTF-8 encoding
 * of the columns (verdictColumns: its byteLength, then its write) first copied into a flat one.
 */
export function topJson(findings: readonly Finding[]): string {
  const n = Math.min(findings.length, TOP_FINDINGS);
  if (n === 0) return '[]';
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(findingJson(findings[i]!));
  parts[0] = `[${parts[0]!}`;
  parts[n - 1] = `${parts[n - 1]!}]`;
  return parts.join(',');
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a (32 bits) from h over a text's length, then its UTF-16 code units: with the length first, two different lists of texts never feed it the same sequence. */
function mixText(h: number, s: string): number {
  h = Math.imul(h ^ s.length, FNV_PRIME);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
/** A number of a path (a list index), told from a text of that many characters by a value no text's length takes here. */
const PATH_NUMBER = 0x10000;

/**
 * A digest of a verdict's whole findings list (FNV-1a, 32 bits, over each finding's rule ID, severity, path, message,
 * hint and source, each text after its length, the list's and each path's length first), kept in place of the list
 * itself: nothing in the desk reads a kept verdict's findings beyond its first few (topJson) and its counts, and the
 * list was ≈ 2.5 KB of JSON a client written for every client of a cold run. The digest lets the tests compare a
 * kept verdict with a fresh check finding for finding (a stale verdict kept would show), at ≈ 1 ns a character.
 * Not a safeguard against anyone: a check of the desk's own bookkeeping.
 */
export function findingsDigest(findings: readonly Finding[]): number {
  let h = Math.imul(FNV_OFFSET ^ findings.length, FNV_PRIME);
  for (const f of findings) {
    h = mixText(h, f.ruleId);
    h = mixText(h, f.severity);
    h = Math.imul(h ^ f.path.length, FNV_PRIME);
    for (const p of f.path) h = typeof p === 'number' ? Math.imul(Math.imul(h ^ PATH_NUMBER, FNV_PRIME) ^ p, FNV_PRIME) : mixText(h, p);
    h = mixText(h, f.message);
    h = mixText(h, f.hint);
    h = mixText(h, f.source);
  }
  return h >>> 0;
}

/**
 * One client's findings, in the order a verdict keeps them (most severe first), and the keys its verdict keeps: those
 * of other clients they depended on, and those it holds itself (heldKeys); null when a rule asked what the facts did
 * not hold (the client is checked against the store).
 */
export function recordFindings(c: RecordToCheck, today: Date, validityWarnDays: number): { findings: Finding[]; keys: AskedKey[] } | null {
  // with an open order, the order's record (its type, provider, websites, and a change's `before`); else the client's own
  const { draft, findings } = c.order ? toDraft(orderRecord(c.client, c.order, c.order.filed)) : draftOfView(c.client);
  const lookup = factsLookup(c.facts);
  const ruled = runRules(draft, { store: lookup.store, validityWarnDays, today });
  if (lookup.missing()) return null;
  // the facts hold the index of every person's number (checkAllSlice.ts factsOf): one missing, the store answers instead
  const held = heldKeys(c.client, (n) => c.facts.certs.get(n)?.index);
  if (!held) return null;
  const materials = Array.isArray(c.materials) ? c.materials : nextFilingFindings(c.client, c.materials);
  return { findings: sortInPlace(findings.concat(ruled, materials)), keys: lookup.asked.concat(held) };
}

/**
 * The keys a client holds, by which other clients' rules find it: the punycode of every domain of every website
 * (V-DOM-11) and the blind index of every person's normalised 证件号码 (V-ID-10). A verdict keeps them beside the
 * keys its own rules asked, so that a change of the client marks the verdicts that found it: a client with an open
 * order is checked as the order's record (orderRecord.ts), which leaves out its other websites (a change: the
 * unfiled ones), yet the others' V-DOM-11 finds it by their domains all the same. `certIndex`: a normalised
 * number's blind index; null when it has none to give (the caller then checks the client against the store).
 */
export function heldKeys(client: EntityView, certIndex: (normalized: string) => string | undefined): AskedKey[] | null {
  const keys: AskedKey[] = [];
  for (const w of client.websites) {
    for (const d of w.domains) {
      const ascii = toAsciiDomain(d);
      if (ascii) keys.push({ kind: 'domain', shared: ascii });
    }
  }
  for (const p of client.people) {
    const n = normalizeNumber(p.certNumber);
    if (!n.trim()) continue;
    const index = certIndex(n);
    if (index === undefined) return null;
    keys.push({ kind: 'cert', shared: index });
  }
  return keys;
}

/**
 * The list sorted by compareFindings, stably, in place: the order sortFindings gives (a stable sort's result is
 * the same whichever the algorithm), by insertion — a client has a dozen findings or so, and Array.prototype.sort
 * copied them into a work array of its own and sortFindings into a new list first.
 */
export function sortInPlace(list: Finding[]): Finding[] {
  for (let i = 1; i < list.length; i++) {
    const f = list[i]!;
    let j = i - 1;
    while (j >= 0 && compareFindings(list[j]!, f) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = f;
  }
  return list;
}

/**
 * What a verdict keeps of a client's findings (most severe first): their counts, the first few as JSON (what the
 * lists show) and the digest of the whole list in place of the list.
 */
export function keptOfFindings(findings: readonly Finding[]): { counts: Record<Severity, number>; topJson: string; findingsDigest: number } {
  return { counts: countBySeverity(findings), topJson: topJson(findings), findingsDigest: findingsDigest(findings) };
}

export function checkRecords(input: RecordsToCheck): CheckedRecord[] {
  return input.clients.map((c) => {
    const r = recordFindings(c, input.today, input.validityWarnDays);
    if (!r) return { id: c.id, incomplete: true };
    return { id: c.id, ...keptOfFindings(r.findings), keys: r.keys };
  });
}
