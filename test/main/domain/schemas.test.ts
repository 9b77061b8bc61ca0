import { describe, expect, it } from 'vitest';
import { PROVINCES } from '../../../main/domain/provinces';
import { HOST_NATURES } from '../../../main/domain/enums';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { companyRecord } from '../../fixtures/records';

const paths = (r: ReturnType<typeof clientRecordSchema.safeParse>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')));

describe('province and enum data', () => {
  it('has the 31 provinces with unique 备案号 abbreviations', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES.map((p) => p.icpPrefix)).size).toBe(31);
    expect(PROVINCES.find((p) => p.name === '四川省')?.icpPrefixAliases).toEqual(['川']);
  });
  it('lists every 主办者性质 from domain.md §2.3', () => {
    expect(HOST_NATURES).toHaveLength(18);
    expect(HOST_NATURES).toContain('个人');
  });
});

describe('client record (record-format.md)', () => {
  it('accepts a complete generated record', () => {
    const r = clientRecordSchema.safeParse(companyRecord(1));
    expect(paths(r)).toEqual([]);
  });

  it('refuses unknown fields, naming them', () => {
    const rec = { ...companyRecord(1), extra: 1, entity: { ...companyRecord(1).entity, colour: 'red' } };
    const r = clientRecordSchema.safeParse(rec);
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues);
    expect(text).toContain('extra');
    expect(text).toContain('colour');
  });

  it('refuses a principal that names no person', () => {
    const rec = companyRecord(1);
    rec.entity.principal = 'p9';
    rec.websites![0]!.principal = 'p7';
    expect(paths(clientRecordSchema.safeParse(rec))).toEqual(['entity.principal', 'websites.0.principal']);
  });

  it('refuses a 证件类型 the 主办者性质 does not allow', () => {
    const rec = companyRecord(1);
    rec.entity.certType = '居民身份证';
    const r = clientRecordSchema.safeParse(rec);
    expect(paths(r)).toContain('entity.certType');
    expect(JSON.stringify(r.error?.issues)).toContain('主办者性质为“企业”时');
  });

  it('refuses a wrong 身份证 check digit, a bad mobile and a bad e-mail with Chinese messages', () => {
    const rec = companyRecord(1);
    rec.people[0]!.certNumber = '340524198001010013';
    rec.people[0]!.mobile = '1380013800';
    rec.people[1]!.email = 'not-an-email';
    const r = clientRecordSchema.safeParse(rec);
    const byPath = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toEqual({
      'people.0.certNumber': '居民身份证号码校验位不正确，请核对证件逐位重新输入',
      'people.0.mobile': '手机号码应为 11 位数字，以 13–19 开头，例如 13800138000',
      'people.1.email': '电子邮箱格式不正确，例如 zhang@example.cn',
    });
  });

  it('refuses duplicate and malformed domains', () => {
    const rec = companyRecord(1, { domains: ['a-shili.cn', 'A-SHILI.cn', 'http://x.cn'] });
    const r = clientRecordSchema.safeParse(rec);
    expect(paths(r)).toEqual(expect.arrayContaining(['websites.0.domains.2', 'websites.0.domains.1']));
  });

  it('refuses formatVersion 2 with a clear message', () => {
    const r = clientRecordSchema.safeParse({ ...companyRecord(1), formatVersion: 2 });
    expect(r.error?.issues[0]?.message).toContain('不支持的记录格式版本');
  });
});
