// Which websites an order covers when the operator picks none, and how the dialog says it: a new site
// only the unfiled ones, a change or 注销网站 only the filed ones, never a site the type does not concern.
import { describe, expect, it } from 'vitest';
import { FILING_TYPES, type FilingType } from '../../../main/domain/enums';
import { chosenWebsitesProblem, defaultWebsiteIds, defaultWebsitesNote, needsWebsites } from '../../../main/filings/orderWebsites';

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
    新增网站: [[2, 4], '不选：该客户尚未备案的全部网站（已注销的网站除外）'],
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

describe('a 新增网站 named no websites after an approved 注销', () => {
  it('leaves out the sites the 注销 took off the record (their 备案号 cleared), keeps the drafts', () => {
    expect(defaultWebsiteIds(sites, '新增网站', [4])).toEqual([2]);
    // a site off the record that was filed again carries a 备案号: never a 新增网站's anyway
    expect(defaultWebsiteIds(sites, '新增网站', [1])).toEqual([2, 4]);
  });
});

describe('orders about websites', () => {
  it('needs a website for every type that files, changes or cancels one, and none for the others', () => {
    const needing = FILING_TYPES.filter((t) => needsWebsites(t));
    expect(needing).toEqual(FILING_TYPES.filter((t) => ['首次备案', '接入备案', '公安备案', '新增网站', '变更网站', '变更备案', '注销网站'].includes(t)));
  });

  it('refuses a 新增网站 naming a filed website, or none, and lets other types pick as they like', () => {
    const sites = [
      { id: 1, name: '官网', icpNumber: '粤ICP备12345678号-1' },
      { id: 2, name: '博客', icpNumber: null },
      { id: 3, name: '商城', icpNumber: '粤ICP备12345678号-2' },
    ];
    expect(chosenWebsitesProblem(sites, '新增网站', [2])).toBeNull();
    expect(chosenWebsitesProblem(sites, '新增网站', [])).toBe('新增网站须至少选择一个尚未备案的网站');
    expect(chosenWebsitesProblem(sites, '新增网站', [1, 2, 3])).toBe(
      '网站“官网”、网站“商城”已有网站备案号（已备案）：新增网站只能选尚未备案的网站；改动已备案网站的信息用变更网站，换接入商用接入备案',
    );
    for (const t of FILING_TYPES.filter((x) => x !== '新增网站')) expect(chosenWebsitesProblem(sites, t, [])).toBeNull();
  });
});
