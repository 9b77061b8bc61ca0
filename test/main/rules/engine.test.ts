// The engine: a finding carries its rule's severity and source unless it names its own, and an empty hint
// when it gives none; findings sort 阻断, 警告, 提示, then by rule ID, without touching the list given.
import { describe, expect, it } from 'vitest';
import { toDraft } from '../../../main/rules/draft';
import { runRules, sortFindings } from '../../../main/rules/engine';
import type { Finding, Rule } from '../../../main/rules/types';
import { enterprise } from '../../fixtures/drafts';

const rule = (check: Rule['check']): Rule => ({ id: 'V-TEST-01', scope: 'entity', severity: 'warning', title: '测试规则', source: '测试来源', devSource: 'test', check });

describe('the rule engine', () => {
  it('fills in the rule’s severity and source and an empty hint, and keeps what a finding names itself', () => {
    const { draft } = toDraft(enterprise());
    const found = runRules(draft, {}, [rule(() => [{ path: ['entity'], message: '甲' }, { path: ['entity', 'name'], message: '乙', hint: '提示', severity: 'error', source: '另一来源' }])]);
    expect(found).toEqual([
      { ruleId: 'V-TEST-01', severity: 'warning', path: ['entity'], message: '甲', hint: '', source: '测试来源' },
      { ruleId: 'V-TEST-01', severity: 'error', path: ['entity', 'name'], message: '乙', hint: '提示', source: '另一来源' },
    ]);
  });

  it('sorts by severity, then rule ID, into a new list', () => {
    const f = (ruleId: string, severity: Finding['severity']): Finding => ({ ruleId, severity, path: [], message: '', hint: '', source: '' });
    const given = [f('V-DOM-09', 'info'), f('V-ID-02', 'warning'), f('V-REM-01', 'error'), f('V-AGE-01', 'error'), f('V-DOM-01', 'info')];
    const before = [...given];
    expect(sortFindings(given).map((x) => x.ruleId)).toEqual(['V-AGE-01', 'V-REM-01', 'V-ID-02', 'V-DOM-01', 'V-DOM-09']);
    expect(given).toEqual(before);
  });
});
