// Runs one rule of the catalog over a record as the desk would (read by toDraft, then the engine with its
// context), for the rule-by-rule tests.
import { toDraft } from '../../../main/rules/draft';
import { RULES, runRules, type RunOptions } from '../../../main/rules/engine';
import type { Finding } from '../../../main/rules/types';
import type { AnyRecord } from '../../fixtures/drafts';

export const TODAY = new Date('2026-11-24T12:00:00+08:00');

/** The findings of the rules with these IDs; the record reader's own findings must be none. */
export function ruleFindings(record: AnyRecord, ids: string | string[], options: RunOptions = {}): Finding[] {
  const { draft, findings } = toDraft(record);
  if (findings.length) throw new Error(`the test record does not fit the format: ${findings.map((f) => f.message).join('; ')}`);
  const wanted = new Set(Array.isArray(ids) ? ids : [ids]);
  return runRules(draft, { today: TODAY, ...options }, RULES.filter((r) => wanted.has(r.id)));
}

/** [path, severity, message] of each finding: what the operator reads, where. */
export const seen = (findings: Finding[]) => findings.map((f) => [f.path.join('.'), f.severity, f.message]);
