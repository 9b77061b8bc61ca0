// 公安备案 after approval: the follow-up per website, prefilled from the record and Tencent's published
// values, checked, and done with a 公安备案号 — which stops the 30-day deadline on the board and 工作台; so
// does a website 注销 or deleted before its 公安备案 was done, as there is nothing left to file.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { loadGonganLists } from '../../../main/filings/gongan';
import { addWebsite, createClients, getClientClear, removeWebsite } from '../../../main/services/clients';
import { completeGongan, gonganOfOrder, saveGongan } from '../../../main/services/gongan';
import { serviceStillRunning } from '../../../main/services/retention';
import { advanceOrder, createOrder, getOrder, listOrders } from '../../../main/services/orders';
import { upcomingDeadlines } from '../../../main/services/upcoming';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import lists from '../../../resources/data/gongan.json';
import type { Caller } from '../../../main/services/accounts';
import { builtOnce, describeEachStore, type OpenDesk } from '../../support/eachStore';
import type { DialectName } from '../../../main/db/dialect';
import type { Desk } from '../../../main/desk';
import { refusal } from '../../support/refusal';
import { testRouter } from '../../helpers';

const APPROVED_AT = Date.parse('2026-11-24T20:00:00+08:00');

/**
 * A 首次备案 filled and approved at APPROVED_AT, built once per file and store; each test gets a copy of that desk
 * (eachStore.ts builtOnce), a desk of its own on the same fixed clock.
 */
const approved = builtOnce(async (openDesk) => {
  const desk = await openDesk({ clock: () => new Date(APPROVED_AT) });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await advanceOrder(desk, o.id, { to: '待提交' });
  await fillOrder(desk, o.id);
  for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, o.id, { to });
  await expect(gonganOfOrder(desk, o.id)).rejects.toThrow('管局审核通过后才办理公安备案');
  await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备2026123456号-1' } });
  return { desk, orderId: o.id, websiteId: c!.websiteIds[0]! };
});
const approvedOrder = (openDesk: OpenDesk, dialect: DialectName) => approved(openDesk, dialect, { clock: () => new Date(APPROVED_AT) });

describeEachStore('公安备案 follow-up', (openDesk, dialect) => {
  it('is prefilled from the record, the approval date and Tencent’s published values, and names what is missing', async () => {
    const { desk, orderId, websiteId } = await approvedOrder(openDesk, dialect);
    const [f] = await gonganOfOrder(desk, orderId);
    expect(f).toMatchObject({ websiteId, state: '待办理', prefilled: true, profileSource: '腾讯云《公安备案》公安备案相关信息填写（2018-03-09 更新）' });
    expect(f!.fields).toMatchObject({
      siteName: '王小明的摄影博客',
      hasIcpNumber: true,
      icpNumber: '粤ICP备2026123456号-1',
      // approved at 20:00 Beijing time on the 24th
      openedOn: '2026-11-24',
      mainDomain: 'wxm-photo.cn',
      accessProvider: { name: '腾讯云计算（北京）有限责任公司', jurisdiction: '北京市', region: '北京市市辖区海淀区', accessMethod: '租赁主机' },
      domainRegistrar: { name: '北京新网数码信息技术有限公司', jurisdiction: '北京市', region: '北京市市辖区大兴区' },
      serviceTypes: ['博客个人空间'],
      languages: ['中文简体'],
    });
    // the record has no IP: the one required field the desk cannot fill
    expect(f!.problems).toEqual([{ path: ['ips'], message: '请至少填写一个网站 IP（服务器公网 IP）' }]);
    await expect(completeGongan(desk, orderId, websiteId, '粤公网安备44030002017573号')).rejects.toThrow(/还有 1 个问题：请至少填写一个网站 IP/);
  }, 60_000);

  it('checks IP format and that the domains are the website’s, then is done with a 公安备案号 and the deadline stops', async () => {
    const { desk, orderId, websiteId } = await approvedOrder(openDesk, dialect);
    expect((await getOrder(desk, orderId)).deadlines.map((d) => d.kind)).toEqual(['公安备案']);
    expect((await upcomingDeadlines(desk)).map((u) => u.kind)).toEqual(['公安备案']);
    const fields = (await gonganOfOrder(desk, orderId))[0]!.fields;

    const bad = await saveGongan(desk, orderId, websiteId, { ...fields, ips: ['300.1.2.3'], mainDomain: 'other-site.cn', otherDomains: ['www.wxm-photo.cn'] }, null);
    expect(bad.prefilled).toBe(false);
    expect(bad.rowVersion).toBe(1);
    expect(bad.problems.map((p) => p.message)).toEqual([
      'IP 地址“300.1.2.3”格式不正确，如 203.0.113.10',
      '主域名“other-site.cn”不是网站“王小明的摄影博客”备案的域名（wxm-photo.cn）',
      '从域名“www.wxm-photo.cn”不是网站“王小明的摄影博客”备案的域名',
    ]);
    const good = await saveGongan(desk, orderId, websiteId, { ...fields, ips: ['203.0.113.10'] }, bad.rowVersion);
    expect(good.problems).toEqual([]);
    expect(good.rowVersion).toBe(2);

    await expect(completeGongan(desk, orderId, websiteId, '粤ICP备2026123456号-1')).rejects.toThrow('公安备案号“粤ICP备2026123456号-1”格式不正确');
    await expect(completeGongan(desk, orderId, websiteId, '京公网安备11010802044671号')).rejects.toThrow('与广东省不符');
    const done = await completeGongan(desk, orderId, websiteId, '粤公网安备 44030002017573号');
    expect(done).toMatchObject({ state: '已完成', psbNumber: '粤公网安备44030002017573号' });
    expect(done.doneAt).not.toBeNull();

    expect((await getOrder(desk, orderId)).deadlines).toEqual([]);
    expect(await upcomingDeadlines(desk)).toEqual([]);
    expect(await listOrders(desk, { openOnly: true })).toEqual([]);
    expect((await getOrder(desk, orderId)).events.at(-1)!.reason).toBe('网站“王小明的摄影博客”公安备案已完成：粤公网安备44030002017573号');
    expect(done.rowVersion).toBe(3);
    await expect(saveGongan(desk, orderId, websiteId, fields, done.rowVersion)).rejects.toThrow('已完成');
    // the client's last order closed and nothing left to follow up: the retention period starts (PIPL)
    const client = await getClientClear(desk, (await getOrder(desk, orderId)).entityId);
    expect(client.serviceEndedAt).toBe('2026-11-24');
  }, 60_000);
});

