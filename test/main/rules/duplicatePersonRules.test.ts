// V-ID-10: one 证件号码, one person — twice in a record, or under another name in another client (found
// through the store's keyed index). README "Filing rules"; issue 17.
import { describe, expect, it } from 'vitest';
import type { StoreLookup } from '../../../main/rules/types';
import { enterprise } from '../../fixtures/drafts';
import { ruleFindings, seen } from './ruleRun';

type Other = { certNumber: string; entityId: number; clientName: string; personName: string };
const storeWith = (others: Other[], asked: string[][] = []): StoreLookup => ({
  domainOwners: () => [],
  filedProviders: () => [],
  peopleWithCertNumbers: (numbers) => (asked.push(numbers), others.filter((o) => numbers.includes(o.certNumber))),
});

describe('V-ID-10 the same 证件号码 on two people', () => {
  it('names the later person and the earlier one within a record', () => {
    const f = ruleFindings(enterprise((r) => (r.people[1].certNumber = r.people[0].certNumber)), 'V-ID-10');
    expect(seen(f)).toEqual([['people.1.certNumber', 'warning', '负责人“李000001”的证件号码与负责人“张000001”相同']]);
    expect(f[0]!.hint).toContain('主体负责人与网站负责人可选同一人');
  });

  it('compares numbers of six characters or more, as normalised', () => {
    expect(ruleFindings(enterprise((r) => (r.people[0].certNumber = r.people[1].certNumber = '12345')), 'V-ID-10')).toEqual([]);
    expect(ruleFindings(enterprise((r) => (r.people[0].certNumber = r.people[1].certNumber = '')), 'V-ID-10')).toEqual([]);
    expect(ruleFindings(enterprise((r) => ((r.people[0].certNumber = 'e123456'), (r.people[1].certNumber = 'E12 3456'))), 'V-ID-10')).toHaveLength(1);
  });

  it('names another client’s person of another name under the same number, asking the store once per number', () => {
    const asked: string[][] = [];
    const r = enterprise((x) => (x.people[1].certNumber = x.people[0].certNumber));
    const number = r.people[0].certNumber as string;
    const f = ruleFindings(r, 'V-ID-10', { store: storeWith([{ certNumber: number, entityId: 9, clientName: '另一家公司', personName: '王五' }], asked) });
    expect(asked).toEqual([[number]]);
    expect(seen(f)).toEqual([
      ['people.1.certNumber', 'warning', '负责人“李000001”的证件号码与负责人“张000001”相同'],
      ['people.0.certNumber', 'warning', '负责人“张000001”的证件号码已登记在客户“另一家公司”（编号 9）的负责人“王五”名下，姓名不同'],
      ['people.1.certNumber', 'warning', '负责人“李000001”的证件号码已登记在客户“另一家公司”（编号 9）的负责人“王五”名下，姓名不同'],
    ]);
    expect(f[1]!.hint).toBe('核对证件号码与姓名是否为同一人的证件');
  });

  it('accepts the same person as 负责人 of another client, and numbers no one else has', () => {
    const r = enterprise();
    const other = { certNumber: r.people[0].certNumber as string, entityId: 9, clientName: '另一家公司', personName: ' 张000001 ' };
    expect(ruleFindings(r, 'V-ID-10', { store: storeWith([other]) })).toEqual([]);
    expect(seen(ruleFindings(r, 'V-ID-10', { store: storeWith([{ ...other, personName: '王五' }]) })).map((x) => x[0])).toEqual(['people.0.certNumber']);
  });

  it('asks nothing of a store without the keyed index (batch checks)', () => {
    const f = ruleFindings(enterprise(), 'V-ID-10', { store: { domainOwners: () => [], filedProviders: () => [] } });
    expect(f).toEqual([]);
  });
});
