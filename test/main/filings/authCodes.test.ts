import { describe, expect, it } from 'vitest';
import { authCodeInputProblems, authCodeKindFor, authCodeMessage, authCodeState } from '../../../main/filings/authCodes';

const today = new Date(2026, 11, 4, 10, 0); // 2026-12-04, local time as the desk reads days

describe('备案授权码 expiry', () => {
  it.each([
    ['2026-12-03', 30, 'expired', -1],
    ['2026-12-04', 30, 'expiring', 0], // valid through its last day
    ['2026-12-05', 30, 'expiring', 1],
    ['2027-01-02', 30, 'expiring', 29],
    ['2027-01-03', 30, 'valid', 30],
    ['2027-01-03', 60, 'expiring', 30], // the warning window is the one set in 设置
    ['2025-02-28', 30, 'expired', -644],
  ])('a code valid through %s, warned %i days ahead, is %s (%i days left)', (expiresOn, warnDays, state, daysLeft) => {
    expect(authCodeState(expiresOn, today, warnDays)).toEqual({ state, daysLeft });
  });

  it('says what to do with an expired or expiring code, and nothing for a valid one', () => {
    expect(authCodeMessage('备案授权码', 'ABC123', 'ins-1234', { state: 'expired', daysLeft: -1 }, '2026-12-03')).toBe('备案授权码“ABC123”（ins-1234）已于 2026-12-03 过期：请向资源所属账号重新申请后再提交');
    expect(authCodeMessage('备案服务号', 'S1', '1.2.3.4', { state: 'expiring', daysLeft: 5 }, '2026-12-09')).toContain('还剩 5 天');
    expect(authCodeMessage('备案授权码', 'A', 'r', { state: 'valid', daysLeft: 90 }, '2027-03-04')).toBeNull();
  });

  it.each([
    [{ code: ' ', resource: 'ins-1', expiresOn: '2027-01-01' }, ['code']],
    [{ code: 'A', resource: '', expiresOn: '2027-01-01' }, ['resource']],
    [{ code: 'A', resource: 'r', expiresOn: '' }, ['expiresOn']],
    [{ code: 'A', resource: 'r', expiresOn: '2027-02-30' }, ['expiresOn']],
    [{ code: 'A', resource: 'r', expiresOn: '长期' }, ['expiresOn']],
    [{ code: 'x'.repeat(65), resource: 'r', expiresOn: '2027-01-01' }, ['code']],
    // no source gives a format: anything else is stored as given
    [{ code: 'tc-授权码 0001/xyz', resource: 'ins-abc', expiresOn: '2027-01-01' }, []],
  ])('checks the typed code %j', (typed, fields) => {
    expect(authCodeInputProblems({ kind: '备案授权码', ...typed }).map((p) => p.path[0])).toEqual(fields);
  });

  it('names it per provider', () => {
    expect([authCodeKindFor('tencent'), authCodeKindFor('aliyun'), authCodeKindFor('qingcloud')]).toEqual(['备案授权码', '备案服务号', null]);
  });
});
