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
import type { Draft, Finding, Rule, RuleContext, Severity, StoreLookup } from './types';
import { websiteRules } from './websiteRules';
import { preApprovalRules } from './preApprovalRules';

/**
 * The rule catalog's version: bump it with every change to a rule or to what the rules read (a word list,
 * a province fact in resources/data/), so that check-all's kept verdicts (services/checkAll.ts) are all
 * worked out afresh. A verdict of another version is stale.
 */
export const RULE_CATALOG_VERSION = 1;

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
  const people = new Map(record.people.map((p) => [p.id, p]));
  return {
    record,
    province: provinceByName(record.entity.province),
    personal: record.entity.nature === '个人',
    today: options.today ?? new Date(),
    filingType: record.filing.type,
    provider: record.filing.provider,
    validityWarnDays: options.validityWarnDays ?? DEFAULT_VALIDITY_WARN_DAYS,
    person: (id) => people.get(id),
    store: options.store ?? null,
    orderClosed: options.orderClosed ?? false,
  };
}

export function runRules(record: Draft, options: RunOptions = {}, rules: readonly Rule[] = RULES): Finding[] {
  const ctx = contextFor(record, options);
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!applies(rule, ctx)) continue;
    for (const f of rule.check(ctx)) {
      out.push({ ruleId: rule.id, severity: f.severity ?? rule.severity, path: f.path, message: f.message, hint: f.hint ?? '', source: f.source ?? rule.source });
    }
  }
  return out;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
