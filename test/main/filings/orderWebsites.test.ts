// Which websites an order covers when the operator picks none, and how the dialog says it: a new site
// only the unfiled ones, a change or 注销网站 only the filed ones, never a site the type does not concern.
import { describe, expect, it } from 'vitest';
import { FILING_TYPES, type FilingType } from '../../../main/domain/enums';
import { defaultWebsiteIds, defaultWebsitesNote } from '../../../main/filings/orderWebsites';

const sites = [
  { id: 1, icpNumber: '京ICP备12345678号-1' },
  { id: 2, icpNumber: null },
  { id: 3, icpNumber: '京ICP备12345678号-2' },
  { id: 4, icpNumber: null },
];

describe('websites an order covers by default', () => {
  // Keyed by FilingType: a filing type without its expectation here is a type error.
  const expected: Record<FilingType, [number[], string]> = {
    首次备案: [[1, 2, 3, 4], '不选：该客户的全部网站'],
    接入备案: [[1, 2, 3, 4], '不选：该客户的全部网站'],
    公安备案: [[1, 2, 3, 4], '不选：该客户的全部网站'],
    新增网站: [[2, 4], '不选：该客户尚未备案的全部网站'],
    变更网站: [[1, 3], '不选：该客户已备案（有网站备案号）的全部网站'],
    变更备案: [[1, 3], '不选：该客户已备案（有网站备案号）的全部网站'],
    注销网站: [[1, 3], '不选：该客户已备案（有网站备案号）的全部网站'],
    变更主体: [[], '不选：不涉及网站'],
    注销主体: [[], '不选：不涉及网站'],
    取消接入: [[], '不选：不涉及网站'],
  };
  for (const type of FILING_TYPES) {
    it(`${type}`, () => {
      const [ids, note] = expected[type];
      expect(defaultWebsiteIds(sites, type)).toEqual(ids);
      expect(defaultWebsitesNote(type)).toBe(note);
    });
  }
});
