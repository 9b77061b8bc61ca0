// draftOfView: a stored client read for the rules straight from its view — the same draft and findings as
// toDraft(recordOf(view)), the path check-all took before; a value that path would report or read another way
// (a text that is none, a list that is none or has holes) takes that path itself.
import { describe, expect, it } from 'vitest';
import type { EntityView } from '../../../main/domain/views';
import { recordOf } from '../../../main/export/record';
import { draftOfView, toDraft, viewDraft } from '../../../main/rules/draft';
import { enterprise, individual } from '../../fixtures/drafts';
import { entityView } from '../filings/entityViews';

const slow = (e: EntityView) => toDraft(recordOf(e));
/** Whether the quick path reads the view itself (else it leaves it to toDraft(recordOf(view))). */
const quickly = (e: EntityView) => {
  try {
    viewDraft(e);
    return true;
  } catch {
    return false;
  }
};
/** The view changed by `edit` (a deep copy), as a stored client could hold it. */
const edited = (base: EntityView, edit: (e: Record<string, any>) => void): EntityView => {
  const e = structuredClone(base) as Record<string, any>;
  edit(e);
  return e as EntityView;
};

describe('draftOfView: toDraft(recordOf(view)) without the record', () => {
  const unit = entityView(enterprise());
  const person = entityView(individual());

  it('reads a usual client directly (no record made), the same draft key for key and in key order', () => {
    for (const e of [unit, person]) {
      expect(quickly(e)).toBe(true);
      const quick = draftOfView(e);
      const expected = slow(e);
      expect(quick).toEqual(expected);
      expect(quick.findings).toEqual([]);
      expect(JSON.stringify(quick.draft)).toBe(JSON.stringify(expected.draft));
      // new lists, never the view's own
      expect(quick.draft.websites[0]!.domains).not.toBe(e.websites[0]!.domains);
    }
  });

  it('trims, normalises the numbers and reads blank or empty optional texts as null, as toDraft does', () => {
    const e = edited(unit, (x) => {
      x.name = '  星河云科技有限公司 ';
      x.certNumber = ' ９１４４０３００ＭＡ５ＸＸＸＸＸ１Ａ ';
      x.icpNumber = '   ';
      x.certValidTo = '  ';
      x.businessScope = '';
      x.people[0].mobile = '138 0013 8000';
      x.people[0].certValidFrom = ' ';
      x.people[0].certValidTo = ' 2030-01-01 ';
      x.websites[0].domains = [' a.cn ', 'B.cn'];
      x.websites[0].icpNumber = null;
      x.websites[0].ips = null;
      x.websites[0].principalPersonId = 999;
      x.principalPersonId = null;
    });
    expect(quickly(e)).toBe(true);
    const quick = draftOfView(e);
    expect(quick).toEqual(slow(e));
    expect(quick.draft.entity).toMatchObject({ name: '星河云科技有限公司', icpNumber: null, certValidTo: null, businessScope: null, principal: '' });
    expect(quick.draft.websites[0]).toMatchObject({ domains: ['a.cn', 'B.cn'], ips: [], principal: 'p0', icpNumber: null });
    expect(quick.draft.people[0]).toMatchObject({ mobile: '13800138000', certValidFrom: null, certValidTo: '2030-01-01' });
  });

  it('leaves anything toDraft would report, or read otherwise, to toDraft(recordOf(view)): the same draft and findings', () => {
    const odd: ((x: Record<string, any>) => void)[] = [
      (x) => (x.name = 42),
      (x) => (x.city = null),
      (x) => (x.remark = undefined),
      (x) => (x.icpNumber = 7),
      (x) => (x.certValidTo = 20301231),
      (x) => (x.businessScope = ['软件开发']),
      (x) => (x.people[0].email = null),
      (x) => (x.people[0].certNumber = 110101),
      (x) => (x.people[0].certValidFrom = undefined),
      (x) => (x.websites[0].domains = 'a.cn'),
      (x) => (x.websites[0].homepages = undefined),
      (x) => (x.websites[0].languages = ['中文', 3]),
      // eslint-disable-next-line no-sparse-arrays
      (x) => (x.websites[0].ips = ['1.2.3.4', , '5.6.7.8']),
      (x) => (x.websites[0].remark = false),
      (x) => (x.websites[0].icpNumber = undefined),
    ];
    for (const edit of odd) {
      const e = edited(unit, edit);
      expect(quickly(e)).toBe(false);
      expect(draftOfView(e)).toEqual(slow(e));
    }
    expect(draftOfView(edited(unit, (x) => (x.name = 42))).findings.map((f) => f.message)).toEqual(['字段“entity.name”应为文本']);
  });

  it('passes on an error that is not an unusual value, never reading the view again', () => {
    expect(() => draftOfView(edited(unit, (x) => (x.websites = [null])))).toThrow(TypeError);
    // a field that fails the first time it is read: the quick path's error, not a second reading that would succeed
    const e = structuredClone(unit);
    let reads = 0;
    Object.defineProperty(e, 'name', { get: () => (reads++ === 0 ? ((): never => { throw new Error('读取失败'); })() : '甲') });
    expect(() => draftOfView(e)).toThrow('读取失败');
  });
});
