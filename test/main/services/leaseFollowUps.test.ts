// Check-in carries back an order's follow-ups changed on the laptop — 驳回 rounds, 公安备案, 授权码s — like
// its other fields (issue 14): applied where the server's order is still as lent, listed for a person
// where both sides changed them; a lease recorded before they were carried reads none of them as changed.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { authCodeRows } from '../../../main/db/repositories/authCodes';
import { gonganRecords, gonganRows } from '../../../main/db/repositories/gongan';
import { getOrderRow, ordersOfEntity } from '../../../main/db/repositories/orders';
import { rejectionsOf } from '../../../main/db/repositories/rejections';
import type { Desk } from '../../../main/desk';
import { addAuthCode } from '../../../main/services/authCodes';
import { getClientClear } from '../../../main/services/clients';
import { completeGongan, gonganOfOrder, saveGongan } from '../../../main/services/gongan';
import { applyFollowUps } from '../../../main/services/leaseFollowUps';
import { editConflictOf } from '../../../main/services/editConflict';
import { leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import type { OrderState } from '../../../main/domain/enums';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { checkIn, clientByCert, LAPTOP, lentServer, lentToLaptop } from '../../support/leases';
import { refusal } from '../../support/refusal';

const code = (c: string) => ({ kind: '备案授权码' as const, code: c, resource: 'ins-8k2j3h (203.0.113.10)', expiresOn: '2027-01-20' });

/** A 首次备案 order on the first client, put in `state` on the server before check-out. */
const orderIn = (state: OrderState) => async (server: Desk, ids: number[]) => {
  const o = await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
  // the way there is not what these tests are about: the store set straight
  if (state !== '草稿') await server.ctx.db.updateTable('filing_order').set({ state }).where('id', '=', o.id).execute();
};

/** The server of lentWithOrderIn alone (the same pair), for a test that never touches the laptop. */
async function serverWithOrderIn(openDesk: OpenDesk, state: OrderState) {
  const lent = await lentServer(openDesk, orderIn(state), `order ${state}`);
  return { ...lent, serverOrder: (await ordersOfEntity(lent.server.ctx, lent.ids[0]!))[0]! };
}

/** Lent with a 首次备案 order on the first client, put in `state` on the server before check-out. */
async function lentWithOrderIn(openDesk: OpenDesk, state: OrderState = '草稿') {
  const lent = await lentToLaptop(openDesk, orderIn(state), `order ${state}`);
  const serverOrder = (await ordersOfEntity(lent.server.ctx, lent.ids[0]!))[0]!;
  const laptopClient = await clientByCert(lent.laptop, lent.certs[0]!);
  const laptopOrder = (await ordersOfEntity(lent.laptop.ctx, laptopClient.id))[0]!;
  return { ...lent, serverOrder, laptopOrder, laptopClient };
}

/** An approved order lent out, whose 公安备案 the server saved with IP …55 and the laptop with …77 meanwhile. */
async function bothSavedGongan(openDesk: OpenDesk) {
  const lent = await lentWithOrderIn(openDesk, '已通过');
  const { server, laptop, serverOrder, laptopOrder } = lent;
  const site = (await getClientClear(server, lent.ids[0]!)).websites[0]!;
  const here = (await gonganOfOrder(server, serverOrder.id))[0]!;
  await saveGongan(server, serverOrder.id, site.id, { ...here.fields, ips: ['203.0.113.55'] }, here.rowVersion);
  const there = (await gonganOfOrder(laptop, laptopOrder.id))[0]!;
  await saveGongan(laptop, laptopOrder.id, there.websiteId, { ...there.fields, ips: ['203.0.113.77'] }, there.rowVersion);
  return { ...lent, site };
}

const codesOf = async (desk: Desk, orderId: number) => (await authCodeRows(desk.ctx, orderId)).map((a) => a.code);

describeEachStore('check-in carries back an order’s 驳回, 公安备案 and 授权码s', (openDesk) => {
  it('adds the 授权码 recorded on the laptop to the order the server left alone, logged as recorded, naming the lease', async () => {
    const { server, laptop, ids, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk);
    await addAuthCode(laptop, laptopOrder.id, code('TC-LAPTOP-1'));

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0, closed: true });
    expect(await authCodeRows(server.ctx, serverOrder.id)).toMatchObject([{ code: 'TC-LAPTOP-1', actor: '外勤小王', expiresOn: '2027-01-20' }]);
    const log = await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 });
    expect(log.find((e) => e.action === 'order.authCode.add')!.detail).toMatchObject({ kind: '备案授权码', lease: leaseId, desk: LAPTOP });
    expect(log.find((e) => e.action === 'order.update')!.detail).toMatchObject({ fields: expect.arrayContaining(['authCodes']) as string[], lease: leaseId });
  }, 60_000);

  it('adds the 驳回 round recorded on the laptop, its reasons pointing at the server’s own rows, with the move to 初审驳回', async () => {
    const { server, laptop, ids, leaseId, serverOrder, laptopOrder, laptopClient } = await lentWithOrderIn(openDesk, '初审中');
    await advanceOrder(laptop, laptopOrder.id, { to: '初审驳回', reason: '网站名称与内容不符', reasons: [{ target: `website.${laptopClient.websites[0]!.id}.name`, kind: 'name-content-mismatch', text: '名称体现不出内容' }] });

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0 });
    const serverSite = (await getClientClear(server, ids[0]!)).websites[0]!;
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('初审驳回');
    const rounds = await rejectionsOf(server.ctx, serverOrder.id);
    expect(rounds).toMatchObject([{ round: 1, stage: '初审驳回', providerText: '网站名称与内容不符', actor: '外勤小王', reasons: [{ target: `website.${serverSite.id}.name`, kind: 'name-content-mismatch', text: '名称体现不出内容', resolvedAt: null }] }]);
    // untouched on the laptop, untouched here: the server's name still is what was rejected
    expect(rounds[0]!.reasons[0]!.baseline).not.toBe('changed-before-transfer');
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'order.rejections')!.detail).toMatchObject({ rounds: 1, lease: leaseId });
  }, 60_000);

  it('writes the 公安备案 saved on the laptop for an approved order, for the server’s website', async () => {
    const { server, laptop, ids, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk, '已通过');
    const f = (await gonganOfOrder(laptop, laptopOrder.id))[0]!;
    await saveGongan(laptop, laptopOrder.id, f.websiteId, { ...f.fields, ips: ['203.0.113.77'] }, f.rowVersion);

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0 });
    const serverSite = (await getClientClear(server, ids[0]!)).websites[0]!;
    expect(await gonganRows(server.ctx, serverOrder.id)).toMatchObject([{ websiteId: serverSite.id, state: '待办理', fields: { ips: ['203.0.113.77'] } }]);
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'gongan.save')!.detail).toMatchObject({ website: serverSite.id, lease: leaseId });
  }, 60_000);

  it('a check-in that writes the laptop’s 公安备案 makes a form opened on the server before it stale: its save is refused', async () => {
    const { server, laptop, ids, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk, '已通过');
    const site = (await getClientClear(server, ids[0]!)).websites[0]!;
    const f = (await gonganOfOrder(laptop, laptopOrder.id))[0]!;
    await saveGongan(laptop, laptopOrder.id, f.websiteId, { ...f.fields, ips: ['203.0.113.77'] }, f.rowVersion);
    // an operator on the server opens the prefilled form before the check-in
    const open = (await gonganOfOrder(server, serverOrder.id))[0]!;
    expect(open.rowVersion).toBeNull();

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0 });
    expect((await gonganOfOrder(server, serverOrder.id))[0]).toMatchObject({ rowVersion: 1, fields: { ips: ['203.0.113.77'] } });
    const err = await refusal(saveGongan(server, serverOrder.id, site.id, { ...open.fields, siteName: '服务器上改的名称' }, open.rowVersion));
    expect(err.conflict).toMatchObject({ target: 'gongan', readVersion: 0, currentVersion: 1, fields: expect.arrayContaining([{ field: 'ips', label: 'IP' }]) as unknown });
    expect((await gonganOfOrder(server, serverOrder.id))[0]!.fields).toMatchObject({ ips: ['203.0.113.77'], siteName: open.fields.siteName });
  }, 60_000);

  it('a 公安备案 row a check-in removed and a later one wrote again starts above its old version: a form open on the old row is refused', async () => {
    const { server, ids, serverOrder } = await serverWithOrderIn(openDesk, '已通过');
    const site = (await getClientClear(server, ids[0]!)).websites[0]!;
    const first = (await gonganOfOrder(server, serverOrder.id))[0]!;
    await saveGongan(server, serverOrder.id, site.id, { ...first.fields, ips: ['203.0.113.55'] }, first.rowVersion);
    // an operator opens the saved form (version 1) and leaves it open
    const open = (await gonganOfOrder(server, serverOrder.id))[0]!;
    expect(open.rowVersion).toBe(1);
    const lease = { id: 'lease-x', desk: LAPTOP, source: 'test' };
    const order = (await getOrderRow(server.ctx, serverOrder.id))!;
    const carried = (await gonganRows(server.ctx, serverOrder.id)).map(({ orderId: _o, ...g }) => ({ ...g, fields: { ...(g.fields as object), ips: ['203.0.113.99'] } }));
    // one check-in takes the row away (the laptop's order had lost the website), a later one brings it back
    await server.sql.tx(() => applyFollowUps(server, order, { rejections: [], gongan: [], authCodes: [] }, lease));
    expect(await gonganRows(server.ctx, serverOrder.id)).toEqual([]);
    await server.sql.tx(() => applyFollowUps(server, order, { rejections: [], gongan: carried, authCodes: [] }, lease));
    expect((await gonganOfOrder(server, serverOrder.id))[0]).toMatchObject({ rowVersion: 2, fields: { ips: ['203.0.113.99'] } });

    const err = await refusal(saveGongan(server, serverOrder.id, site.id, { ...open.fields, siteName: '服务器上改的名称' }, open.rowVersion));
    expect(err.conflict).toMatchObject({ target: 'gongan', readVersion: 1, currentVersion: 2, fields: expect.arrayContaining([{ field: 'ips', label: 'IP' }]) as unknown });
    expect((await gonganOfOrder(server, serverOrder.id))[0]!.fields.ips).toEqual(['203.0.113.99']);
    const log = await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 });
    expect(log.find((e) => e.action === 'gongan.remove')!.detail).toMatchObject({ website: site.id, rowVersion: 1, lease: 'lease-x' });
  }, 60_000);

  it('a check-in that changes only when and by whom a 公安备案 was completed logs those fields with the version it made', async () => {
    const { server, ids, serverOrder } = await serverWithOrderIn(openDesk, '已通过');
    const site = (await getClientClear(server, ids[0]!)).websites[0]!;
    const f = (await gonganOfOrder(server, serverOrder.id))[0]!;
    await saveGongan(server, serverOrder.id, site.id, { ...f.fields, ips: ['203.0.113.10'], openedOn: '2026-11-24' }, f.rowVersion);
    await completeGongan(server, serverOrder.id, site.id, '粤公网安备44030002017573号');
    const open = (await gonganOfOrder(server, serverOrder.id))[0]!;
    const order = (await getOrderRow(server.ctx, serverOrder.id))!;
    const carried = (await gonganRows(server.ctx, serverOrder.id)).map(({ orderId: _o, ...g }) => ({ ...g, doneAt: '2026-12-01T02:00:00.000Z', doneBy: '外勤小王' }));
    await server.sql.tx(() => applyFollowUps(server, order, { rejections: [], gongan: carried, authCodes: [] }, { id: 'lease-y', desk: LAPTOP, source: 'test' }));

    const entry = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'gongan.save' && e.detail.lease === 'lease-y');
    expect(entry?.detail).toMatchObject({ website: site.id, fields: ['doneAt', 'doneBy'], rowVersion: open.rowVersion! + 1 });
    // what a conflict on the form read before the check-in would name (a completed row takes no more saves)
    const row = (await gonganRecords(server.ctx, serverOrder.id))[0]!;
    expect(await editConflictOf(server, 'gongan', row.id, open.rowVersion!)).toMatchObject({ fields: [{ field: 'doneAt', label: '办结时间' }, { field: 'doneBy', label: '办结人' }] });
  }, 60_000);

  it('bumps the version of the server’s 公安备案 row when a conflict is settled for the laptop’s', async () => {
    const { server, laptop, leaseId, serverOrder, site } = await bothSavedGongan(openDesk);
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 0, conflicts: 1 });
    // an operator opens the server's form (version 1) while the conflict waits
    const open = (await gonganOfOrder(server, serverOrder.id))[0]!;
    expect(open.rowVersion).toBe(1);

    const [c] = await leaseConflicts(server, leaseId);
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect((await gonganOfOrder(server, serverOrder.id))[0]).toMatchObject({ rowVersion: 2, fields: { ips: ['203.0.113.77'] } });
    const err = await refusal(saveGongan(server, serverOrder.id, site.id, { ...open.fields, siteName: '服务器上改的名称' }, open.rowVersion));
    expect(err.conflict).toMatchObject({ target: 'gongan', readVersion: 1, currentVersion: 2, fields: [{ field: 'ips', label: 'IP' }] });
    expect((await gonganOfOrder(server, serverOrder.id))[0]!.fields.ips).toEqual(['203.0.113.77']);
  }, 60_000);

  it('lists an order whose 授权码s both sides changed, shows both lists, and settles either way', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk);
    await addAuthCode(server, serverOrder.id, code('TC-SERVER-1'));
    await addAuthCode(laptop, laptopOrder.id, { ...code('TC-LAPTOP-1'), resource: '笔记本记录的实例' });

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 0, conflicts: 1, closed: false });
    expect(await codesOf(server, serverOrder.id)).toEqual(['TC-SERVER-1']);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'order', kind: 'edit' });
    expect(c!.fields.find((f) => f.field === 'authCodes')).toMatchObject({ label: '授权码', server: '备案授权码（ins-8k2j3h (203.0.113.10)，至 2027-01-20）', laptop: '备案授权码（笔记本记录的实例，至 2027-01-20）' });
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect(await codesOf(server, serverOrder.id)).toEqual(['TC-LAPTOP-1']);
  }, 60_000);

  it('lists an order whose 公安备案 both sides saved, though neither moved the order itself', async () => {
    const { server, laptop, leaseId, serverOrder, site } = await bothSavedGongan(openDesk);

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 0, conflicts: 1 });
    expect(await gonganRows(server.ctx, serverOrder.id)).toMatchObject([{ fields: { ips: ['203.0.113.55'] } }]);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c!.fields.map((f) => f.field)).toEqual(['gongan']);
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect(await gonganRows(server.ctx, serverOrder.id)).toMatchObject([{ websiteId: site.id, fields: { ips: ['203.0.113.77'] } }]);
  }, 60_000);

  it('keeps the server’s 授权码s when the conflict is settled for the server', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk);
    await addAuthCode(server, serverOrder.id, code('TC-SERVER-1'));
    await addAuthCode(laptop, laptopOrder.id, code('TC-LAPTOP-1'));
    await checkIn(server, laptop, leaseId);
    const [c] = await leaseConflicts(server, leaseId);
    expect(await settleConflict(server, c!.id, 'server')).toEqual({ leaseClosed: true });
    expect(await codesOf(server, serverOrder.id)).toEqual(['TC-SERVER-1']);
  }, 60_000);

  it('checks in a lease recorded before follow-ups were carried without reading them as changed', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrderIn(openDesk);
    // both sides' records as an older desk wrote them: no follow-up digest
    for (const [desk, side] of [[server, 'lent'], [laptop, 'borrowed']] as const) {
      for (const r of await desk.ctx.db.selectFrom('client_lease').select(['id', 'row_versions']).where('side', '=', side).execute()) {
        const v = JSON.parse(r.row_versions) as { orders?: { followUps?: string }[] };
        for (const o of v.orders ?? []) delete o.followUps;
        await desk.ctx.db.updateTable('client_lease').set({ row_versions: JSON.stringify(v) }).where('id', '=', r.id).execute();
      }
    }
    await addAuthCode(laptop, laptopOrder.id, code('TC-LAPTOP-1'));

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 0, closed: true });
    expect(await codesOf(server, serverOrder.id)).toEqual([]);
  }, 60_000);
});
