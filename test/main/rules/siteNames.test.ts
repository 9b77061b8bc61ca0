// 网站名称 against the sourced word lists of resources/data/names.json (each list names its source).
import { describe, expect, it } from 'vitest';
import namesData from '../../../resources/data/names.json';
import { loadNames, NAMES } from '../../../main/rules/facts';
import { toDraft } from '../../../main/rules/draft';
import { runRules } from '../../../main/rules/engine';
import { enterprise, individual, type AnyRecord } from '../../fixtures/drafts';

const TODAY = new Date('2026-11-24T12:00:00+08:00');
const NAME_RULES = new Set(['V-NAME-01', 'V-NAME-02', 'V-NAME-03', 'V-NAME-04', 'V-NAME-05', 'V-NAME-10', 'V-NAME-11']);

function nameFindings(record: AnyRecord) {
  const { draft } = toDraft(record);
  return runRules(draft, { today: TODAY }).filter((f) => NAME_RULES.has(f.ruleId) && f.path.join('.') === 'websites.0.name');
}

const named = (name: string, entityName?: string) =>
  enterprise((r) => {
    r.websites[0].name = name;
    if (entityName) r.entity.name = entityName;
  });

type Row = [name: string, entityName: string | undefined, rule: string | null, severity?: 'error' | 'warning'];
const ROWS: Row[] = [
  ['星河最好的网站', undefined, 'V-NAME-10', 'error'],
  ['星河云最佳实践', undefined, 'V-NAME-10', 'error'],
  ['星河云第一门户', undefined, 'V-NAME-10', 'error'],
  ['星河顶级云服务', undefined, 'V-NAME-10', 'error'],
  ['星河云在线赌场', undefined, 'V-NAME-11', 'error'],
  ['星河博彩资讯', undefined, 'V-NAME-11', 'error'],
  ['星河彩票助手', undefined, 'V-NAME-11', 'error'],
  ['中国星河云', undefined, 'V-NAME-03', 'error'],
  ['中华星河云', undefined, 'V-NAME-03', 'error'],
  ['国家星河云', undefined, 'V-NAME-03', 'error'],
  ['全国星河云服务', undefined, 'V-NAME-03', 'error'],
  ['星河云中国站', undefined, 'V-NAME-03', 'warning'],
  ['123456', undefined, 'V-NAME-02', 'error'],
  ['１２３４５６', undefined, 'V-NAME-02', 'error'],
  ['Xinghe Cloud', undefined, 'V-NAME-02', 'error'],
  ['星河云反腐专栏', undefined, 'V-NAME-02', 'error'],
  // the unit's own name is not advertising: 第一中学 may call its site so
  ['深圳市第一中学官网', '深圳市第一中学', null],
  ['示例科技官网', undefined, null],
  ['示例科技产品中心', undefined, null],
];

describe('website names', () => {
  it.each(ROWS)('%s', (name, entityName, rule, severity) => {
    const f = nameFindings(named(name, entityName));
    if (rule === null) expect(f.map((x) => x.ruleId)).toEqual([]);
    else expect(f.map((x) => [x.ruleId, x.severity])).toContainEqual([rule, severity]);
  });

  it('each finding cites its own list’s source', () => {
    const [gambling] = nameFindings(named('星河云在线赌场')).filter((f) => f.ruleId === 'V-NAME-11');
    expect(gambling!.source).toBe(NAMES.siteName.gambling.source);
    expect(gambling!.message).toContain('“赌”');
    const [digits] = nameFindings(named('123456'));
    expect(digits!.source).toBe(NAMES.siteName.pureDigits.source);
  });

  it('a personal site still gets the personal limits', () => {
    const f = nameFindings(individual((r) => (r.websites[0].name = '王小明的商城')));
    expect(f.map((x) => [x.ruleId, x.severity])).toContainEqual(['V-NAME-05', 'error']);
  });
});

describe('names.json', () => {
  it('gives every list a source an operator can look up and where it was read', () => {
    const lists = [...Object.values(NAMES.siteName), NAMES.riskyEntityWords, NAMES.hospitalWords, NAMES.houseNumber];
    for (const l of lists) {
      expect(l.source).toMatch(/《.+》/);
      expect(l.devSource.length).toBeGreaterThan(1);
    }
  });

  it('is refused at load when a list loses its source or its words', () => {
    const raw = JSON.parse(JSON.stringify(namesData));
    delete raw.siteName.gambling.source;
    expect(() => loadNames(raw)).toThrow();
    const empty = JSON.parse(JSON.stringify(namesData));
    empty.siteName.superlatives = { source: '《某文档》', devSource: 'x' };
    expect(() => loadNames(empty)).toThrow();
    const badPattern = JSON.parse(JSON.stringify(namesData));
    badPattern.siteName.superlatives.patterns = ['最['];
    expect(() => loadNames(badPattern)).toThrow();
    expect(() => loadNames(namesData)).not.toThrow();
  });
});
