// The engine: a finding carries its rule's severity and source unless it names its own, and an empty hint
// when it gives none; findings sort 阻断, 警告, 提示, then by rule ID, without touching the list given.
import { describe, expect, it } from 'vitest';
import { toDraft } from '../../../main/rules/draft';
import { contextFor, RANKED_RULE_IDS, RULES, runRules, sortFindings } from '../../../main/rules/engine';
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

  it('orders rule IDs as localeCompare does, the ranked ones among themselves and with IDs it does not rank', () => {
    // every catalog rule is ranked, and no two ranked IDs compare equal (a rank apiece stands for localeCompare)
    expect(RULES.every((r) => RANKED_RULE_IDS.includes(r.id))).toBe(true);
    for (let i = 1; i < RANKED_RULE_IDS.length; i++) expect(RANKED_RULE_IDS[i - 1]!.localeCompare(RANKED_RULE_IDS[i]!)).toBeLessThan(0);
    const f = (ruleId: string, severity: Finding['severity'], message = ''): Finding => ({ ruleId, severity, path: [], message, hint: '', source: '' });
    // a fixed shuffle of every ranked ID, at each severity, with IDs not ranked among them (one after, one before, one between)
    const ids = [...RANKED_RULE_IDS, 'V-ZZZ-99', 'A-000', 'V-ID-05a', 'v-dom-01'];
    let seed = 7;
    const shuffled = ids.map((id) => ({ id, key: (seed = (seed * 48271) % 2147483647) })).sort((a, b) => a.key - b.key).map((x) => x.id);
    const given = (['info', 'error', 'warning'] as const).flatMap((s) => shuffled.map((id, i) => f(id, s, String(i))));
    const sev = { error: 0, warning: 1, info: 2 };
    const expected = [...given].sort((a, b) => sev[a.severity] - sev[b.severity] || a.ruleId.localeCompare(b.ruleId));
    expect(sortFindings(given)).toEqual(expected);
    // equal IDs keep their order (a stable sort): the messages of one ID at one severity stay as given
    const same = [f('V-ID-01', 'error', 'a'), f('V-AGE-01', 'error', 'x'), f('V-ID-01', 'error', 'b'), f('X-NEW-01', 'error', 'c'), f('X-NEW-01', 'error', 'd')];
    expect(sortFindings(same).map((x) => x.message)).toEqual(['x', 'a', 'b', 'c', 'd']);
  });

  it('finds a person by id, the last one when two share it', () => {
    const { draft } = toDraft(enterprise());
    const [a] = draft.people;
    const twin = { ...a!, name: '后一位' };
    const first = { ...a!, id: 'first' };
    const ctx = contextFor({ ...draft, people: [first, a!, { ...a!, id: 'other' }, twin] });
    expect(ctx.person('first')).toBe(first);
    expect(ctx.person(a!.id)).toBe(twin);
    expect(ctx.person('other')?.id).toBe('other');
    expect(ctx.person('nobody')).toBeUndefined();
  });
});
