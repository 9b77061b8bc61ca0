// One client's answers from the rest of the store (main/rules/storeFacts.ts), judged without a desk: the
// facts are written by hand. The questions are those of the rules on other clients — V-DOM-11 (a domain,
// domain.md §2.2, held by another client, asked in punycode), V-ID-10 (a 证件号码, §3.1, under another
// client's 负责人) and the filing-type rule (the providers the 主体 is filed at, §1.2 接入备案) —, and the
// answers must read as the store's own would (rules/types.ts StoreLookup): other clients only, each client
// once per domain, by client then person; anything the facts do not hold marks the answers incomplete.
import { describe, expect, it } from 'vitest';
import { byHolder, byOwner, distinctOwners, factsLookup, type ClientFacts } from '../../../main/rules/storeFacts';

const facts = (more: Partial<ClientFacts> = {}): ClientFacts => ({ domains: new Map(), certs: new Map(), filedProviders: [], ...more });

const ID_A = '110101199003070011';
const ID_B = '110101199003070022';

describe('factsLookup: domains another client holds (V-DOM-11)', () => {
  it('answers every holder of each domain asked, by client, and records each domain asked', () => {
    const f = facts({
      domains: new Map([
        ['shili.cn', [{ entityId: 9, name: '丙公司' }]],
        ['xn--fiqs8s.cn', [{ entityId: 4, name: '乙公司' }, { entityId: 2, name: '甲公司' }]],
      ]),
    });
    const { store, asked, missing } = factsLookup(f);
    expect(store.domainOwners(['shili.cn', 'xn--fiqs8s.cn'])).toEqual([
      { domain: 'xn--fiqs8s.cn', entityId: 2, name: '甲公司' },
      { domain: 'xn--fiqs8s.cn', entityId: 4, name: '乙公司' },
      { domain: 'shili.cn', entityId: 9, name: '丙公司' },
    ]);
    expect(asked).toEqual([
      { kind: 'domain', shared: 'shili.cn' },
      { kind: 'domain', shared: 'xn--fiqs8s.cn' },
    ]);
    expect(missing()).toBe(false);
  });

  it('one client holding a domain on two websites counts once; the same client’s two domains are two answers, by domain', () => {
    const f = facts({
      domains: new Map([
        ['b.cn', [{ entityId: 3, name: '甲公司' }, { entityId: 3, name: '甲公司' }]],
        ['a.cn', [{ entityId: 3, name: '甲公司' }]],
      ]),
    });
    expect(factsLookup(f).store.domainOwners(['b.cn', 'a.cn'])).toEqual([
      { domain: 'a.cn', entityId: 3, name: '甲公司' },
      { domain: 'b.cn', entityId: 3, name: '甲公司' },
    ]);
  });

  it('a domain nobody else holds (an empty list in the facts) is a complete answer; one the facts never read is not', () => {
    const known = factsLookup(facts({ domains: new Map([['free.cn', []]]) }));
    expect(known.store.domainOwners(['free.cn'])).toEqual([]);
    expect(known.missing()).toBe(false);

    const unknown = factsLookup(facts({ domains: new Map([['free.cn', [{ entityId: 5, name: '丁公司' }]]]) }));
    expect(unknown.store.domainOwners(['never-read.cn', 'free.cn'])).toEqual([{ domain: 'free.cn', entityId: 5, name: '丁公司' }]);
    expect(unknown.missing()).toBe(true);
    // still recorded as asked: the verdict depends on it
    expect(unknown.asked).toEqual([
      { kind: 'domain', shared: 'never-read.cn' },
      { kind: 'domain', shared: 'free.cn' },
    ]);
  });

  it('asking for no domain answers nothing and stays complete', () => {
    const l = factsLookup(facts());
    expect(l.store.domainOwners([])).toEqual([]);
    expect(l.asked).toEqual([]);
    expect(l.missing()).toBe(false);
  });
});

describe('factsLookup: the providers the 主体 is filed at', () => {
  it('answers the providers read', () => {
    const l = factsLookup(facts({ filedProviders: ['tencent', 'aliyun'] }));
    expect(l.store.filedProviders()).toEqual(['tencent', 'aliyun']);
    expect(l.missing()).toBe(false);
  });

  it('nothing filed is an empty, complete answer', () => {
    const l = factsLookup(facts({ filedProviders: [] }));
    expect(l.store.filedProviders()).toEqual([]);
    expect(l.missing()).toBe(false);
  });

  it('not read (null) answers nothing and marks the answers incomplete', () => {
    const l = factsLookup(facts({ filedProviders: null }));
    expect(l.missing()).toBe(false);
    expect(l.store.filedProviders()).toEqual([]);
    expect(l.missing()).toBe(true);
  });
});

