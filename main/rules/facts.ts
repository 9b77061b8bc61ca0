// Shared data and small derivations the rules read: word lists and TLD lists from resources/, ages from
// ID numbers, registrable domains.
import { domainToUnicode } from 'node:url';
import { z } from 'zod';
import namesData from '../../resources/data/names.json';
import tldData from '../../resources/data/tlds.json';
import { loadDataFile } from '../domain/dataFiles';
import { chinaDay } from '../domain/dates';
import { checkResidentId, plainAsciiDomain, toAsciiDomain } from '../domain/identifiers';
import { keptAnswers } from '../domain/keptAnswers';
import { NONE, type DraftPerson, type DraftWebsite, type FindingDraft } from './types';

const sourced = { source: z.string().min(4), devSource: z.string().min(2) };
/** A word list: matched as substrings, and/or Unicode regular expressions. */
const wordList = z
  .strictObject({ ...sourced, words: z.array(z.string().min(1)).min(1).optional(), patterns: z.array(z.string().min(1)).min(1).optional() })
  .refine((l) => l.words || l.patterns, '词表须有 words 或 patterns')
  .refine((l) => (l.patterns ?? []).every((p) => { try { new RegExp(p, 'u'); return true; } catch { return false; } }), '词表中的正则表达式无法解析');
const namesSchema = z.strictObject({
  $comment: z.string(),
  siteName: z.strictObject({
    superlatives: wordList,
    gambling: wordList,
    sensitive: wordList,
    national: wordList,
    pureDigits: wordList,
    pureLatin: wordList,
    personalForbiddenStrict: wordList,
    personalForbiddenWarn: wordList,
    preApprovalHints: z.strictObject({ ...sourced, map: z.record(z.string().min(1), z.string().min(1)) }),
  }),
  riskyEntityWords: wordList,
  hospitalWords: wordList,
  houseNumber: wordList,
});
export type WordList = z.infer<typeof wordList>;

/** Parses names.json; a list without its source or its words is refused, so the rules never run on half a list. */
export function loadNames(raw: unknown) {
  return loadDataFile('names.json', namesSchema, raw);
}

export const NAMES = loadNames(namesData);

const compiled = new WeakMap<WordList, RegExp[]>();
/** The first word or pattern of a list found in the text (what matched, as written in the text), else null. */
export function findInList(list: WordList, text: string): string | null {
  const word = list.words?.find((w) => text.includes(w));
  if (word) return word;
  let res = compiled.get(list);
  if (!res) compiled.set(list, (res = (list.patterns ?? []).map((p) => new RegExp(p, 'u'))));
  for (const re of res) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}
const tldList = z.array(z.string().regex(/^\.[^\s.]+(\.[^\s.]+)?$/, '须为以点开头的后缀，如 .com')).min(1);
export const TLDS_SCHEMA = z.strictObject({ $comment: z.string(), notFileable: tldList, commonlyFileable: tldList, notYetApproved: tldList, registrySecondLevel: z.array(z.string().regex(/^[^\s.]+\.[^\s.]+$/, '须为二级后缀，如 com.cn')).min(1) });
export const TLDS = loadDataFile('tlds.json', TLDS_SCHEMA, tldData);

/**
 * The finding `fn` makes of each site (at most one a site), in one list; none: the shared empty list. A plain loop:
 * check-all runs the website rules over every site of every client, and most find nothing.
 */
export function eachSite(sites: readonly DraftWebsite[], fn: (w: DraftWebsite, i: number) => FindingDraft | null): readonly FindingDraft[] {
  let out: FindingDraft[] | undefined;
  for (let i = 0; i < sites.length; i++) {
    const f = fn(sites[i]!, i);
    if (f) (out ??= []).push(f);
  }
  return out ?? NONE;
}

/** 负责人“张三”, or 负责人2 when the name is still empty: never an empty quote in a message. */
export function personLabel(p: Pick<DraftPerson, 'name'> | undefined, index: number): string {
  const name = p?.name.trim();
  return name ? `负责人“${name}”` : `负责人${index + 1}`;
}

/** 网站“星河云官网”, or 网站1 when the name is still empty. */
export function siteLabel(w: Pick<DraftWebsite, 'name'>, index: number): string {
  const name = w.name.trim();
  return name ? `网站“${name}”` : `网站${index + 1}`;
}

