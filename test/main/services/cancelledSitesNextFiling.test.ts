// The filing a client without an open order needs next (its 材料清单 on the client badge and in check-all)
// after an approved 注销: a site the 管局 took off the record (注销网站, 注销主体) is not a draft waiting to be
// filed, so it is neither filed anew nor counted toward 广东's 网站建设方案书 (domain.md §4 cross-province
// materials: individuals more than 10 websites; §1.5, §1.6: a 注销 removes the site / the 主体 from the record).
import { afterAll, expect, it } from 'vitest';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { readSettings } from '../../../main/db/repositories/settings';
import { keptVerdict } from '../../../main/db/repositories/verdicts';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import type { FilingType } from '../../../main/domain/enums';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { closeWorkerPool } from '../../../main/jobs/pool';
import { findingsDigest } from '../../../main/rules/checkRecords';
import { CHECK_INPUTS_VERSION, checkAllClients, checkOne, type CheckAllOptions } from '../../../main/services/checkAll';
import { PHOTO_CHECKER_VERSION } from '../../../main/photos/checkerVersion';
import { addWebsite, createClients, getClientClear } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { materialFindings } from '../../../main/services/readiness';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

afterAll(closeWorkerPool);

const ICP = '粤ICP备12345678号';

/** A 广东 个人 with 11 websites on record at Tencent (王小明的网站1 … 11): over the 10 that ask for a 方案书. */
async function elevenFiled(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual((r) => {
    const first = r.websites[0];
    r.websites = Array.from({ length: 11 }, (_, i) => ({ ...first, name: `王小明的网站${i + 1}`, domains: [`wxm-site${i + 1}.cn`], homepages: [`www.wxm-site${i + 1}.cn`], icpNumber: `${ICP}-${i + 1}` }));
    r.entity.icpNumber = ICP;
  });
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01' });
  return { desk, id: c!.id, sites: c!.websiteIds };
}

async function approve(desk: Desk, entityId: number, type: FilingType, websiteIds: number[]) {
  const o = await createOrder(desk, { entityId, type, provider: 'tencent', websiteIds });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
  await advanceOrder(desk, o.id, { to: '已通过' });
}

const nextFilingSays = async (desk: Desk, id: number) => (await materialFindings(desk, await getClientClear(desk, id), false)).map((f) => f.message);

