// The record an open order is checked as (main/rules/orderRecord.ts), read by the order's own check and by
// 检查全部客户 alike: a change (变更主体/网站/备案) against the filed snapshot as `filing.before` (README «Filed
// state (已备案信息) and orders against it»), any other order over its websites with its type and provider.
import { describe, expect, it } from 'vitest';
import { recordOf } from '../../../main/export/record';
import { changeRecord, filedSiteIds, orderRecord } from '../../../main/rules/orderRecord';
import { filedIndividual } from '../../fixtures/filedViews';

describe('orderRecord: the record an order is checked as', () => {
  it('a change with a filed snapshot is changeRecord: the filed websites, the snapshot as before, people keyed by stored id', () => {
    const { view, filed } = filedIndividual();
    for (const type of ['变更主体', '变更网站', '变更备案'] as const) {
      const r = orderRecord(view, { type, provider: 'tencent', websiteIds: [11] }, filed);
      expect(r).toEqual(changeRecord(view, filed, type, 'tencent'));
      expect(r.filing).toMatchObject({ type, provider: 'tencent' });
      expect(r.filing.before).toEqual({ entity: filed.record.entity, people: filed.record.people, websites: filed.record.websites.map(({ websiteId: _w, provider: _p, ...w }) => w) });
      // every filed website, whichever the order names
      expect(r.websites.map((w) => w.name)).toEqual(view.websites.map((w) => w.name));
    }
  });

  it('a change without a filed snapshot, and any other type, is the record over the order\'s websites with no before', () => {
    const { view, filed } = filedIndividual();
    const own = recordOf(view);
    expect(orderRecord(view, { type: '变更网站', provider: 'aliyun', websiteIds: [] }, null)).toEqual({ ...own, filing: { type: '变更网站', provider: 'aliyun', before: null } });
    // a filed snapshot is read only for a change
    expect(orderRecord(view, { type: '接入备案', provider: 'tencent', websiteIds: [12] }, filed)).toEqual({ ...own, websites: [own.websites[1]], filing: { type: '接入备案', provider: 'tencent', before: null } });
    expect(orderRecord(view, { type: '首次备案', provider: 'tencent', websiteIds: [11, 12] }, null).websites).toEqual(own.websites);
    // none named: every website
    expect(orderRecord(view, { type: '新增网站', provider: 'tencent', websiteIds: [] }, null).websites).toEqual(own.websites);
  });

  it('changeRecord leaves out a website not filed, and keeps in before a filed one deleted since', () => {
    const { view, filed } = filedIndividual();
    const oneFiled = { record: { ...filed.record, websites: [filed.record.websites[0]!, { ...filed.record.websites[1]!, websiteId: null }] } };
    expect(filedSiteIds(oneFiled)).toEqual([11]);
    const r = changeRecord(view, oneFiled, '变更网站', 'tencent');
    expect(r.websites.map((w) => w.name)).toEqual([view.websites[0]!.name]);
    expect(r.filing.before.websites.map((w) => w.name)).toEqual([view.websites[0]!.name, '王小明摄影二']);
  });
});
