import { describe, expect, it } from 'vitest';
import { PROVINCES } from '../../../main/domain/provinces';
import { HOST_NATURES } from '../../../main/domain/enums';
import { clientRecordSchema, personFieldsSchema, personShape, websiteFieldsSchema } from '../../../main/domain/schemas';
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

  // a column an agency sheet lacks leaves the field out: the message asks for it, it does not call it the wrong type
  it('asks for a text field left out, and calls one of another type not text', () => {
    const rec = companyRecord(1);
    const { city: _city, ...entity } = rec.entity;
    const messages = (r: ReturnType<typeof clientRecordSchema.safeParse>) => r.error?.issues.map((i) => i.message) ?? [];
    expect(messages(clientRecordSchema.safeParse({ ...rec, entity }))).toEqual(['请填写市']);
    expect(messages(clientRecordSchema.safeParse({ ...rec, entity: { ...entity, city: 42 } }))).toEqual(['市应为文本']);
  });

  it('refuses unknown fields, naming them', () => {
    const rec = { ...companyRecord(1), extra: 1, entity: { ...companyRecord(1).entity, colour: 'red' } };
    const r = clientRecordSchema.safeParse(rec);
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues);
    expect(text).toContain('extra');
    expect(text).toContain('colour');
  });

  it('refuses a certificate day that is not on the calendar, and 长期 as a start: the record, the form\'s person and its field alike', () => {
    const messages = (from: string | null, to: string | null) => {
      const rec = companyRecord(1);
      rec.people[0]!.certValidFrom = from;
      rec.people[0]!.certValidTo = to;
      const inRecord = (clientRecordSchema.safeParse(rec).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
      // the person form (person.create / person.update, the Excel import's rows go through the record) says the same
      const { id: _id, ...person } = rec.people[0]!;
      const inForm = (personFieldsSchema.safeParse(person).error?.issues ?? []).map((i) => `people.0.${i.path.join('.')}: ${i.message}`);
      expect(inForm).toEqual(inRecord);
      return inRecord;
    };
    expect(messages('2015-02-30', '2035-02-29')).toEqual([
      'people.0.certValidFrom: 证件有效期起“2015-02-30”不是日历上有的日期（如 2 月 30 日），请按证件核对',
      'people.0.certValidTo: 证件有效期止“2035-02-29”不是日历上有的日期（如 2 月 30 日），请按证件核对',
    ]);
    expect(messages('长期', '长期')).toEqual(['people.0.certValidFrom: 证件有效期起格式应为 YYYY-MM-DD（“长期”只用于有效期止）']);
    expect(messages('2015/01/01', '2035-13-01')).toEqual([
      'people.0.certValidFrom: 证件有效期起格式应为 YYYY-MM-DD（“长期”只用于有效期止）',
      'people.0.certValidTo: 证件有效期止“2035-13-01”不是日历上有的日期（如 2 月 30 日），请按证件核对',
    ]);
    expect(messages('2016-02-29', '长期')).toEqual([]);
    expect(messages(null, null)).toEqual([]);
    // the form field on its own (PersonFieldsGroup's rule)
    expect(personShape.certValidFrom.safeParse('2015-02-30').success).toBe(false);
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

  // §3.4: one domain, however spelled — its Unicode and punycode forms, with or without the root's dot
  it('refuses the same domain twice in one site when only its spelling differs, naming both', () => {
    const messages = (domains: string[]) => {
      const r = websiteFieldsSchema.safeParse({ name: '示例官网', domains, homepages: ['www.shili.cn'], serviceContent: '单位门户网站', principalPersonId: 1 });
      return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(messages(['中文.中国', 'xn--fiq228c.xn--fiqs8s'])).toEqual([['domains.1', '域名“xn--fiq228c.xn--fiqs8s”与“中文.中国”是同一个域名，重复']]);
    expect(messages(['shili.cn', 'Shili.CN.'])).toEqual([['domains.1', '域名“shili.cn”重复']]);
    expect(messages(['shili.cn', 'shili.com.cn'])).toEqual([]);
  });

  it('stores a domain in its canonical form: trimmed, lower case, without the root’s dot; the Unicode form as typed', () => {
    const domains = (list: string[]) => {
      const r = websiteFieldsSchema.safeParse({ name: '示例官网', domains: list, homepages: ['www.shili.hk'], serviceContent: '单位门户网站', principalPersonId: 1 });
      return r.success ? r.data.domains : r.error.issues.map((i) => i.message);
    };
    expect(domains([' Shili.HK. ', '中文.中国.'])).toEqual(['shili.hk', '中文.中国']);
    expect(domains(['shili.cn..'])).toEqual(['域名格式不正确：“shili.cn..”，应为已注册的域名，如 example.cn（不带 http:// 与路径）']);
  });

  // a Chinese domain typed with a Chinese input method gets its full stops: IDNA (UTS #46) reads 。 ． ｡ as dots
  it('takes a domain typed with 。 or ． as the domain it is, and stores it with plain dots', () => {
    const domains = (list: string[]) => {
      const r = websiteFieldsSchema.safeParse({ name: '示例官网', domains: list, homepages: ['www.shili.cn'], serviceContent: '单位门户网站', principalPersonId: 1 });
      return r.success ? r.data.domains : r.error.issues.map((i) => i.message);
    };
    expect(domains(['例子。中国', '示例．公司', 'shili｡cn'])).toEqual(['例子.中国', '示例.公司', 'shili.cn']);
  });

  it('refuses formatVersion 2 with a clear message', () => {
    const r = clientRecordSchema.safeParse({ ...companyRecord(1), formatVersion: 2 });
    expect(r.error?.issues[0]?.message).toContain('不支持的记录格式版本');
  });
});
