// 前置审批 hints from words: a 主体's 经营范围 and a website's name read against the keyword lists of
// resources/data/preApprovalKeywords.json (checked with zod when loaded).
import { z } from 'zod';
import data from '../../resources/data/preApprovalKeywords.json';
import { PRE_APPROVAL_TYPES } from '../domain/enums';

const schema = z.object({
  source: z.string().min(1),
  devSource: z.string().min(1),
  categories: z
    .array(z.strictObject({ category: z.enum(PRE_APPROVAL_TYPES), words: z.array(z.string().min(1)).min(1), except: z.array(z.string().min(1)) }))
    .min(1),
});

/** Parses the keyword lists; a list without its source, or a category the forms do not offer, is refused. */
export function loadPreApprovalKeywords(raw: unknown) {
  return schema.parse(raw);
}
export const PRE_APPROVAL_KEYWORDS = loadPreApprovalKeywords(data);

// 不含教育培训 / 不包括新闻 / 除医疗器械外: the excluded part, up to the end of its clause
const NEGATION = /(不含|不包含|不包括|不得从事|除)[^，,；;。）)\n]*[）)外]?/g;

export interface KeywordHit {
  category: (typeof PRE_APPROVAL_TYPES)[number];
  /** the words as found in the text */
  words: string[];
}

/** The 前置审批 categories the text points at, with the words found; negated clauses and listed exceptions skipped. */
export function preApprovalHits(text: string, lists = PRE_APPROVAL_KEYWORDS): KeywordHit[] {
  const t = text.replace(NEGATION, ' ');
  // the text lower-cased once for the categories none of whose exceptions it holds (most of them)
  let tLower: string | undefined;
  const out: KeywordHit[] = [];
  for (const c of lists.categories) {
    // an exception covers the word inside it: 医疗器械 is not 医疗 (a phrase the text lacks masks nothing)
    let masked = t;
    // Stryker disable next-line ConditionalExpression: splitting on a phrase the text lacks leaves it as it is
    for (const phrase of c.except) if (masked.includes(phrase)) masked = masked.split(phrase).join(' ');
    // Stryker disable next-line ConditionalExpression: lower-casing the text again gives the same text
    const lowerMasked = masked === t ? (tLower ??= t.toLowerCase()) : masked.toLowerCase();
    const lower = lowerWords(c.words);
    // a list made only for a category found (check-all asks this of every client's scope and every site's name)
    let words: string[] | undefined;
    for (let i = 0; i < lower.length; i++) if (lowerMasked.includes(lower[i]!)) (words ??= []).push(c.words[i]!);
    if (words) out.push({ category: c.category, words });
  }
  return out;
}

// check-all asks this of every client's scope and every site's name: each list's words lower-cased once
const lowered = new WeakMap<readonly string[], string[]>();
function lowerWords(words: readonly string[]): string[] {
  let l = lowered.get(words);
  // Stryker disable next-line ConditionalExpression: lower-casing the list again gives the same words
  if (!l) lowered.set(words, (l = words.map((w) => w.toLowerCase())));
  return l;
}