// the choice lists are read from the file, never from the store: once, not under each store
it('refuses choice lists without their source', () => {
  const { source: _s, ...unsourced } = lists;
  expect(() => loadGonganLists(unsourced)).toThrow();
  expect(loadGonganLists(lists).serviceTypes).toContain('博客个人空间');
});

describeEachStore('公安备案 form saved over its version', (openDesk, dialect) => {
  const a: Caller = { accountId: 1, username: 'a', displayName: '操作员甲', role: 'operator' };
  const b: Caller = { accountId: 2, username: 'b', displayName: '操作员乙', role: 'operator' };

  it('refuses a save on a form read before another operator’s save (EDIT_CONFLICT naming IP), and keeps that save', async () => {
    const { desk, orderId, websiteId } = await approvedOrder(openDesk, dialect);
    const { router } = await testRouter(desk);
    const read = async (who: Caller) => {
      const r = await router.invoke('gongan.ofOrder', { orderId }, who);
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as Awaited<ReturnType<typeof gonganOfOrder>>)[0]!;
    };
    // both open the prefilled form: nothing saved yet, so no version
    const formA = await read(a);
    const formB = await read(b);
    expect([formA.rowVersion, formB.rowVersion]).toEqual([null, null]);
    // the version is required: a save without it is refused before anything is written
    expect(await router.invoke('gongan.save', { orderId, websiteId, fields: formA.fields }, a)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    // 甲 fills the IP and saves
    const savedA = await router.invoke('gongan.save', { orderId, websiteId, rowVersion: formA.rowVersion, fields: { ...formA.fields, ips: ['203.0.113.10'] } }, a);
    expect(savedA).toMatchObject({ ok: true, value: { rowVersion: 1, fields: { ips: ['203.0.113.10'] } } });
    const afterA = await read(a);
    // 甲 saves again over the version read: the version moves on
    const againA = await router.invoke('gongan.save', { orderId, websiteId, rowVersion: afterA.rowVersion, fields: { ...afterA.fields, icpNumber: '粤ICP备2026123456号-1', interactive: true } }, a);
    expect(againA).toMatchObject({ ok: true, value: { rowVersion: 2 } });

    // 乙, on the form read before 甲's saves, changes the site name and saves: refused, nothing written
    const savedB = await router.invoke('gongan.save', { orderId, websiteId, rowVersion: formB.rowVersion, fields: { ...formB.fields, siteName: '王小明的摄影作品' } }, b);
    expect(savedB).toMatchObject({
      ok: false,
      error: {
        code: 'EDIT_CONFLICT',
        details: [{ path: ['gongan', 'ips'], message: '已被操作员甲（a）修改' }, { path: ['gongan', 'interactive'], message: '已被操作员甲（a）修改' }],
        conflict: { target: 'gongan', readVersion: 0, currentVersion: 2, changedBy: '操作员甲（a）', fields: [{ field: 'ips', label: 'IP' }, { field: 'interactive', label: '是否提供互联网交互服务' }] },
      },
    });
    expect(!savedB.ok && savedB.error.message).toMatch(/^保存未完成：公安备案信息已被操作员甲（a）于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改（IP、是否提供互联网交互服务）/);
    const stored = await read(a);
    expect(stored).toMatchObject({ rowVersion: 2, fields: { ips: ['203.0.113.10'], siteName: '王小明的摄影博客', interactive: true } });

    // 乙 on a form read after the first save, before the second: refused too, naming only the second save's fields
    const staleB = await refusal(saveGongan(desk, orderId, websiteId, { ...afterA.fields, siteName: '王小明的摄影作品' }, afterA.rowVersion));
    expect(staleB.conflict).toMatchObject({ target: 'gongan', readVersion: 1, currentVersion: 2, fields: [{ field: 'interactive' }] });

    // 仍然保存: 乙's values over the version now stored go through
    const conflict = !savedB.ok ? (savedB.error as { conflict: { currentVersion: number } }).conflict : null;
    const reapplied = await router.invoke('gongan.save', { orderId, websiteId, rowVersion: conflict!.currentVersion, fields: { ...stored.fields, siteName: '王小明的摄影作品' } }, b);
    expect(reapplied).toMatchObject({ ok: true, value: { rowVersion: 3, fields: { siteName: '王小明的摄影作品', ips: ['203.0.113.10'] } } });
  }, 60_000);

  it('of two first saves at once, one is written and the other refused with EDIT_CONFLICT, not merged', async () => {
    const { desk, orderId, websiteId } = await approvedOrder(openDesk, dialect);
    const { fields, rowVersion } = (await gonganOfOrder(desk, orderId))[0]!;
    expect(rowVersion).toBeNull();
    const ips = [['203.0.113.10'], ['203.0.113.20']];
    const results = await Promise.allSettled(ips.map((ip) => saveGongan(desk, orderId, websiteId, { ...fields, ips: ip }, null)));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string; conflict?: unknown }] : []));
    expect(won).toHaveLength(1);
    expect(lost).toMatchObject([{ code: 'EDIT_CONFLICT', conflict: { target: 'gongan', readVersion: 0, currentVersion: 1, fields: [{ field: 'ips' }] } }]);
    const [now] = await gonganOfOrder(desk, orderId);
    expect(now).toMatchObject({ rowVersion: 1, fields: { ips: won[0]!.fields.ips } });
    // and one after the other: a second first save finds the row the first wrote
    const late = await refusal(saveGongan(desk, orderId, websiteId, { ...fields, siteName: '另一个名称' }, null));
    expect(late.code).toBe('EDIT_CONFLICT');
    expect((await gonganOfOrder(desk, orderId))[0]!.fields.siteName).toBe('王小明的摄影博客');
  }, 60_000);

  it('bumps the version when the website is marked 已完成, so a form open on it cannot be saved', async () => {
    const { desk, orderId, websiteId } = await approvedOrder(openDesk, dialect);
    const { fields } = (await gonganOfOrder(desk, orderId))[0]!;
    const saved = await saveGongan(desk, orderId, websiteId, { ...fields, ips: ['203.0.113.10'] }, null);
    const done = await completeGongan(desk, orderId, websiteId, '粤公网安备44030002017573号');
    expect(done.rowVersion).toBe(saved.rowVersion! + 1);
    await expect(saveGongan(desk, orderId, websiteId, saved.fields, saved.rowVersion)).rejects.toThrow('已完成');
  }, 60_000);
});

