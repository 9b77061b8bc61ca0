import { describe, expect, it } from 'vitest';
import { resolveProvince, validateValue } from '../../../main/rules/validate';

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
});