/** Whole years between a YYYY-MM-DD birth date and the China day of `today`. */
export function ageOn(birthDate: string, today: Date): number {
  const day = chinaDay(today);
  const age = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

/** Age of a person from a valid 居民身份证号, else null (other documents carry no birth date). */
export function personAge(p: DraftPerson | undefined, today: Date): number | null {
  if (!p || p.certType !== '居民身份证') return null;
  const r = checkResidentId(p.certNumber, today);
  return r.ok ? ageOn(r.info.birthDate, today) : null;
}

export { idProvinceCode } from '../domain/personFacts';

/** A punycode label (xn--fiqs8s) in its Unicode form (中国): both spell the same suffix. */
const unicodeLabel = (label: string) => (label.startsWith('xn--') ? domainToUnicode(label) || label : label);

const SECOND_LEVEL = new Set(TLDS.registrySecondLevel);

/**
 * Where the suffix of a domain already in its filed form (identifiers.ts plainAsciiDomain: lower-case ASCII,
 * no punycode label, two labels at least) starts: after the last dot, or after the one before it when the
 * last two labels are a registry's second level (com.cn) and a label comes before them. The rules ask this
 * of every domain of every client several times; worked out in place, as suffixOf and registeredName
 * would (test/main/rules/facts.test.ts compares them on generated names), instead of kept.
 */
function plainSuffixStart(domain: string): number {
  const last = domain.lastIndexOf('.');
  const prev = domain.lastIndexOf('.', last - 1);
  return prev >= 0 && SECOND_LEVEL.has(domain.slice(prev + 1)) ? prev : last;
}

/**
 * A domain in lower case without the root's dot (shili.hk. is shili.hk): domainField stores domains so, but
 * a record stored before it did may still end in a dot, and its last label would then be empty — a suffix
 * "." that no list holds, so V-DOM-04 let shili.hk. through and V-DOM-07 named "cn." as the registered name.
 */
export const withoutRootDot = (domain: string) => domain.toLowerCase().replace(/\.$/, '');

const keptTld = keptAnswers(suffixOf);

/** The suffix a domain is registered under: ".com", ".com.cn", ".中国" (lower case; a punycode TLD as Unicode). */
export function tldOf(domain: string): string {
  return plainAsciiDomain(domain) ? domain.slice(plainSuffixStart(domain)) : keptTld(domain);
}

/** tldOf of any text, the general way (exported for the test that compares the quick way with it). */
export function suffixOf(domain: string): string {
  const labels = withoutRootDot(domain).split('.').map(unicodeLabel);
  const two = labels.slice(-2).join('.');
  if (labels.length >= 3 && TLDS.registrySecondLevel.includes(two)) return `.${two}`;
  return `.${labels[labels.length - 1]}`;
}

const keptRegistered = keptAnswers(registeredName);

/** The registered name (example.com.cn) of a host or domain; null when the syntax is not a domain. */
export function registrableDomain(domain: string): string | null {
  return plainAsciiDomain(domain) ? domain.slice(domain.lastIndexOf('.', plainSuffixStart(domain) - 1) + 1) : keptRegistered(domain);
}

/** registrableDomain of any text, the general way (exported for the test that compares the quick way with it). */
export function registeredName(domain: string): string | null {
  const ascii = toAsciiDomain(domain);
  if (!ascii) return null;
  const labels = withoutRootDot(domain).split('.');
  const suffixLabels = tldOf(domain).split('.').length - 1;
  return labels.slice(-(suffixLabels + 1)).join('.');
}

/**
 * A 国别/地区 suffix (two letters): not .cn, and not one of the suffixes seed 004 lists as commonly
 * fileable in 北京 (.cc, .tv), which are two letters but filed like .com.
 */
export const countryCodeTld = (tld: string) => /^\.[a-z]{2}$/.test(tld) && tld !== '.cn' && !TLDS.commonlyFileable.includes(tld);

/** Characters counted for a name's length: letters, digits and CJK count one each; "() -" and spaces do not. */
export function nameLength(name: string): number {
  // [...text].length without the list of characters made: code points, a surrogate pair counted once
  const text = name.replace(/[()（）\s-]/g, '');
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      // past the end: NaN, no low surrogate
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export const hasHouseNumber = (address: string) => findInList(NAMES.houseNumber, address) !== null;

/**
 * The domains of a site that are domains: a blank row or a mistyped one is V-DOM-00's to name, and no 前缀 (nor a
 * domain) of its own for V-DOM-10 and V-REM-02 — it made “2 个前缀（shili、）” of one domain and an empty row.
 */
export const validDomains = (domains: readonly string[]) => domains.filter((d) => toAsciiDomain(d) !== null);

/** Second-level label (the part before the TLD) of a domain: what "前缀" means in the remark rules. */
export function domainPrefix(domain: string): string {
  const reg = registrableDomain(domain) ?? domain;
  return reg.split('.')[0] ?? reg;
}
