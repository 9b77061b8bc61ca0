// The small facts the rules read: labels that never show an empty quote (README "Filing rules"), whole
// years of age on the China day, suffixes and registered names of domains, the length of a site name
// ("() -" and spaces not counted, domain.md V-NAME-01), and word lists refused when they cannot be read.
import { describe, expect, it } from 'vitest';
import namesData from '../../../resources/data/names.json';
import { ageOn, domainPrefix, findInList, loadNames, nameLength, personAge, personLabel, registeredName, registrableDomain, siteLabel, suffixOf, TLDS, tldOf } from '../../../main/rules/facts';
import { personId } from '../../fixtures/records';

const TODAY = new Date('2026-11-24T12:00:00+08:00');

describe('labels in messages', () => {
  it('name a person or site by the trimmed name, else by the number', () => {
    expect(personLabel({ name: ' 张三 ' }, 0)).toBe('负责人“张三”');
    expect(personLabel({ name: '  ' }, 1)).toBe('负责人2');
    expect(personLabel(undefined, 2)).toBe('负责人3');
    expect(siteLabel({ name: ' 示例官网 ' }, 0)).toBe('网站“示例官网”');
    expect(siteLabel({ name: ' ' }, 3)).toBe('网站4');
  });
});

describe('ages', () => {
  it('count whole years up to the China day, the birthday included', () => {
    expect(ageOn('2000-11-23', TODAY)).toBe(26);
    expect(ageOn('2000-11-24', TODAY)).toBe(26);
    expect(ageOn('2000-11-25', TODAY)).toBe(25);
    expect(ageOn('2000-12-01', TODAY)).toBe(25);
    expect(ageOn('2000-01-30', TODAY)).toBe(26);
    // 2026-11-24 16:30 UTC is already the 25th in China
    expect(ageOn('2000-11-25', new Date('2026-11-24T16:30:00Z'))).toBe(26);
  });

  it('come only from a valid 居民身份证', () => {
    const person = { id: 'p1', name: '张三', certType: '居民身份证', certNumber: personId(1, '20001125'), certValidFrom: null, certValidTo: null, officePhone: '', mobile: '', emergencyPhone: '', email: '' };
    expect(personAge(person, TODAY)).toBe(25);
    expect(personAge({ ...person, certType: '护照' }, TODAY)).toBeNull();
    expect(personAge({ ...person, certNumber: '44030520001125001' }, TODAY)).toBeNull();
    expect(personAge(undefined, TODAY)).toBeNull();
  });
});

describe('domains', () => {
  it('read the suffix, a registry’s second level included only under a registered name', () => {
    expect(tldOf('shili.com.cn')).toBe('.com.cn');
    expect(tldOf('com.cn')).toBe('.cn');
    expect(tldOf('Shili.CN')).toBe('.cn');
    expect(tldOf('示例.xn--fiqs8s')).toBe('.中国');
  });

  it('read the registered name, none for what is no domain', () => {
    expect(registrableDomain('www.shili.com.cn')).toBe('shili.com.cn');
    expect(registrableDomain('blog.Shili.cn')).toBe('shili.cn');
    expect(registrableDomain('bad domain')).toBeNull();
  });

  it('read a domain stored with the root’s dot as the domain it is', () => {
    expect(tldOf('shili.hk.')).toBe('.hk');
    expect(tldOf('Shili.com.CN.')).toBe('.com.cn');
    expect(tldOf('示例.xn--fiqs8s.')).toBe('.中国');
    expect(registrableDomain('www.shili.cn.')).toBe('shili.cn');
    expect(registrableDomain('shili.cn.')).toBe('shili.cn');
    expect(domainPrefix('www.shili.com.cn.')).toBe('shili');
  });

  it('read a domain already in its filed form the quick way exactly as the general way (generated names, every registry second level)', () => {
    const second = TLDS.registrySecondLevel;
    const labels = ['a', 'b1', 'x-y', 'www', 'com', 'cn', 'net', 'gov', 'ac', 'bj', 'org', 'edu', 'top'];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => list[(seed = (seed * 1103515245 + 12345) % 2147483648) % list.length]!;
    const names = [...second, ...second.map((s) => `shili.${s}`), ...second.map((s) => `www.shili.${s}`), ...second.map((s) => `a.b.${s}`), 'com.cn', 'example.com', 'a.b.c.d.example.com.cn'];
    for (let i = 0; i < 5000; i++) names.push(Array.from({ length: 2 + (i % 4) }, () => pick([...labels, ...second])).join('.'));
    const differ = names.filter((d) => tldOf(d) !== suffixOf(d) || registrableDomain(d) !== registeredName(d) || domainPrefix(d) !== (registeredName(d) ?? d).split('.')[0]);
    expect(differ).toEqual([]);
    // a second level under a registered name, and one standing alone, were both among them
    expect(names.some((d) => tldOf(d) === '.com.cn' && registrableDomain(d) !== 'com.cn')).toBe(true);
    expect(names.some((d) => second.includes(d) && tldOf(d) !== `.${d}`)).toBe(true);
  });
});

describe('site names', () => {
  it('count letters, digits and characters, not “() -” or spaces', () => {
    expect(nameLength('示例 (站)-')).toBe(3);
    expect(nameLength('（示例）')).toBe(2);
    expect(nameLength('A1 b')).toBe(3);
  });

  it('count code points as [...text] does: a surrogate pair once, a lone surrogate once, whatever follows it', () => {
    const plain = (name: string) => [...name.replace(/[()（）\s-]/g, '')].length;
    const cases = ['𠀋𠀋站', '示例😀', '\ud83d', '\ud83d示', '\ude00\ud83d', 'a\ud83d\ud83d\ude00', '\ud83d\u0041', '\udbff\udfff', '\ud800\udc00 x', '\ud7ff\udc00', '\ud83d\ue000', '', ' - '];
    for (const name of cases) expect([name, nameLength(name)]).toEqual([name, plain(name)]);
    let seed = 3;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const units = [0x41, 0x20, 0x2d, 0x28, 0x4e2d, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xff08];
    for (let k = 0; k < 500; k++) {
      const name = String.fromCharCode(...Array.from({ length: next() % 8 }, () => units[next() % units.length]!));
      expect([name, nameLength(name)]).toEqual([name, plain(name)]);
    }
  });
});

describe('word lists', () => {
  const list = { source: '测试来源', devSource: 'test' };

  it('match words as written, else the first pattern, read as Unicode', () => {
    expect(findInList({ ...list, words: ['彩票'] }, '示例彩票站')).toBe('彩票');
    expect(findInList({ ...list, patterns: ['\\p{Script=Han}{2}站$'] }, 'A示例站')).toBe('示例站');
    expect(findInList({ ...list, words: ['彩票'], patterns: ['赌'] }, '示例站')).toBeNull();
  });

  it('are refused without words or patterns, or with a pattern that cannot be read', () => {
    const names = namesData as unknown as { siteName: Record<string, object> };
    expect(() => loadNames(namesData)).not.toThrow();
    expect(() => loadNames({ ...names, siteName: { ...names.siteName, sensitive: { ...list } } })).toThrow(/names\.json.*词表须有 words 或 patterns/);
    expect(() => loadNames({ ...names, siteName: { ...names.siteName, sensitive: { ...list, patterns: ['(unclosed'] } } })).toThrow(/names\.json.*词表中的正则表达式无法解析/);
  });
});
