import { describe, expect, it } from 'vitest';
import { resolveProvince, validateValue } from '../../../main/rules/validate';
import { residentId } from '../../fixtures/records';

const ids = (kind: Parameters<typeof validateValue>[0], value: string, options = {}) => validateValue(kind, value, options).map((f) => `${f.ruleId}:${f.severity}`);

describe('validate one value (CLI)', () => {
  it('checks 身份证 numbers with the same rules as records', () => {
    expect(ids('id', '11010519491231002X')).toEqual([]);
    expect(ids('id', '110105194912310021')).toEqual(['V-ID-02:error']);
    expect(ids('id', '11010519490230002X')).toEqual(['V-ID-03:error']);
    expect(ids('id', '1101051949')).toEqual(['V-ID-01:error']);
  });
  it('checks USCC, mobile, domain (with province), URL (with provider) and 备案号', () => {
    expect(ids('uscc', '911101085636549482')).toEqual([]);
    expect(ids('uscc', '911101085636549483')).toEqual(['V-ID-05:error']);
    expect(ids('mobile', '13800138000')).toEqual([]);
    expect(ids('mobile', '23800138000')).toEqual(['V-FMT-02:error']);
    expect(ids('domain', 'example.io')).toEqual([]);
    expect(ids('domain', 'example.io', { province: '京' })).toEqual(['V-DOM-04:error']);
    expect(ids('domain', 'bad domain.cn')).toContain('V-DOM-00:error');
    expect(ids('url', 'example.cn', { provider: 'tencent' })).toEqual(['V-URL-02:error']);
    expect(ids('icp', '蜀ICP备2025128270号-1')).toEqual([]);
    expect(ids('icp', '粤B2-20090059')).toEqual(['V-ICP-01:error']);
    expect(ids('icp', '京ICP备12034000号', { province: '沪' })).toEqual(['V-ICP-01:error']);
    expect(ids('icp', '京公网安备11010802044671号', { province: '京' })).toEqual([]);
    expect(ids('icp', '京公网安备1101080204号')).toEqual(['V-ICP-02:error']);
  });
  it('understands provinces by full name, short name and 备案号 abbreviation', () => {
    expect([resolveProvince('广东省'), resolveProvince('广东'), resolveProvince('粤'), resolveProvince('川'), resolveProvince('火星')]).toEqual(['广东省', '广东省', '广东省', '四川省', '']);
  });
  it('reads a province given as nothing as none, and a 直辖市 by its short name', () => {
    expect([resolveProvince(''), resolveProvince(undefined), resolveProvince('北京'), resolveProvince('上海')]).toEqual(['', '', '北京市', '上海市']);
  });

  it('puts every finding at the value itself', () => {
    expect(validateValue('mobile', '23800138000').map((f) => f.path)).toEqual([['value']]);
    expect(validateValue('icp', '京公网安备1101080204号').map((f) => f.path)).toEqual([['value']]);
  });

  it('reads a birth date against the day it is given', () => {
    const bornIn2025 = residentId('11010520250101001');
    expect(ids('id', bornIn2025, { today: new Date('2020-01-01T12:00:00+08:00') })).toEqual(['V-ID-03:error']);
    expect(ids('id', bornIn2025, { today: new Date('2026-01-01T12:00:00+08:00') })).toEqual([]);
  });

  it('checks a URL against the registered domain of its host', () => {
    expect(ids('url', 'https://www.example.cn/index.html')).toEqual([]);
    // a sub-domain is no homepage of the registered domain (V-URL-01), and the www. form proposed is the registered one
    expect(validateValue('url', 'blog.example.cn', { provider: 'tencent' }).map((f) => [f.ruleId, f.hint])).toEqual([
      ['V-URL-01', '首页须为所填域名或其 www. 形式：example.cn'],
      ['V-URL-02', '改为 www.example.cn'],
    ]);
  });

  it('says what is wrong with a 公安备案号: its form, or a province it does not belong to', () => {
    expect(ids('icp', ' 京公网安备11010802044671号 ')).toEqual([]);
    const [form] = validateValue('icp', '京公网安备1101080204号');
    expect(form).toMatchObject({ ruleId: 'V-ICP-02', severity: 'error', message: '公安备案号“京公网安备1101080204号”格式不正确' });
    expect(form!.hint).toContain('14 位数字');
    const [province] = validateValue('icp', '京公网安备11010802044671号', { province: '沪' });
    expect(province).toMatchObject({ ruleId: 'V-ICP-02', message: '公安备案号以“京”开头，与上海市不符', hint: '省简称应与网站所在省一致' });
  });
});
