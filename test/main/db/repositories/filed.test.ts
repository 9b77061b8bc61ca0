// An order's submitted record (migration 0027) is sealed like a filed snapshot, and a store written before
// encryption has it re-sealed with the columns and snapshots it copied (resealColumns).
import { expect, it } from 'vitest';
import { insertFiled, putSubmittedSealed, submittedRecordOf, submittedSealedOf, websitesOffRecordOf } from '../../../../main/db/repositories/filed';
import type { FiledRecord } from '../../../../main/domain/filed';
import { plainCodec } from '../../../../main/db/sensitive';
import { clientRecordSchema } from '../../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../../main/services/clients';
import { createOrder } from '../../../../main/services/orders';
import { submittedRecord } from '../../../../main/filings/filedTransitions';
import { individual } from '../../../fixtures/drafts';
import { personId } from '../../../fixtures/records';
import { openTestDesk } from '../../../helpers';
import { describeEachStore } from '../../../support/eachStore';

it('keeps a submitted record sealed, and re-seals one written in clear by a store from before encryption', async () => {
  const desk = await openTestDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  const e = await getClientClear(desk, c!.id);
  const record = submittedRecord(e, { id: o.id, type: '首次备案', provider: 'tencent', websiteIds: o.websiteIds }, null);
  const mobile = record.people[0]!.mobile;
  // as the legacy store's plain codec writes it
  const plain = { ...record, entity: { ...record.entity, certNumber: plainCodec.seal('cert', record.entity.certNumber) }, people: record.people.map((p) => ({ ...p, certNumber: plainCodec.seal('cert', p.certNumber), mobile: plainCodec.seal('mobile', p.mobile), emergencyPhone: plainCodec.seal('phone', p.emergencyPhone ?? ''), email: plainCodec.seal('email', p.email) })) };
  await desk.sql.tx(() => putSubmittedSealed(desk.ctx, o.id, { submittedAt: '2026-01-02T03:04:05.000Z', sealed: JSON.stringify(plain) }));
  expect((await submittedSealedOf(desk.ctx, o.id))!.sealed).toContain(`"plain:${mobile}"`);

  expect((await desk.encryptLegacyData()).rows).toBeGreaterThan(0);
  const sealed = (await submittedSealedOf(desk.ctx, o.id))!.sealed;
  expect(sealed).not.toContain(mobile);
  expect(sealed).not.toContain('plain:');
  expect((await submittedRecordOf(desk.ctx, o.id))!.record).toEqual(record);
});

// websitesOffRecordOf reads only the websites' ids out of each version, by the store's own JSON functions (check-all
// asks it of every client with a site without 备案号): the same answer on both stores as a reading of the records
describeEachStore('the websites taken off the record', (openDesk) => {
  it('are those an older version lists and the newest does not, whatever happened between', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual((r) => {
      const first = r.websites[0];
      r.websites = Array.from({ length: 4 }, (_, i) => ({ ...first, name: `王小明的网站${i + 1}`, domains: [`wxm-site${i + 1}.cn`], homepages: [`www.wxm-site${i + 1}.cn`] }));
    });
    const made = await createClients(desk, [0, 1, 2, 3].map((n) => clientRecordSchema.parse({ ...rec, entity: { ...rec.entity, certNumber: personId(20 + n) }, people: [{ ...rec.people[0], certNumber: personId(20 + n) }], websites: rec.websites.map((w: { domains: string[]; homepages: string[] }) => ({ ...w, domains: w.domains.map((d) => `c${n}-${d}`), homepages: w.homepages.map((h) => `www.c${n}-${h.slice(4)}`) })) })));
    const [a, b, c, d] = made.map((m) => ({ id: m.id, sites: m.websiteIds }));
    const filed = (entityId: number, sites: number[], version?: number) => {
      const record: FiledRecord = {
        entity: { ...rec.entity, icpNumber: '粤ICP备12345678号' } as FiledRecord['entity'],
        people: [],
        websites: sites.map((id) => ({ ...rec.websites[0], principal: 'p1', websiteId: id, provider: 'tencent', icpNumber: '' }) as FiledRecord['websites'][number]),
      };
      return insertFiled(desk.ctx, { entityId, filedAt: '2026-01-01', origin: '订单通过', orderId: null, status: '已备案', entityIcpNumber: '粤ICP备12345678号', providers: ['tencent'], record, ...(version ? { version } : {}) });
    };
    await desk.sql.tx(async () => {
      const [a1, a2, a3, a4] = a!.sites;
      // 注销网站 of the 2nd and 4th, the 2nd filed again (新增网站), then 注销 again with the 1st
      for (const sites of [[a1!, a2!, a3!, a4!], [a1!, a3!], [a1!, a3!, a2!], [a3!]]) await filed(a!.id, sites);
      // 注销主体: the newest version lists no website
      await filed(b!.id, b!.sites);
      await filed(b!.id, []);
      // the 3rd re-filed after its 注销: on record again, nothing off
      await filed(c!.id, c!.sites);
      await filed(c!.id, [c!.sites[0]!, c!.sites[1]!]);
      await filed(c!.id, c!.sites);
      // one version only; the versions written out of order (a 迁移 first, then the approvals)
    });
    const off = await websitesOffRecordOf(desk.ctx, [a!.id, b!.id, c!.id, d!.id]);
    expect(off).toEqual(new Map([[a!.id, [a!.sites[0]!, a!.sites[1]!, a!.sites[3]!]], [b!.id, b!.sites]]));
    await desk.sql.tx(async () => {
      await filed(d!.id, [d!.sites[0]!], 3);
      await filed(d!.id, d!.sites, 1);
      await filed(d!.id, [d!.sites[0]!, d!.sites[2]!], 2);
    });
    expect((await websitesOffRecordOf(desk.ctx, [d!.id])).get(d!.id)).toEqual([d!.sites[2]!, d!.sites[1]!, d!.sites[3]!]);
  });
});