describeEachStore('the next filing after an approved 注销', (openDesk) => {
  it('注销网站: the 主体 has 10 sites left, all on record — nothing to file, no 方案书', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    expect(await nextFilingSays(desk, id)).toEqual([]);
    await approve(desk, id, '注销网站', [sites[0]!]);
    expect((await getClientClear(desk, id)).websites.find((w) => w.id === sites[0])!.icpNumber).toBeNull();
    expect(await nextFilingSays(desk, id)).toEqual([]);
  });

  it('a new site beside the cancelled one: the 方案书 counts 11 (10 on record + the new one), the cancelled site is not filed anew', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    await approve(desk, id, '注销网站', [sites[0]!]);
    const first = (await getClientClear(desk, id)).websites[0]!;
    await addWebsite(desk, id, { ...websiteFieldsOf(first), name: '王小明的新网站', domains: ['wxm-new.cn'], homepages: ['www.wxm-new.cn'], icpNumber: null });
    const says = await nextFilingSays(desk, id);
    expect(says).toContain('下一次备案缺少材料：网站建设方案书（本主体共 11 个网站）');
    expect(says.filter((m) => m.includes('王小明的网站1：'))).toEqual([]);
    expect(says).toContain('下一次备案缺少材料：王小明的新网站：网站负责人王小明的幕布照片');
    // check-all works the next filing out on its own path (rules/checkRecords.ts): it keeps what the badge says
    const validityWarnDays = (await readSettings(desk.ctx)).validityWarnDays;
    const today = new Date();
    const fresh = (await checkOne(desk, id, validityWarnDays, today, undefined))!.findings;
    expect(fresh.filter((f) => f.ruleId === 'V-MAT-01').map((f) => f.message)).toEqual(says);
    for (const path of [{ mode: 'oneByOne' }, { mode: 'thread', sliceSize: 2 }] as CheckAllOptions[]) {
      await checkAllClients(desk, { cancelled: false, progress: () => undefined }, { today, fresh: true, ...path });
      expect((await keptVerdict(desk.ctx, id))?.findingsDigest, JSON.stringify(path)).toBe(findingsDigest(fresh));
    }
  }, 120_000);

  it('a verdict kept before the next filing left the cancelled sites out (rule catalog 6) is worked out afresh', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    await approve(desk, id, '注销网站', [sites[0]!]);
    const today = new Date();
    const run = () => checkAllClients(desk, { cancelled: false, progress: () => undefined }, { today, mode: 'oneByOne' });
    await run();
    // what the build before kept for this client that day: the cancelled site asked for again as the next 新增网站
    await desk.ctx.db.updateTable('client_verdict').set({ verdict_version: `rules 6, photos ${PHOTO_CHECKER_VERSION}, record ${CHECK_INPUTS_VERSION}`, error_count: 3 }).where('entity_id', '=', id).execute();
    const r = await run();
    expect(r.rechecked).toBe(1);
    expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(findingsDigest((await checkOne(desk, id, (await readSettings(desk.ctx)).validityWarnDays, today, undefined))!.findings));
  }, 120_000);

  it('注销主体: the 主体 and its sites are off the record — no 首次备案 of them is waiting', async () => {
    const { desk, id } = await elevenFiled(openDesk);
    await approve(desk, id, '注销主体', []);
    expect((await getClientClear(desk, id)).icpNumber).toBeNull();
    expect(await nextFilingSays(desk, id)).toEqual([]);
  });
});

describeEachStore('a 新增网站 order after an approved 注销网站', (openDesk) => {
  it('named no websites, it files the sites not yet filed, not the cancelled one, and its 方案书 counts 11', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    await approve(desk, id, '注销网站', [sites[0]!]);
    const first = (await getClientClear(desk, id)).websites[0]!;
    const fresh = await addWebsite(desk, id, { ...websiteFieldsOf(first), name: '王小明的新网站', domains: ['wxm-new.cn'], homepages: ['www.wxm-new.cn'], icpNumber: null });
    const order = await createOrder(desk, { entityId: id, type: '新增网站', provider: 'tencent' });
    expect(order.websiteIds).toEqual([fresh.id]);
    expect((await getOrder(desk, order.id)).checklist.filter((c) => c.kind === 'site-plan').map((c) => c.label)).toEqual(['网站建设方案书（本主体共 11 个网站）']);
  });

  it('named no websites when every site without 备案号 is a cancelled one, it is refused naming them and the way to file them again', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    await approve(desk, id, '注销网站', [sites[0]!]);
    await expect(createOrder(desk, { entityId: id, type: '新增网站', provider: 'tencent' })).rejects.toThrow(
      '不能新建“新增网站”订单：该客户尚未备案的网站“王小明的网站1”已注销，不选网站时不会重新备案：如要重新备案，请在“涉及网站”中选择它',
    );
  });

  it('named explicitly, the cancelled site is filed anew and counted', async () => {
    const { desk, id, sites } = await elevenFiled(openDesk);
    await approve(desk, id, '注销网站', [sites[0]!]);
    const order = await createOrder(desk, { entityId: id, type: '新增网站', provider: 'tencent', websiteIds: [sites[0]!] });
    expect(order.websiteIds).toEqual([sites[0]]);
    expect((await getOrder(desk, order.id)).checklist.filter((c) => c.kind === 'site-plan').map((c) => c.label)).toEqual(['网站建设方案书（本主体共 11 个网站）']);
  });
});
