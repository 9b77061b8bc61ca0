// V-ID-08 / V-ID-09 word for word: what an operator reads for an expired, expiring, missing or unreadable
// 有效期 and for a start date that cannot be (证件必须在有效期内, 腾讯云《网站备案 备案类型》上传资料). The day is
// 2026-11-24; the warn days default to 30 (README "Filing rules").
import { describe, expect, it } from 'vitest';
import { enterprise, individual } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

const person = (validFrom: string | null, validTo: string | null) => individual((r) => ((r.people[0].certValidFrom = validFrom), (r.people[0].certValidTo = validTo)));
const WHO = '负责人“王小明”的证件';

describe('V-ID-08 a 负责人’s 证件有效期', () => {
  it('expired: the date read, and what to do', () => {
    const f = ruleFindings(person(null, '2020-01-01'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'error', `${WHO}已过期（有效期至 2020-01-01）`]]);
    expect(f[0]!.hint).toContain('换领新证');
  });

  it('expiring: the days left, and the warn days of 设置 in the hint', () => {
    const f = ruleFindings(person(null, '2026-12-04'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'warning', `${WHO}的有效期到 2026-12-04 为止，还剩 10 天，订单可能在到期前办不完`]]);
    expect(f[0]!.hint).toContain('当前 30 天');
    expect(ruleFindings(person(null, '2026-12-04'), 'V-ID-08', { validityWarnDays: 60 })[0]!.hint).toContain('当前 60 天');
  });

  it('not entered: a note, how to enter 长期', () => {
    const f = ruleFindings(person(null, null), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'info', `未填写${WHO}的有效期，无法判断是否在有效期内`]]);
    expect(f[0]!.hint).toContain('长期');
  });

  it('not a date: the text read, and the two forms allowed', () => {
    const f = ruleFindings(person(null, '2026-02-30'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'error', `${WHO}的有效期“2026-02-30”不是有效日期`]]);
    expect(f[0]!.hint).toBe('格式为 YYYY-MM-DD，或“长期”');
  });

  it('a start date after today warns at the start date; today itself is fine', () => {
    const f = ruleFindings(person('2026-11-25', '长期'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidFrom', 'warning', `${WHO}的有效期起始日 2026-11-25 晚于今天`]]);
    expect(f[0]!.hint).toBe('核对证件上的签发日期');
    expect(ruleFindings(person('2026-11-24', '长期'), 'V-ID-08')).toEqual([]);
  });

  it('a start that is no day — not on the calendar, 长期, not a whole date — is an error at the start date', () => {
    for (const from of ['2015-02-30', '长期', 'x2027-01-01', '2027-01-01x']) {
      const f = ruleFindings(person(from, '长期'), 'V-ID-08');
      expect(seen(f), from).toEqual([['people.0.certValidFrom', 'error', `${WHO}的有效期起始日“${from}”不是有效日期`]]);
      expect(f[0]!.hint).toBe('按证件上的签发日期填写，格式为 YYYY-MM-DD（“长期”只用于有效期止）');
    }
    // beside an expired end, both are told
    expect(seen(ruleFindings(person('2015-02-30', '2020-01-01'), 'V-ID-08')).map((x) => x[0])).toEqual(['people.0.certValidTo', 'people.0.certValidFrom']);
  });

  it('an end before the start is named beside the expiry; the same day is no such mistake', () => {
    const f = ruleFindings(person('2020-01-01', '2019-12-31'), 'V-ID-08');
    expect(seen(f)).toEqual([
      ['people.0.certValidTo', 'error', `${WHO}已过期（有效期至 2019-12-31）`],
      ['people.0.certValidTo', 'error', `${WHO}的有效期止 2019-12-31 早于起始日 2020-01-01`],
    ]);
    expect(f[1]!.hint).toBe('核对证件上的有效期限');
    expect(seen(ruleFindings(person('2026-11-24', '2026-11-24'), 'V-ID-08')).map((x) => x[1])).toEqual(['warning']);
    expect(seen(ruleFindings(person('2020-01-01', '-2019-12-31'), 'V-ID-08'))).toEqual([['people.0.certValidTo', 'error', `${WHO}的有效期“-2019-12-31”不是有效日期`]]);
  });
});

describe('V-ID-09 the 主体’s certificate', () => {
  it('calls a licence’s term 营业期限, any other certificate’s 有效期', () => {
    expect(seen(ruleFindings(enterprise((r) => (r.entity.certValidTo = '2020-01-01')), 'V-ID-09'))).toEqual([['entity.certValidTo', 'error', '营业执照已过期（营业期限至 2020-01-01）']]);
    const unit = enterprise((r) => ((r.entity.nature = '事业单位'), (r.entity.certType = '事业单位法人证书（统一社会信用代码证书）'), (r.entity.certValidTo = '2020-01-01')));
    expect(seen(ruleFindings(unit, 'V-ID-09'))).toEqual([['entity.certValidTo', 'error', '主体证件已过期（有效期至 2020-01-01）']]);
  });
});

// §4 上海 “ID valid >3 months” (腾讯云《各省管局要求》2017: 负责人个人身份证件有效期须在 3 个月以上, 单位与个人)
describe('V-ID-08 上海: a 负责人’s certificate valid for 3 months at least', () => {
  const inShanghai = (base: typeof individual, validTo: string) =>
    base((r) => {
      r.entity.province = '上海市';
      r.people[0].certValidTo = validTo;
    });

  it('refuses one that ends within 3 months, where elsewhere it would pass or only warn', () => {
    const f = ruleFindings(inShanghai(individual, '2027-01-31'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'error', `${WHO}的有效期到 2027-01-31 为止，不足 3 个月：上海管局要求负责人证件有效期在 3 个月以上`]]);
    expect(f[0]!.hint).toBe('换领新证后再提交，并更新证件信息、有效期与证件照片');
    expect(f[0]!.source).toContain('上海：负责人证件有效期须在 3 个月以上');
    expect(seen(ruleFindings(inShanghai(individual, '2026-12-04'), 'V-ID-08')).map((x) => x[1])).toEqual(['error']);
    expect(ruleFindings(individual((r) => (r.people[0].certValidTo = '2027-01-31')), 'V-ID-08')).toEqual([]);
  });

  it('asks it of a unit’s 负责人 too; 3 months to the day, 长期 and later ends pass', () => {
    expect(seen(ruleFindings(inShanghai(enterprise, '2027-02-23'), 'V-ID-08')).map((x) => [x[0], x[1]])).toEqual([['people.0.certValidTo', 'error']]);
    for (const validTo of ['2027-02-24', '2030-01-01', '长期']) expect(ruleFindings(inShanghai(individual, validTo), 'V-ID-08'), validTo).toEqual([]);
  });

  it('calls an expired certificate expired, not short of 3 months', () => {
    const f = ruleFindings(inShanghai(individual, '2020-01-01'), 'V-ID-08');
    expect(seen(f)).toEqual([['people.0.certValidTo', 'error', `${WHO}已过期（有效期至 2020-01-01）`]]);
    expect(f[0]!.hint).toBe('证件必须在有效期内：换领新证后更新证件信息与有效期，并重新上传证件照片');
  });
});