describe('factsLookup: people of other clients with a 证件号码 (V-ID-10)', () => {
  const certs = new Map([
    [ID_A, { index: 'idx-a', holders: [{ entityId: 8, clientName: '乙公司', personName: '张三' }, { entityId: 6, clientName: '甲公司', personName: '张三丰' }, { entityId: 6, clientName: '甲公司', personName: '张三' }] }],
    [ID_B, { index: 'idx-b', holders: [{ entityId: 6, clientName: '甲公司', personName: '张三' }] }],
  ]);

  it('answers each holder with the number, by client, then person, then number; records the blind index, never the number', () => {
    const l = factsLookup(facts({ certs }));
    expect(l.store.peopleWithCertNumbers!([ID_B, ID_A])).toEqual([
      { certNumber: ID_A, entityId: 6, clientName: '甲公司', personName: '张三' },
      { certNumber: ID_B, entityId: 6, clientName: '甲公司', personName: '张三' },
      { certNumber: ID_A, entityId: 6, clientName: '甲公司', personName: '张三丰' },
      { certNumber: ID_A, entityId: 8, clientName: '乙公司', personName: '张三' },
    ]);
    expect(l.asked).toEqual([
      { kind: 'cert', shared: 'idx-b' },
      { kind: 'cert', shared: 'idx-a' },
    ]);
    expect(JSON.stringify(l.asked)).not.toContain(ID_A);
    expect(l.missing()).toBe(false);
  });

  it('a blank number is not asked at all (nothing recorded, still complete)', () => {
    const l = factsLookup(facts({ certs }));
    expect(l.store.peopleWithCertNumbers!(['', '   '])).toEqual([]);
    expect(l.asked).toEqual([]);
    expect(l.missing()).toBe(false);
  });

  it('a number the facts never read answers nothing, is not recorded, and marks the answers incomplete', () => {
    const l = factsLookup(facts({ certs }));
    expect(l.store.peopleWithCertNumbers!(['440301199001010033', ID_B])).toEqual([{ certNumber: ID_B, entityId: 6, clientName: '甲公司', personName: '张三' }]);
    expect(l.asked).toEqual([{ kind: 'cert', shared: 'idx-b' }]);
    expect(l.missing()).toBe(true);
  });

  it('a number no other client holds (read, no holders) is recorded and complete', () => {
    const l = factsLookup(facts({ certs: new Map([[ID_A, { index: 'idx-a', holders: [] }]]) }));
    expect(l.store.peopleWithCertNumbers!([ID_A])).toEqual([]);
    expect(l.asked).toEqual([{ kind: 'cert', shared: 'idx-a' }]);
    expect(l.missing()).toBe(false);
  });
});

describe('the one order of the answers', () => {
  it('byOwner: by client id, then by domain', () => {
    const list = [
      { domain: 'b.cn', entityId: 2, name: '乙' },
      { domain: 'a.cn', entityId: 2, name: '乙' },
      { domain: 'z.cn', entityId: 1, name: '甲' },
    ];
    expect([...list].sort(byOwner).map((o) => `${o.entityId} ${o.domain}`)).toEqual(['1 z.cn', '2 a.cn', '2 b.cn']);
    expect(byOwner(list[0]!, list[0]!)).toBe(0);
  });

  it('byHolder: by client id, then person, then number', () => {
    const h = (entityId: number, personName: string, certNumber: string) => ({ entityId, personName, certNumber, clientName: 'x' });
    const list = [h(2, '张三', ID_B), h(2, '张三', ID_A), h(2, '张三丰', ID_A), h(1, '张三丰', ID_B)];
    expect([...list].sort(byHolder).map((o) => `${o.entityId} ${o.personName} ${o.certNumber.slice(-2)}`)).toEqual(['1 张三丰 22', '2 张三 11', '2 张三 22', '2 张三丰 11']);
    expect(byHolder(list[0]!, list[0]!)).toBe(0);
  });

  it('distinctOwners keeps one entry per client and domain, the first seen order kept', () => {
    const list = [
      { domain: 'a.cn', entityId: 2, name: '乙' },
      { domain: 'a.cn', entityId: 1, name: '甲' },
      { domain: 'a.cn', entityId: 2, name: '乙' },
      { domain: 'b.cn', entityId: 2, name: '乙' },
    ];
    expect(distinctOwners(list)).toEqual([list[0], list[1], list[3]]);
  });
});
