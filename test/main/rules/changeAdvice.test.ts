// Advice that was wrong or could not fail before issue 13, one table per rule, each row with its source:
// V-CHG-09 names what to upload again either way; V-CHG-08 leaves the seed-forced cases to V-CHG-04/05 and
// names only the side that changed; V-TYPE-01 knows the providers already filed; a .tv / .cc domain in 北京
// is not a 国别域名 and a punycode TLD is its Unicode TLD.
import { describe, expect, it } from 'vitest';
import { toDraft } from '../../../main/rules/draft';
import { runRules } from '../../../main/rules/engine';
import { tldOf } from '../../../main/rules/facts';
import type { StoreLookup } from '../../../main/rules/types';
import { change, enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { personId } from '../../fixtures/records';

const TODAY = new Date('2026-11-24T12:00:00+08:00');
const store = (filedProviders: string[]): StoreLookup => ({ domainOwners: () => [], filedProviders: () => filedProviders });
function findings(record: AnyRecord, lookup: StoreLookup | null = null) {
  const { draft } = toDraft(record);
  return runRules(draft, { today: TODAY, store: lookup });
}
const messages = (record: AnyRecord, id: string, lookup: StoreLookup | null = null) => findings(record, lookup).filter((f) => f.ruleId === id).map((f) => f.message);

const newPrincipal = (r: AnyRecord) => {
  r.people[0].name = '赵新';
  r.people[0].certNumber = personId(88, '19800808');
};

describe('V-CHG-09: what to upload again (腾讯云《变更备案》; 青云《变更备案》)', () => {
  it.each([
    ['a new 主体负责人', change(enterprise(), '变更主体', newPrincipal), '负责人已更换：须上传新负责人的身份证正反面和幕布照片'],
    ['a new 网站负责人', change(enterprise(), '变更网站', (r) => ((r.people[1].name = '钱新'), (r.people[1].certNumber = personId(77, '19820202')))), '负责人已更换'],
    ['only a new mobile', change(enterprise(), '变更主体', (r) => (r.people[0].mobile = '13912345678')), '负责人未更换：只改联系方式或地址时，无需重新上传证件和幕布照片'],
    ['a new licence address', change(enterprise(), '变更主体', (r) => (r.entity.certAddress = '深圳市南山区科技园路2号')), '证件住所已变：须上传新营业执照'],
  ])('%s', (_what, record, says) => {
    expect(messages(record, 'V-CHG-09').join('\n')).toContain(says);
  });
});

describe('V-CHG-08: the change type the diff calls for (青云《变更备案》; 阿里云《变更备案》)', () => {
  it.each([
    ['a 个人 mobile change as 变更主体: V-CHG-04 speaks, V-CHG-08 does not', change(individual(), '变更主体', (r) => (r.people[0].mobile = '13912345678')), []],
    ['a 个人 mobile change as 变更网站: still only V-CHG-04', change(individual(), '变更网站', (r) => (r.people[0].mobile = '13912345678')), []],
    ['a 网站负责人 mobile change as 变更主体: the site changed, not both', change(enterprise(), '变更主体', (r) => (r.people[1].mobile = '13912345678')), ['这次改动须选“变更网站”，当前为“变更主体”']],
    ['a licence address change as 变更网站: the 主体 changed', change(enterprise(), '变更网站', (r) => (r.entity.certAddress = '深圳市南山区科技园路2号')), ['这次改动须选“变更主体”，当前为“变更网站”']],
  ])('%s', (_what, record, expected) => {
    expect(messages(record, 'V-CHG-08')).toEqual(expected);
    if (!expected.length) expect(messages(record, 'V-CHG-04').length).toBe(1);
  });

  it('says “主体与网站都有改动” only when both did', () => {
    const both = change(enterprise(), '变更主体', (r) => ((r.entity.certAddress = '深圳市南山区科技园路2号'), (r.websites[0].remark = '新的备注：域名指向同一网站')));
    const f = findings(both).find((x) => x.ruleId === 'V-CHG-08')!;
    expect(f.message).toContain('须选“变更备案”');
    const one = findings(change(enterprise(), '变更网站', (r) => (r.entity.certAddress = '深圳市南山区科技园路2号'))).find((x) => x.ruleId === 'V-CHG-08')!;
    expect(one.hint).not.toContain('都有改动');
  });
});

describe('V-TYPE-01: declared vs detected type (腾讯云《网站备案 备案类型》)', () => {
  const filed = (provider: string, type: string) => enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备12345678号-1'), (r.filing.type = type), (r.filing.provider = provider)));
  it.each([
    ['接入备案 at a new provider', filed('aliyun', '接入备案'), ['tencent'], 0],
    ['接入备案 at the provider already filed', filed('tencent', '接入备案'), ['tencent'], 1],
    ['首次备案 for a filed 主体', filed('tencent', '首次备案'), ['tencent'], 1],
    ['注销网站 at the provider already filed', filed('tencent', '注销网站'), ['tencent'], 0],
  ])('%s', (_what, record, providers, count) => {
    const m = messages(record, 'V-TYPE-01', store(providers));
    expect(m.length).toBe(count);
    for (const text of m) expect(text).not.toContain('换接入商时用接入备案');
  });
});

describe('domain suffixes (seed 004 北京: 常见可备案域名后缀 .com/.cn/.net/.cc/.tv …)', () => {
  const beijing = (domain: string) => enterprise((r) => ((r.entity.province = '北京市'), (r.websites[0].domains = [domain]), (r.websites[0].homepages = [`www.${domain}`])));
  it.each([
    ['shili.tv', 0],
    ['shili.cc', 0],
    ['shili.us', 1],
  ])('北京: %s', (domain, count) => {
    expect(messages(beijing(domain), 'V-DOM-04').length).toBe(count);
  });

  it('reads a punycode TLD as its Unicode form', () => {
    expect(tldOf('shili.xn--fiqs8s')).toBe('.中国');
    expect(tldOf('shili.中国')).toBe('.中国');
    expect(messages(enterprise((r) => ((r.websites[0].domains = ['shili.xn--fiqs8s']), (r.websites[0].homepages = ['www.shili.xn--fiqs8s']))), 'V-DOM-05')).toEqual([]);
  });
});
