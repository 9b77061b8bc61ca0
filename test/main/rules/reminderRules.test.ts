// The reminders about the filed site and the filing province (V-SITE-01, V-SITE-02, V-ADDR-01) word for
// word, and how an address names its province: the filing province follows the 主办单位通信地址
// (腾讯云《变更备案》), the footer carries the 备案号 linked to https://beian.miit.gov.cn/ (青云《变更备案》).
import { describe, expect, it } from 'vitest';
import { provinceOfAddress } from '../../../main/rules/reminderRules';
import { enterprise } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

describe('the province an address names', () => {
  it('reads the full or the short name at the start', () => {
    expect(provinceOfAddress('  广东省深圳市南山区科技园路1号')).toBe('广东省');
    expect(provinceOfAddress('北京海淀区中关村大街1号')).toBe('北京市');
    expect(provinceOfAddress('内蒙古呼和浩特市新城区1号')).toBe('内蒙古自治区');
  });

  it('reads none where no province leads the address', () => {
    expect(provinceOfAddress('深圳市南山区科技园路1号')).toBeNull();
    expect(provinceOfAddress('科技园路1号 北京')).toBeNull();
    expect(provinceOfAddress('科技园路1号 北京市')).toBeNull();
    expect(provinceOfAddress('')).toBeNull();
  });
});

describe('V-SITE-01 / V-SITE-02 the homepage footer', () => {
  it('V-SITE-01: the 备案号 at the bottom, linked to the MIIT', () => {
    const f = ruleFindings(enterprise(), 'V-SITE-01');
    expect(seen(f)).toEqual([['websites', 'info', '备案通过后，须在网站首页底部中央放置网站备案号，并链接到 https://beian.miit.gov.cn/']]);
    expect(f[0]!.hint).toContain('主体备案号-序号');
    expect(ruleFindings(enterprise((r) => (r.websites = [])), 'V-SITE-01')).toEqual([]);
  });

  it('V-SITE-02: 江苏, 版权所有 naming the 主办单位', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '江苏省')), 'V-SITE-02');
    expect(seen(f)).toEqual([['websites', 'info', '江苏：网页底部须注明“版权所有”，且版权所有者须为主办单位“深圳市示例000001科技有限公司”']]);
    expect(f[0]!.hint).toBe('与备案主办单位名称完全一致');
    expect(seen(ruleFindings(enterprise((r) => ((r.entity.province = '江苏省'), (r.entity.name = ''))), 'V-SITE-02'))).toEqual([['websites', 'info', '江苏：网页底部须注明“版权所有”，且版权所有者须为主办单位“主办单位”']]);
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '江苏省'), (r.websites = []))), 'V-SITE-02')).toEqual([]);
  });
});

describe('V-ADDR-01 the address in the filing province', () => {
  it('names both provinces and the two ways out', () => {
    const f = ruleFindings(enterprise((r) => (r.entity.province = '北京市')), 'V-ADDR-01');
    expect(seen(f)).toEqual([['entity.mailingAddress', 'error', '通信地址在广东省，与备案地域北京市不符：备案归属地由主办单位通信地址决定']]);
    expect(f[0]!.hint).toBe('在广东省备案（先注销此处的备案），或填写北京市境内的通信地址');
  });

  it('says nothing when the address names no province, the same one, or the record none', () => {
    expect(ruleFindings(enterprise(), 'V-ADDR-01')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.entity.province = '北京市'), (r.entity.mailingAddress = '海淀区中关村大街1号'))), 'V-ADDR-01')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.entity.province = '')), 'V-ADDR-01')).toEqual([]);
  });
});