const DAY = 86_400_000;

const APPROVED_WITH_AT = Date.parse('2026-03-02T10:00:00+08:00');

/** An approved 首次备案 of one client, its websites named `sites` (the first the fixture's), on a clock standing at APPROVED_WITH_AT. */
async function approveWith(openDesk: OpenDesk, sites: number) {
  const desk = await openDesk({ clock: () => new Date(APPROVED_WITH_AT) });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const e = await getClientClear(desk, c!.id);
  for (let n = 2; n <= sites; n++) await addWebsite(desk, c!.id, { ...websiteFieldsOf(e.websites[0]!), name: `王小明的相册${n}`, domains: [`wxm-album${n}.cn`], homepages: [`www.wxm-album${n}.cn`] });
  const websiteIds = (await getClientClear(desk, c!.id)).websites.map((w) => w.id);
  const first = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await advanceOrder(desk, first.id, { to: '待提交' });
  await fillOrder(desk, first.id);
  for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, first.id, { to });
  await advanceOrder(desk, first.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: Object.fromEntries(websiteIds.map((id, i) => [id, `粤ICP备2026123456号-${i + 1}`])) });
  return { desk, clientId: c!.id, orderId: first.id, websiteIds };
}
/** Built once per file and store (one website, two), each test a copy of that desk (eachStore.ts builtOnce). */
const approvedWithSites = { 1: builtOnce((openDesk) => approveWith(openDesk, 1)), 2: builtOnce((openDesk) => approveWith(openDesk, 2)) };

