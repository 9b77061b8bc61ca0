// 前置审批 hints from the 经营范围 and the site name (V-PRE-01), with the traps the words set.
import { describe, expect, it } from 'vitest';
import { loadPreApprovalKeywords, preApprovalHits } from '../../../main/rules/preApprovalKeywords';
import { checkDraft } from '../../../main/services/checks';
import { enterprise } from '../../fixtures/drafts';
import keywords from '../../../resources/data/preApprovalKeywords.json';

const pre = async (scope: string | null, siteName: string, preApprovals: string[] = [], entityName?: string) =>
  (await checkDraft(
    null,
    enterprise((r) => {
      r.entity.businessScope = scope;
      if (entityName) r.entity.name = entityName;
      r.websites[0].name = siteName;
      r.websites[0].preApprovals = preApprovals;
    }),
  )).findings.filter((f) => f.ruleId === 'V-PRE-01');

describe('前置审批 keywords', () => {
  it('matches a word whatever its letters\' case, in the list and in the text (a list of its own, read for the first time)', () => {
    // a fresh list: its lower-cased words are worked out here, not kept from an earlier test
    const lists = loadPreApprovalKeywords({ source: 'test', devSource: 'test', categories: [{ category: '新闻', words: ['News App'], except: [] }] });
    expect(preApprovalHits('提供NEWS APP下载', lists)).toEqual([{ category: '新闻', words: ['News App'] }]);
    expect(preApprovalHits('提供news app下载', lists)).toEqual([{ category: '新闻', words: ['News App'] }]);
    expect(preApprovalHits('提供新闻下载', lists)).toEqual([]);
  });

  it('matches a word whatever its case in a text an exception of the same category was taken out of (that text lower-cased on its own)', () => {
    const lists = loadPreApprovalKeywords({ source: 'test', devSource: 'test', categories: [{ category: '新闻', words: ['News App'], except: ['医疗器械'] }] });
    expect(preApprovalHits('提供NEWS APP下载及医疗器械销售', lists)).toEqual([{ category: '新闻', words: ['News App'] }]);
    expect(preApprovalHits('医疗器械销售', lists)).toEqual([]);
    // the loop stops at the last word: one past it is no word (includes(undefined) would look for "undefined")
    expect(preApprovalHits('undefined', lists)).toEqual([]);
  });

  it.each([
    // the scope points at a category the site does not declare: a warning naming the words
    ['计算机软件开发；教育咨询', '示例软件官网', [], [['warning', '经营范围含“教育”，可能涉及“教育”前置审批']]],
    // trap: 教育咨询 in a scope that only sells software is still a warning (the operator decides)
    ['软件销售；教育咨询服务（不含涉许可审批的教育培训活动）', '示例软件商城', [], [['warning', '经营范围含“教育”']]],
    // a negated clause does not count
    ['计算机软件开发（不含医疗器械、药品）', '示例软件官网', [], []],
    ['技术服务；除新闻、出版外的信息服务', '示例软件官网', [], []],
    // an exception inside a word: 医疗器械 is the drug category, not 医疗保健
    ['第二类医疗器械销售', '示例器械商城', [], [['warning', '可能涉及“药品和医疗器械”']]],
    // the site's name alone points at a category
    [null, '示例在线培训平台', [], [['warning', '网站名称含“培训”，可能涉及“教育”前置审批']]],
    // declared: nothing to warn (the checklist asks for the document instead)
    ['互联网新闻信息服务', '示例新闻网', ['新闻'], []],
    // no scope, a neutral name: nothing
    [null, '示例软件官网', [], []],
    // 文化 alone (文化传播) is not 网络文化
    ['文化艺术交流活动策划；企业形象策划', '示例品牌官网', [], []],
  ] as [string | null, string, string[], [string, string][]][])('scope %j, site %j, declared %j', async (scope, site, declared, expected) => {
    const found = await pre(scope, site, declared);
    expect(found.map((f) => f.severity)).toEqual(expected.map(([s]) => s));
    expected.forEach(([, text], i) => expect(found[i]!.message).toContain(text));
  });

  it('trap: 教育 in the company name of a non-education site is not a blocker (the name is not read)', async () => {
    const found = (await checkDraft(null, enterprise((r) => {
      r.entity.name = '深圳市启明教育科技有限公司';
      r.entity.businessScope = '计算机软件开发';
      r.websites[0].name = '启明软件官网';
    }))).findings;
    expect(found.filter((f) => f.ruleId === 'V-PRE-01')).toEqual([]);
    expect(found.filter((f) => f.severity === 'error' && /教育/.test(f.message))).toEqual([]);
  });

  it('names every word found for a category', () => {
    expect(preApprovalHits('教育咨询；职业技能培训；在线课程开发')).toEqual([{ category: '教育', words: ['教育', '培训', '在线课程'] }]);
  });

  it('refuses a keyword list without its source or with a category the forms do not offer', () => {
    const { source: _s, ...unsourced } = keywords;
    expect(() => loadPreApprovalKeywords(unsourced)).toThrow();
    expect(() => loadPreApprovalKeywords({ ...keywords, categories: [{ category: '金融', words: ['金融'], except: [] }] })).toThrow();
  });
});
