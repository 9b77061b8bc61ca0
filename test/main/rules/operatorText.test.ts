// What the operator reads: sources to look up (provider document titles, regulations), never the project's
// notes or repository / blog host names; no empty quotes or placeholder names; hints that work.
import { describe, expect, it } from 'vitest';
import { validateValue } from '../../../main/rules/validate';
import { toDraft } from '../../../main/rules/draft';
import { RULES, runRules } from '../../../main/rules/engine';
import { providerFilingLimits } from '../../../main/providers/profiles';
import { checkDraft } from '../../../main/services/checks';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';

const TODAY = new Date('2026-11-24T12:00:00+08:00');
/** Project notes, repository paths and blog hosts: what an operator cannot look up. */
const NOT_FOR_OPERATORS = /domain\.md|record-format|\.md\b|\.ya?ml\b|github|qcloud|tencentyun|huaweicloud|hutool|Rockyzsu|jayknoxqu|boli-duality|bkzhishi|xiayuyun|fkw\.com|nicenic|\bS[0-4]\b|seeds\//i;

function all(record: AnyRecord) {
  const { draft, findings } = toDraft(record);
  return [...findings, ...runRules(draft, { today: TODAY })];
}

describe('rule sources', () => {
  it.each(RULES.map((r) => [r.id, r.source] as const))('%s cites something an operator can look up', (_id, source) => {
    expect(source).not.toMatch(NOT_FOR_OPERATORS);
    expect(source).toMatch(/《.+》|GB |RFC |ISO /);
  });

  it('keeps where the fact was read in a separate developer field', () => {
    for (const r of RULES) expect(r.devSource.length, r.id).toBeGreaterThan(1);
  });

  it('findings built outside the catalog (record shape, 公安备案号) cite no notes either', () => {
    const shape = all(enterprise((r) => (r.entity.colour = 'red'))).find((f) => f.ruleId === 'V-REC-01')!;
    expect(shape.source).not.toMatch(NOT_FOR_OPERATORS);
    expect(shape.hint).not.toMatch(NOT_FOR_OPERATORS);
    const [psb] = validateValue('icp', '京公网安备110号');
    expect(psb!.source).not.toMatch(NOT_FOR_OPERATORS);
  });

  it('no message or hint of a busy record carries a source tag', () => {
    const busy = individual((r) => ((r.people[0].certNumber = r.entity.certNumber = '440305201001010012'), (r.websites[0].serviceContent = '其他')));
    for (const f of all(busy)) expect(`${f.message} ${f.hint}`, f.ruleId).not.toMatch(/\bS[0-4]\b/);
  });
});

describe('empty names', () => {
  const blank = (base: AnyRecord) => {
    base.people.forEach((p: AnyRecord) => ((p.name = ''), (p.mobile = '123'), (p.email = 'x'), (p.officePhone = '12')));
    base.people[1] && (base.people[1].mobile = base.people[0].mobile);
    base.websites.forEach((w: AnyRecord) => ((w.name = ''), (w.remark = ''), (w.ips = ['999.1.1.1']), w.domains.push(''), w.homepages.push('')));
    return base;
  };

  it.each([
    ['an enterprise', blank(enterprise((r) => (r.filing.provider = 'tencent')))],
    ['an individual', blank(individual())],
  ])('%s being typed never shows an empty quote', (_what, record) => {
    const findings = all(record);
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) {
      expect(f.message, f.ruleId).not.toContain('“”');
      expect(f.hint, f.ruleId).not.toContain('“”');
    }
    const texts = findings.map((f) => f.message).join('\n');
    expect(texts).toContain('负责人1的手机号码格式不正确');
    expect(texts).toContain('网站1');
  });

  it('names the person by number, never by a placeholder', () => {
    const f = all(blank(enterprise())).filter((x) => x.ruleId === 'V-PER-01');
    expect(f[0]!.message).toBe('负责人2与负责人1的手机号码相同');
  });
});

