// V-PRE-01 word for word: a website that declares no 前置审批 while the 经营范围 or its name points at a
// category (shared/docs/domain.md §2: 新闻, 出版, 教育, 医疗保健, 药品和医疗器械, 文化, 广播电影电视节目,
// 电子公告服务), naming where each word was found; and how the keyword lists read a text.
import { describe, expect, it } from 'vitest';
import { preApprovalHits } from '../../../main/rules/preApprovalKeywords';
import { enterprise, type AnyRecord } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

const withScope = (scope: string | null, apply: (r: AnyRecord) => void = () => undefined) => enterprise((r) => ((r.entity.businessScope = scope), apply(r)));
const PATH = 'websites.0.preApprovals';

describe('V-PRE-01 前置审批 words where the site declares none', () => {
  it('names every word of the 经营范围 and the category, with what to do', () => {
    const f = ruleFindings(withScope('教育咨询；职业技能培训'), 'V-PRE-01');
    expect(seen(f)).toEqual([[PATH, 'warning', '经营范围含“教育”“培训”，可能涉及“教育”前置审批，但网站“示例000001官网”选了“以上都不涉及”']]);
    expect(f[0]!.hint).toBe('网站确实提供教育类内容时须先取得前置审批并勾选、上传审批文件；只是经营范围里有、网站并不涉及的，可忽略此提示');
  });

  it('names the words of the site name, and both places when both have them', () => {
    expect(seen(ruleFindings(withScope(null, (r) => (r.websites[0].name = '示例新闻网')), 'V-PRE-01'))).toEqual([[PATH, 'warning', '网站名称含“新闻”，可能涉及“新闻”前置审批，但网站“示例新闻网”选了“以上都不涉及”']]);
    expect(seen(ruleFindings(withScope('新闻采编', (r) => (r.websites[0].name = '示例新闻网')), 'V-PRE-01'))).toEqual([
      [PATH, 'warning', '经营范围含“新闻”，网站名称含“新闻”，可能涉及“新闻”前置审批，但网站“示例新闻网”选了“以上都不涉及”'],
    ]);
  });

  it('gives each category its own words', () => {
    expect(seen(ruleFindings(withScope('教育咨询', (r) => (r.websites[0].name = '示例新闻网')), 'V-PRE-01')).map((x) => x[2])).toEqual([
      '经营范围含“教育”，可能涉及“教育”前置审批，但网站“示例新闻网”选了“以上都不涉及”',
      '网站名称含“新闻”，可能涉及“新闻”前置审批，但网站“示例新闻网”选了“以上都不涉及”',
    ]);
  });

  it('calls a site without a name by its number', () => {
    const twoSites = withScope('教育咨询', (r) => r.websites.push({ ...r.websites[0], name: '', domains: ['shili-b.cn'], homepages: ['www.shili-b.cn'] }));
    expect(ruleFindings(twoSites, 'V-PRE-01').map((f) => f.message)[1]).toBe('经营范围含“教育”，可能涉及“教育”前置审批，但网站“2”选了“以上都不涉及”');
  });

  it('says nothing to a site that declares a 前置审批, or without any such word', () => {
    expect(ruleFindings(withScope('教育咨询', (r) => (r.websites[0].preApprovals = ['教育'])), 'V-PRE-01')).toEqual([]);
    expect(ruleFindings(withScope('软件开发'), 'V-PRE-01')).toEqual([]);
  });
});

describe('reading a text for 前置审批 words', () => {
  it('matches Latin words in any case', () => {
    expect(preApprovalHits('校园bbs交流')).toEqual([{ category: '电子公告服务', words: ['BBS'] }]);
  });

  it('drops a negated clause and a listed exception without joining what stood around them', () => {
    expect(preApprovalHits('新除出版)闻')).toEqual([]);
    expect(preApprovalHits('医医疗器械疗')).toEqual([{ category: '药品和医疗器械', words: ['医疗器械'] }]);
  });
});