/** A copy of the approved desk on a clock of its own, moved on by `later`. */
async function approvedWith(openDesk: OpenDesk, dialect: DialectName, sites: 1 | 2 = 1) {
  let now = APPROVED_WITH_AT;
  const made = await approvedWithSites[sites](openDesk, dialect, { clock: () => new Date(now) });
  return { ...made, later: (days: number) => (now += days * DAY) };
}

async function cancelWebsites(desk: Desk, clientId: number, websiteIds: number[]) {
  const cancel = await createOrder(desk, { entityId: clientId, type: '注销网站', provider: 'tencent', websiteIds });
  await advanceOrder(desk, cancel.id, { to: '待提交' });
  await advanceOrder(desk, cancel.id, { to: '初审中', confirmedConsequence: true });
  await advanceOrder(desk, cancel.id, { to: '管局审核中' });
  await advanceOrder(desk, cancel.id, { to: '已通过' });
  return cancel.id;
}

describeEachStore('公安备案 of a website no longer on record', (openDesk, dialect) => {
  it('注销网站 approved before the 公安备案 was done: the follow-up is dropped, the deadline stops, the retention starts', async () => {
    const { desk, clientId, orderId, websiteIds, later } = await approvedWith(openDesk, dialect);
    later(2);
    const cancel = await cancelWebsites(desk, clientId, websiteIds);
    expect(await gonganOfOrder(desk, orderId)).toEqual([]);
    const order = await getOrder(desk, orderId);
    expect(order.psbDueAt).toBeNull();
    expect(order.events.at(-1)!.reason).toBe(`“注销网站”订单 #${cancel} 已通过：未办公安备案的网站已注销，无需再办理，公安备案截止不再计算`);
    later(30);
    expect(await listOrders(desk, { openOnly: true })).toEqual([]);
    expect(await upcomingDeadlines(desk)).toEqual([]);
    expect(await serviceStillRunning(desk, clientId)).toBeNull();
    // the 注销网站 was the client's last open order: with nothing else due the retention clock starts
    expect((await getClientClear(desk, clientId)).serviceEndedAt).toBe('2026-03-04');
  }, 120_000);

  it('a website deleted after approval takes its deadline with it', async () => {
    const { desk, orderId, websiteIds, later } = await approvedWith(openDesk, dialect);
    await removeWebsite(desk, websiteIds[0]!);
    later(31);
    expect(await gonganOfOrder(desk, orderId)).toEqual([]);
    expect((await getOrder(desk, orderId)).deadlines).toEqual([]);
    expect(await listOrders(desk, { openOnly: true })).toEqual([]);
  }, 120_000);

  it('one of two websites 注销: the other is still due, and its 已完成 stops the deadline', async () => {
    const { desk, clientId, orderId, websiteIds, later } = await approvedWith(openDesk, dialect, 2);
    later(1);
    await cancelWebsites(desk, clientId, [websiteIds[0]!]);
    expect((await gonganOfOrder(desk, orderId)).map((f) => [f.websiteId, f.state])).toEqual([[websiteIds[1], '待办理']]);
    expect((await getOrder(desk, orderId)).deadlines.map((d) => d.kind)).toEqual(['公安备案']);
    expect(await serviceStillRunning(desk, clientId)).not.toBeNull();
    const f = (await gonganOfOrder(desk, orderId))[0]!;
    const saved = await saveGongan(desk, orderId, f.websiteId, { ...f.fields, ips: ['203.0.113.10'] }, null);
    await completeGongan(desk, orderId, f.websiteId, '粤公网安备44030002017573号');
    expect((await getOrder(desk, orderId)).deadlines).toEqual([]);
    expect(saved.problems).toEqual([]);
  }, 120_000);
});
