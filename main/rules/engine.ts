// Runs the rule catalog over a draft: each rule that applies (province, filing type, 主办者性质) adds its
// findings with its ID, severity and source.
import { provinceByName } from '../domain/provinces';
import { DEFAULT_VALIDITY_WARN_DAYS } from '../domain/validity';
import { changeRules } from './changeRules';
import { identifierRules } from './identifierRules';
import { personRules } from './personRules';
import { duplicatePersonRules } from './duplicatePersonRules';
import { remarkRules } from './remarkRules';
import { reminderRules } from './reminderRules';
import { validityRules } from './validityRules';
import type { Draft, DraftPerson, Finding, Rule, RuleContext, Severity, StoreLookup } from './types';
import { websiteRules } from './websiteRules';
import { preApprovalRules } from './preApprovalRules';

/**
 * The rule catalog's version: bump it with every change to a rule or to what the rules read (a word list,
 * a province fact in resources/data/), so that check-all's kept verdicts (services/checkAll.ts) are all
 * worked out afresh. A verdict of another version is stale.
 * 1 (unnamed): the catalog as first kept. 2: V-MAT-04, a material older than its person's identity.
 * 3: the catalog's province facts read as domain.md §2.1/§4 give them — 湖南 refuses a personal 主办人 under 18,
 * 江西 asks an out-of-province 主办人 for 暂住/居住证, 海南 takes any province's 身份证 but nothing else, the
 * local-身份证 provinces refuse a passport or permit, 河北 a foreigner, 北京 asks a 香港 负责人 for a 护照, 海南 a
 * non-法人 主体负责人 to run the sites (V-AGE-02, V-PROV-01/02) —; the 天津/广西 pledge is checked clause by
 * clause (V-REM-06); any contact change of a 个人 goes by 变更备案 (V-CHG-04/05); a stored domain ending in
 * the root's dot is read without it (V-DOM-04…07).
 * 4: 上海 refuses a 负责人's 证件 valid for less than 3 months (V-ID-08); 广西 files different prefixes as
 * different sites, which no remark replaces (V-DOM-10, not V-REM-02); 山东 asks its remark of any site with several
 * domains (V-REM-02); a domain typed with the full stops of a Chinese input method (例子。中国) is the domain it
 * is (V-DOM-00, V-URL-01); 河北 asks an enterprise's 网站负责人 to be the 法人 too (V-PROV-01); 江西 asks any
 * 网站负责人 with another province's 身份证 for 暂住/居住证, not only a personal 主办人 (V-PROV-02).
 * 5: the 材料清单 V-MAT-01 checks asks 上海 and 福建 for the 网站负责人授权书 of a 网站负责人 who is not the 法人
 * (domain.md §4 rows); 陕西 asks the 域名证书 once the 主体's sites have 5 domains together, not one site alone
 * (§4 “≥5 domains under 主体”); 江西 lists the 暂住/居住证 of a unit's 网站负责人 from another province (§4 江西); and
 * a blank or invalid domain row is no 前缀 nor domain of its own for V-DOM-10 (广西) and V-REM-02.
 * 6: the 材料清单 V-MAT-01 checks asks 广东 for the 网站建设方案书 of a 主体 with more than 30 websites (单位) or 10
 * (个人), those on record and those the filing brings (domain.md §4 cross-province materials).
 * 7: the next filing V-MAT-01 checks (a client without an open order) reads the 已备案信息 history: a site an approved
 * 注销 took off the record is neither filed anew nor counted toward 广东's 网站建设方案书, and a cancelled 主体 with
 * nothing else to file needs no 首次备案 (rules/materialFindings.ts nextFiling).
 */
export const RULE_CATALOG_VERSION = 7;

export const RULES: readonly Rule[] = [...identifierRules, ...validityRules, ...personRules, ...duplicatePersonRules, ...remarkRules, ...websiteRules, ...changeRules, ...preApprovalRules, ...reminderRules];

export interface RunOptions {
  today?: Date;
  store?: StoreLookup | null;
  /** The desk's 设置 value; DEFAULT_VALIDITY_WARN_DAYS when the rules run without a desk. */
  validityWarnDays?: number;
  orderClosed?: boolean;
}

export function applies(rule: Rule, ctx: RuleContext): boolean {
  if (rule.provinces && !(ctx.province && rule.provinces.includes(ctx.province.name))) return false;
  if (rule.filingTypes && !(ctx.filingType && rule.filingTypes.includes(ctx.filingType))) return false;
  if (rule.natures === 'personal' && !ctx.personal) return false;
  if (rule.natures === 'unit' && ctx.personal) return false;
  return true;
}

export function contextFor(record: Draft, options: RunOptions = {}): RuleContext {
  const people = record.people;
  return {
    record,
    province: provinceByName(record.entity.province),
    personal: record.entity.nature === '个人',
    today: options.today ?? new Date(),
    filingType: record.filing.type,
    provider: record.filing.provider,
    validityWarnDays: options.validityWarnDays ?? DEFAULT_VALIDITY_WARN_DAYS,
    person: (id) => personById(people, id),
    store: options.store ?? null,
    orderClosed: options.orderClosed ?? false,
  };
}

/**
 * The person of that id: the last one when two share it, as a map of the people by id answered. Looked up in place
 * (a record has a few people) instead of a map built for every client check-all checks.
 */
function personById(people: readonly DraftPerson[], id: string): DraftPerson | undefined {
  for (let i = people.length - 1; i >= 0; i--) if (people[i]!.id === id) return people[i];
  return undefined;
}

export function runRules(record: Draft, options: RunOptions = {}, rules: readonly Rule[] = RULES): Finding[] {
  const ctx = contextFor(record, options);
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!applies(rule, ctx)) continue;
    // indexed: a for…of over the frozen empty list (NONE) makes an iterator and its results on Node 20's V8
    const found = rule.check(ctx);
    for (let i = 0; i < found.length; i++) {
      const f = found[i]!;
      out.push({ ruleId: rule.id, severity: f.severity ?? rule.severity, path: f.path, message: f.message, hint: f.hint ?? '', source: f.source ?? rule.source });
    }
  }
  return out;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every rule ID the desk writes: the catalog's and those of the findings made outside it (record format, materials, 驳回). */
export const RANKED_RULE_IDS: readonly string[] = [...new Set([...RULES.map((r) => r.id), 'V-REC-01', 'V-MAT-01', 'V-MAT-02', 'V-MAT-03', 'V-MAT-04', 'V-ICP-02', 'V-REJ-01'])].sort((a, b) => a.localeCompare(b));

/**
 * Each of those IDs with its place in localeCompare's order (no two of them compare equal: tested): check-all sorts
 * every client's findings, and two places compared cost a fraction of a localeCompare. An ID not listed is compared
 * with localeCompare as before.
 */
const RULE_RANK: ReadonlyMap<string, number> = new Map(RANKED_RULE_IDS.map((id, i) => [id, i]));

/** a.ruleId.localeCompare(b.ruleId) in sign: by rank when both IDs are ranked. */
function compareRuleIds(a: string, b: string): number {
  const ra = RULE_RANK.get(a);
  const rb = RULE_RANK.get(b);
  // Stryker disable next-line ConditionalExpression: localeCompare for every pair gives the same order (tested), only slower
  return ra !== undefined && rb !== undefined ? ra - rb : a.localeCompare(b);
}

/** Most severe first, then by rule ID (localeCompare's order); a stable sort keeps the rest as it was. */
export function compareFindings(a: Finding, b: Finding): number {
  return ORDER[a.severity] - ORDER[b.severity] || compareRuleIds(a.ruleId, b.ruleId);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
