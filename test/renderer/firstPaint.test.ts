// What the client list's first paint (renderer/firstPaint.ts) writes in its cells and pager is what the
// React list writes: the 更新时间 as chinaDateTime gives it, the same cells, antd's page buttons for page 1.
import { describe, expect, it } from 'vitest';
import { chinaDateTime } from '../../main/api/contract';
import type { EntitySummary } from '../../main/api/contract';
import { CLIENT_LIST_COLUMNS, CLIENT_LIST_WIDTH, chinaMinute, pagerItems, rowCells } from '../../renderer/firstPaint';

const summary = (over: Partial<EntitySummary> = {}): EntitySummary =>
  ({
    id: 7,
    name: '深圳市示例科技有限公司',
    nature: '企业',
    province: '广东省',
    city: '深圳市',
    certNumberMasked: '914**********0014',
    principalName: '王小明',
    domains: ['shili.cn', 'shili.com.cn'],
    websiteCount: 2,
    icpNumber: null,
    updatedAt: '2026-03-01T17:30:00.000Z',
    ...over,
  }) as EntitySummary;

describe('the first paint’s cells', () => {
  it('writes the 更新时间 as chinaDateTime does, across years, days and the zone’s history', () => {
    const start = Date.UTC(1985, 0, 1);
    const end = Date.UTC(2100, 0, 1);
    for (let ms = start; ms < end; ms += 7_919_999_937) {
      const iso = new Date(ms).toISOString();
      expect(chinaMinute(iso)).toBe(chinaDateTime(iso));
    }
    expect(chinaMinute('2026-03-01T17:30:00.000Z')).toBe('2026-03-02 01:30');
    expect(chinaMinute('2026-03-01T15:59:59Z')).toBe('2026-03-01 23:59');
    expect(chinaMinute('not a time')).toBeNull();
  });

  it('fills each column as the React list does on its first render', () => {
    const cells = rowCells(summary())!;
    expect(cells.map((c) => c.text)).toEqual(['深圳市示例科技有限公司', '企业', '广东省 深圳市', '914**********0014', '王小明', 'shili.cn，shili.com.cn', '2', '—', '2026-03-02 01:30']);
    expect(cells[1]!.tag).toBe(true);
    expect(cells[3]!.mono).toBe(true);
    expect(rowCells(summary({ domains: [], principalName: null, icpNumber: '粤ICP备2024000001号' }))!.map((c) => c.text)).toEqual(
      expect.arrayContaining(['—', '', '粤ICP备2024000001号']),
    );
    expect(CLIENT_LIST_COLUMNS.map((c) => c.key)).toHaveLength(cells.length);
    expect(CLIENT_LIST_WIDTH).toBe(1180);
  });

  it('leaves a row it cannot draw as the React list does to React (a damaged field)', () => {
    expect(rowCells(summary({ damaged: [{ field: 'certNumber', label: '证件号码' }] } as Partial<EntitySummary>))).toBeNull();
  });

  it('numbers the pager as antd does on page 1', () => {
    expect(pagerItems(1)).toEqual([1]);
    expect(pagerItems(7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pagerItems(10)).toEqual([1, 2, 3, 4, 5, '…', 10]);
    expect(pagerItems(1000)).toEqual([1, 2, 3, 4, 5, '…', 1000]);
  });
});