describe('messages that show what was read', () => {
  it('V-ID-03 shows the birth date it read', () => {
    const f = all(individual((r) => (r.people[0].certNumber = '340524198002300012'))).find((x) => x.ruleId === 'V-ID-03')!;
    expect(f.message).toContain('读作 1980-02-30');
    const future = all(individual((r) => (r.people[0].certNumber = '340524203001010011'))).find((x) => x.ruleId === 'V-ID-03')!;
    expect(future.message).toContain('读作 2030-01-01，晚于今天');
  });
});

describe('hints that work', () => {
  it.each([
    ['a bare domain', 'shili000001.cn'],
    ['a sub-domain of a listed domain', 'blog.shili000001.cn'],
    ['a scheme and a path', 'http://shili000001.com.cn/index.html'],
  ])('V-URL-02 proposes a homepage V-URL-01 accepts for %s', (_what, typed) => {
    const record = enterprise((r) => ((r.filing.provider = 'tencent'), (r.websites[0].homepages = [typed])));
    const f = all(record).find((x) => x.ruleId === 'V-URL-02')!;
    const proposal = f.hint.replace(/^改为 /, '');
    expect(proposal).toMatch(/^www\./);
    const fixed = enterprise((r) => ((r.filing.provider = 'tencent'), (r.websites[0].homepages = [proposal])));
    expect(all(fixed).filter((x) => x.ruleId === 'V-URL-01' || x.ruleId === 'V-URL-02')).toEqual([]);
  });

  it('V-REM-01 gives a company a company example and a person a personal one', () => {
    const company = all(enterprise((r) => ((r.websites[0].serviceContent = '其他'), (r.websites[0].remark = '')))).find((x) => x.ruleId === 'V-REM-01')!;
    expect(company.hint).not.toContain('个人博客');
    expect(company.hint).toContain('公司');
    const person = all(individual((r) => (r.websites[0].remark = ''))).find((x) => x.ruleId === 'V-REM-01')!;
    expect(person.hint).toContain('个人博客');
  });
});

describe('provider limits come from the provider profile', () => {
  it('reads Tencent’s limits from providers.json and none for a provider without an entry', () => {
    expect(providerFilingLimits('tencent')).toEqual({ homepageNeedsWww: true, maxSitesPerOrder: 10, maxDomainsPerSite: 10 });
    expect(providerFilingLimits('aliyun')).toEqual({ homepageNeedsWww: false, maxSitesPerOrder: null, maxDomainsPerSite: null });
    expect(providerFilingLimits(null).homepageNeedsWww).toBe(false);
  });

  it.each([
    ['tencent', 1],
    ['aliyun', 0],
    ['generic', 0],
  ])('V-URL-02 and V-DOM-10 for %s', (provider, expected) => {
    const bare = enterprise((r) => ((r.filing.provider = provider), (r.websites[0].homepages = ['shili000001.cn'])));
    expect(all(bare).filter((f) => f.ruleId === 'V-URL-02')).toHaveLength(expected);
    const many = enterprise((r) => {
      r.filing.provider = provider;
      r.websites[0].domains = Array.from({ length: 11 }, (_v, i) => `shili-more-${i}.cn`);
      r.websites[0].homepages = ['www.shili-more-0.cn'];
      r.websites[0].remark = '域名指向同一网站';
    });
    const limits = all(many).filter((f) => f.ruleId === 'V-DOM-10');
    expect(limits).toHaveLength(expected);
    if (expected) expect(limits[0]!.message).toBe('腾讯云每个网站最多 10 个域名（网站“示例000001官网”有 11 个）');
  });

  it('the same record passes V-URL-02 through checkDraft for a provider without the rule', async () => {
    const r = await checkDraft(null, enterprise((x) => ((x.filing.provider = 'aliyun'), (x.websites[0].homepages = ['shili000001.cn']))), null, TODAY);
    expect(r.findings.some((f) => f.ruleId === 'V-URL-02')).toBe(false);
  });
});
