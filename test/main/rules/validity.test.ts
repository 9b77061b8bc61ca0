// 证件必须在有效期内 (腾讯云《网站备案 备案类型》, 上传资料): every 负责人's 证件有效期 and the licence's 营业期限,
// expired → 阻断, ending before an order can finish → 警告, read against the day and the desk's warn days.
import { describe, expect, it } from 'vitest';
import { chinaDay } from '../../../main/domain/dates';
import { validityOn } from '../../../main/domain/validity';
import { toDraft } from '../../../main/rules/draft';
import { runRules } from '../../../main/rules/engine';
import { checkDraft } from '../../../main/services/checks';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';

const TODAY = new Date('2026-11-24T12:00:00+08:00');

function validity(record: AnyRecord, validityWarnDays?: number) {
  const { draft } = toDraft(record);
  return runRules(draft, { today: TODAY, validityWarnDays }).filter((f) => f.ruleId === 'V-ID-08' || f.ruleId === 'V-ID-09');
}

type Case = [what: string, validTo: string | null, warnDays: number | undefined, severity: 'error' | 'warning' | 'info' | null];
const PERSON_CASES: Case[] = [
  ['expired years ago', '2020-01-01', undefined, 'error'],
  ['expired yesterday', '2026-11-23', undefined, 'error'],
  ['ends today (still valid, but warns)', '2026-11-24', undefined, 'warning'],
  ['ends in 29 days', '2026-12-23', undefined, 'warning'],
  ['ends in exactly 30 days', '2026-12-24', undefined, null],
  ['ends in 45 days with a 60-day setting', '2027-01-08', 60, 'warning'],
  ['ends in 10 days with the warning switched off (0)', '2026-12-04', 0, null],
  ['长期', '长期', undefined, null],
  ['not entered', null, undefined, 'info'],
  ['a date that does not exist', '2026-02-30', undefined, 'error'],
];

describe('V-ID-08 负责人证件有效期', () => {
  it.each(PERSON_CASES)('%s (%s)', (_what, validTo, warnDays, severity) => {
    const f = validity(individual((r) => (r.people[0].certValidTo = validTo)), warnDays);
    if (severity === null) expect(f).toEqual([]);
    else expect(f.map((x) => [x.ruleId, x.path.join('.'), x.severity])).toEqual([['V-ID-08', 'people.0.certValidTo', severity]]);
  });

  it('names the person and the date it read, and cites the provider document', () => {
    const [f] = validity(individual((r) => (r.people[0].certValidTo = '2020-01-01')));
    expect(f!.message).toBe('负责人“王小明”的证件已过期（有效期至 2020-01-01）');
    expect(f!.source).toContain('腾讯云《网站备案 备案类型》');
    expect(f!.source).toContain('证件必须在有效期内');
  });

  it('says how many days are left when it warns', () => {
    const [f] = validity(individual((r) => (r.people[0].certValidTo = '2026-12-04')));
    expect(f!.message).toContain('2026-12-04');
    expect(f!.message).toContain('还剩 10 天');
  });

  it('checks every person, not only the principal, and names an unnamed one by number', () => {
    const f = validity(enterprise((r) => ((r.entity.certValidTo = '长期'), (r.people[1].certValidTo = '2021-05-05'), (r.people[1].name = ''))));
    expect(f.map((x) => x.path.join('.'))).toEqual(['people.1.certValidTo']);
    expect(f[0]!.message).toContain('负责人2的证件已过期');
  });

  it('warns when the validity starts after today or ends before it starts', () => {
    const future = validity(individual((r) => ((r.people[0].certValidFrom = '2027-01-01'), (r.people[0].certValidTo = '2047-01-01'))));
    expect(future.map((x) => [x.path.join('.'), x.severity])).toEqual([['people.0.certValidFrom', 'warning']]);
    const reversed = validity(individual((r) => ((r.people[0].certValidFrom = '2026-01-01'), (r.people[0].certValidTo = '2025-01-01'))));
    expect(reversed.some((x) => x.severity === 'error' && x.message.includes('早于起始日'))).toBe(true);
  });
});

describe('V-ID-09 营业期限', () => {
  it.each([
    ['expired', '2025-06-30', 'error'],
    ['ends in 20 days', '2026-12-14', 'warning'],
    ['长期', '长期', null],
    ['not entered', null, 'info'],
  ] as const)('%s', (_what, validTo, severity) => {
    const f = validity(enterprise((r) => ((r.entity.certValidTo = validTo), (r.people.forEach((p: AnyRecord) => (p.certValidTo = '长期'))))));
    if (severity === null) expect(f).toEqual([]);
    else expect(f.map((x) => [x.ruleId, x.path.join('.'), x.severity])).toEqual([['V-ID-09', 'entity.certValidTo', severity]]);
  });

  it('reads as the licence’s 营业期限 for a 营业执照', () => {
    const [f] = validity(enterprise((r) => (r.entity.certValidTo = '2025-06-30')));
    expect(f!.message).toBe('营业执照已过期（营业期限至 2025-06-30）');
  });

  it('does not apply to 个人 (the 主办人’s ID is checked as a person)', () => {
    const f = validity(individual((r) => ((r.entity.certValidTo = '2020-01-01'), (r.people[0].certValidTo = '长期'))));
    expect(f).toEqual([]);
  });
});

describe('the same verdict everywhere', () => {
  it('an expired ID blocks the record in checkDraft (forms, CLI check, orders) with the rule’s default warn days', async () => {
    const r = await checkDraft(null, individual((x) => (x.people[0].certValidTo = '2020-01-01')), null, TODAY);
    expect(r.counts.error).toBe(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'V-ID-08', severity: 'error' });
  });

  it('validityOn counts days in calendar days of the China date', () => {
    expect(chinaDay(TODAY)).toBe('2026-11-24');
    expect(validityOn('2026-11-25', TODAY, 30)).toEqual({ state: 'expiring', validTo: '2026-11-25', daysLeft: 1 });
    expect(validityOn('2026-11-23', TODAY, 30)).toMatchObject({ state: 'expired', daysLeft: -1 });
  });
});
