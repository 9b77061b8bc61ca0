// Check-in carries back what the laptop did to filing orders the server already had, and the rows either
// side deleted while a client was out (issue 14): applied where the server's row is still at its lent
// version, listed for a person where both sides acted, state moves checked against the server's state now.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { getOrderRow, orderEvents, ordersOfEntity, updateOrderState } from '../../../main/db/repositories/orders';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import type { Desk } from '../../../main/desk';
import { provinceByName } from '../../../main/domain/provinces';
import { addPerson, addWebsite, deleteClient, editPerson, editWebsite, getClientClear, removePerson, removeWebsite } from '../../../main/services/clients';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { cancelLease, leasedClients } from '../../../main/services/leaseList';
import { addMaterial, listMaterials, removeMaterial } from '../../../main/services/materials';
import { advanceOrder, checkOrderPhotos, createOrder } from '../../../main/services/orders';
import { filedVersions, latestFiled, submittedRecordOf } from '../../../main/db/repositories/filed';
import { recordExistingFiling } from '../../../main/services/filedState';
import { fillOrder, materialJpeg } from '../../fixtures/materials';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { checkIn, clientByCert, LAPTOP, lentServer, lentToLaptop } from '../../support/leases';

/** Lent with a draft order on the first client. */
async function lentWithOrder(openDesk: OpenDesk) {
  const lent = await lentToLaptop(openDesk, async (server, ids) => {
    await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
  }, 'draft order');
  const serverOrder = (await ordersOfEntity(lent.server.ctx, lent.ids[0]!))[0]!;
  const laptopOrder = (await ordersOfEntity(lent.laptop.ctx, (await clientByCert(lent.laptop, lent.certs[0]!)).id))[0]!;
  return { ...lent, serverOrder, laptopOrder };
}

/** Lent with a 营业执照 scan on the first client. */
async function lentWithMaterial(openDesk: OpenDesk) {
  const lent = await lentToLaptop(openDesk, async (server, ids) => {
    await addMaterial(server, { entityId: ids[0]!, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('licence-lent') });
  }, 'licence');
  return { ...lent, material: (await listMaterials(lent.server, lent.ids[0]!))[0]! };
}

async function renameWebsite(desk: Desk, entityId: number, name: string) {
  const w = (await getClientClear(desk, entityId)).websites[0]!;
  await editWebsite(desk, w.id, { ...websiteFieldsOf(w), name }, w.rowVersion);
}

describeEachStore('check-in carries back orders and deletions', (openDesk) => {
  it('carries back what an order submitted on the laptop, and the server’s approval files that (migration 0027)', async () => {
    const lent = await lentToLaptop(openDesk, async (server, ids) => {
      const o = await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
      await advanceOrder(server, o.id, { to: '待提交' });
      // measured on the laptop, which submits it: no photo result goes into the check-out archive
      await fillOrder(server, o.id, { measure: false });
    });
    const { server, laptop, ids, leaseId } = lent;
    const serverOrder = (await ordersOfEntity(server.ctx, ids[0]!))[0]!;
    const laptopOrder = (await ordersOfEntity(laptop.ctx, (await clientByCert(laptop, lent.certs[0]!)).id))[0]!;
    await checkOrderPhotos(laptop, laptopOrder.id);
    await advanceOrder(laptop, laptopOrder.id, { to: '初审中' });
    const sentThere = (await submittedRecordOf(laptop.ctx, laptopOrder.id))!;
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0 });
    const sentHere = (await submittedRecordOf(server.ctx, serverOrder.id))!;
    expect(sentHere.submittedAt).toBe(sentThere.submittedAt);
    expect(sentHere.record.websites.map((w) => [w.websiteId, w.name, w.domains])).toEqual(serverOrder.websiteIds.map((id, i) => [id, sentThere.record.websites[i]!.name, sentThere.record.websites[i]!.domains]));
    expect(sentHere.record.people.map((p) => p.certNumber)).toEqual(sentThere.record.people.map((p) => p.certNumber));
    // edited on the server after the laptop submitted: the approval files what was submitted
    const submittedName = sentHere.record.websites[0]!.name;
    await renameWebsite(server, ids[0]!, '提交后改的名称');
    for (const to of ['待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(server, serverOrder.id, { to });
    const e = await getClientClear(server, ids[0]!);
    const prefix = provinceByName(e.province)!.icpPrefix;
    await advanceOrder(server, serverOrder.id, { to: '已通过', entityIcpNumber: `${prefix}ICP备12345678号`, websiteIcpNumbers: Object.fromEntries(e.websites.map((w, i) => [w.id, `${prefix}ICP备12345678号-${i + 1}`])) });
    expect((await latestFiled(server.ctx, ids[0]!))!.record.websites[0]!.name).toBe(submittedName);
  }, 120_000);

  it('applies a state move made on the laptop to an order the server left as it was, with the laptop’s history and the lease in the log', async () => {
    const { server, laptop, ids, leaseId, serverOrder, laptopOrder } = await lentWithOrder(openDesk);
    await advanceOrder(laptop, laptopOrder.id, { to: '待提交', reason: '材料已在拍照点补齐' });

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ applied: 1, conflicts: 0, orders: 0, closed: true });
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('待提交');
    expect((await orderEvents(server.ctx, serverOrder.id)).at(-1)).toMatchObject({ from: '草稿', to: '待提交', actor: '外勤小王', reason: '材料已在拍照点补齐' });
    expect(await ordersOfEntity(server.ctx, ids[0]!)).toHaveLength(1);
    const entry = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'order.update')!;
    expect(entry.detail).toMatchObject({ from: '草稿', to: '待提交', lease: leaseId, desk: LAPTOP, fields: expect.arrayContaining(['state']) as string[] });
  }, 60_000);

  it('lists an order both sides moved; taking the laptop’s is refused when its move is illegal from the server’s state now, keeping the server’s settles it', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrder(openDesk);
    await advanceOrder(server, serverOrder.id, { to: '已放弃', reason: '客户不做了' });
    await advanceOrder(laptop, laptopOrder.id, { to: '待提交' });

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 0, conflicts: 1, closed: false });
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('已放弃');
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'order', kind: 'edit', targetLabel: '订单“首次备案 · tencent”' });
    expect(c!.fields.find((f) => f.field === 'state')).toMatchObject({ label: '状态', server: '已放弃', laptop: '待提交' });
    expect(c!.reason).toContain('服务器上订单现在处于“已放弃”');

    const events = (await orderEvents(server.ctx, serverOrder.id)).length;
    await expect(settleConflict(server, c!.id, 'laptop')).rejects.toThrow('服务器上订单现在处于“已放弃”，不能这样变更：订单已放弃');
    const order = (await getOrderRow(server.ctx, serverOrder.id))!;
    expect([order.state, (await orderEvents(server.ctx, serverOrder.id)).length]).toEqual(['已放弃', events]);
    expect(await leaseConflicts(server, leaseId)).toHaveLength(1);
    expect(await settleConflict(server, c!.id, 'server')).toEqual({ leaseClosed: true });
  }, 60_000);

  it('takes the laptop’s order when settled so and its move is legal from the server’s state now', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrder(openDesk);
    // the server went forward and back: same state, another version
    await advanceOrder(server, serverOrder.id, { to: '待提交' });
    await advanceOrder(server, serverOrder.id, { to: '草稿' });
    await advanceOrder(laptop, laptopOrder.id, { to: '待提交', reason: '笔记本上提交' });
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1 });
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'order', kind: 'edit', reason: null });
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('待提交');
    expect((await orderEvents(server.ctx, serverOrder.id)).at(-1)).toMatchObject({ from: '草稿', to: '待提交', reason: '笔记本上提交' });
  }, 60_000);

  it('does not apply a state move the state machine forbids even when the server left the order alone: it is listed with the reason', async () => {
    const { server, laptop, leaseId, serverOrder, laptopOrder } = await lentWithOrder(openDesk);
    // a laptop whose store was changed behind the desk's back: 草稿 straight to 已通过
    await laptop.ctx.db.updateTable('filing_order').set({ state: '已通过' }).where('id', '=', laptopOrder.id).execute();
    await laptop.ctx.db.insertInto('order_event').values({ order_id: laptopOrder.id, at: laptop.ctx.now(), actor: '外勤小王', from_state: '草稿', to_state: '已通过', reason: '' }).execute();

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 0, conflicts: 1, closed: false });
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('草稿');
    const [c] = await leaseConflicts(server, leaseId);
    expect(c!.reason).toContain('不能这样变更：订单处于“草稿”，不能直接改为“已通过”');
    await expect(settleConflict(server, c!.id, 'laptop')).rejects.toThrow('不能直接改为“已通过”');
    expect((await getOrderRow(server.ctx, serverOrder.id))!.state).toBe('草稿');
  }, 60_000);

  it('deletes on the server what the laptop deleted and the server left as lent: website, person and material, files freed, each logged with the lease', async () => {
    const { server, laptop, ids, leaseId, certs, material } = await lentWithMaterial(openDesk);
    const here = await clientByCert(laptop, certs[0]!);
    await removeMaterial(laptop, (await listMaterials(laptop, here.id))[0]!.id);
    await removeWebsite(laptop, here.websites[0]!.id);
    await removePerson(laptop, here.people[1]!.id);

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ deleted: 3, conflicts: 0, closed: true });
    const after = await getClientClear(server, ids[0]!);
    expect([after.websites.length, after.people.map((p) => p.name)]).toEqual([0, ['张000001']]);
    expect(await listMaterials(server, ids[0]!)).toEqual([]);
    await expect(server.blobs.read(material.sha256)).rejects.toThrow();
    const log = await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 });
    for (const action of ['website.delete', 'person.delete', 'material.delete']) expect(log.find((e) => e.action === action)!.detail).toMatchObject({ lease: leaseId, desk: LAPTOP });
  }, 60_000);

  it('keeps a row the laptop deleted but the server changed, lists it, and deletes it only when settled for the laptop', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await renameWebsite(server, ids[0]!, '服务器改名官网');
    await renameWebsite(server, ids[1]!, '服务器改名官网二');
    for (const cert of certs) await removeWebsite(laptop, (await clientByCert(laptop, cert)).websites[0]!.id);

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ deleted: 0, conflicts: 2, closed: false });
    expect((await getClientClear(server, ids[0]!)).websites.map((w) => w.name)).toEqual(['服务器改名官网']);
    const [first, second] = await leaseConflicts(server, leaseId);
    expect(first).toMatchObject({ target: 'website', kind: 'laptopDeleted', targetLabel: '网站“服务器改名官网”', fields: [] });
    expect(await settleConflict(server, first!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect((await getClientClear(server, ids[0]!)).websites).toEqual([]);
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'website.delete')!.detail).toMatchObject({ lease: leaseId });
    expect(await settleConflict(server, second!.id, 'server')).toEqual({ leaseClosed: true });
    expect((await getClientClear(server, ids[1]!)).websites.map((w) => w.name)).toEqual(['服务器改名官网二']);
  }, 60_000);

  it('lists a row the server deleted while the laptop changed it (restore or confirm), and leaves deleted one the laptop did not change', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    for (const id of ids) await removeWebsite(server, (await getClientClear(server, id)).websites[0]!.id);
    await renameWebsite(laptop, (await clientByCert(laptop, certs[0]!)).id, '笔记本改名官网');

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1, closed: false });
    expect((await leasedClients(server, ids)).map((l) => l.entityId)).toEqual([ids[0]]);
    expect((await getClientClear(server, ids[1]!)).websites).toEqual([]);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'website', kind: 'serverDeleted', serverVersion: null });
    expect(c!.fields.find((f) => f.field === 'name')).toMatchObject({ server: '（已删除）', laptop: '笔记本改名官网' });
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    const restored = (await getClientClear(server, ids[0]!)).websites;
    expect(restored.map((w) => [w.name, w.domains])).toEqual([['笔记本改名官网', ['shili000001.cn', 'shili000001.com.cn']]]);
  }, 60_000);

  it('confirms a deletion the server made: the laptop’s version is not brought back', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await removeWebsite(server, (await getClientClear(server, ids[0]!)).websites[0]!.id);
    await renameWebsite(laptop, (await clientByCert(laptop, certs[0]!)).id, '笔记本改名官网');
    await checkIn(server, laptop, leaseId);
    const [c] = await leaseConflicts(server, leaseId);
    expect(await settleConflict(server, c!.id, 'server')).toEqual({ leaseClosed: true });
    expect((await getClientClear(server, ids[0]!)).websites).toEqual([]);
  }, 60_000);

  it('keeps a material the laptop deleted that an order submitted on the server meanwhile uses, listed with the server’s refusal', async () => {
    const lent = await lentToLaptop(openDesk, async (server, ids) => {
      await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
      await addMaterial(server, { entityId: ids[0]!, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('licence-lent') });
    }, 'draft order and licence');
    const { server, laptop, ids, leaseId, certs } = lent;
    const [material] = await listMaterials(server, ids[0]!);
    // submitted on the server while the laptop still had it as a draft, whose operator deleted the scan
    const order = (await ordersOfEntity(server.ctx, ids[0]!))[0]!;
    await server.sql.tx(() => updateOrderState(server.ctx, order.id, { state: '初审中' }));
    await removeMaterial(laptop, (await listMaterials(laptop, (await clientByCert(laptop, certs[0]!)).id))[0]!.id);
    const refusal = await removeMaterial(server, material!.id).then(() => '', (err: Error) => err.message);
    expect(refusal).toContain(`“首次备案”订单 #${order.id} 已提交，正处于“初审中”`);

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ deleted: 0, conflicts: 1, closed: false });
    expect((await listMaterials(server, ids[0]!)).map((m) => m.id)).toEqual([material!.id]);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'material', targetId: material!.id, kind: 'laptopDeleted', targetLabel: '材料“执照.jpg”', reason: `不能按笔记本删除：${refusal}`, fields: [] });
    // taking the laptop's side while the order is still under review is refused the same way, nothing deleted
    await expect(settleConflict(server, c!.id, 'laptop')).rejects.toThrow(refusal);
    expect((await listMaterials(server, ids[0]!)).map((m) => m.id)).toEqual([material!.id]);
    expect(await settleConflict(server, c!.id, 'server')).toEqual({ leaseClosed: true });
    expect((await server.blobs.read(material!.sha256)).byteLength).toBeGreaterThan(0);
  }, 60_000);

  it('deletes a listed material when settled for the laptop once its order is no longer under review', async () => {
    const lent = await lentToLaptop(openDesk, async (server, ids) => {
      await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
      await addMaterial(server, { entityId: ids[0]!, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('licence-lent') });
    }, 'draft order and licence');
    const { server, laptop, ids, leaseId, certs } = lent;
    const order = (await ordersOfEntity(server.ctx, ids[0]!))[0]!;
    await server.sql.tx(() => updateOrderState(server.ctx, order.id, { state: '初审中' }));
    await removeMaterial(laptop, (await listMaterials(laptop, (await clientByCert(laptop, certs[0]!)).id))[0]!.id);
    await checkIn(server, laptop, leaseId);
    const [c] = await leaseConflicts(server, leaseId);
    await server.sql.tx(() => updateOrderState(server.ctx, order.id, { state: '初审驳回' }));
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    expect(await listMaterials(server, ids[0]!)).toEqual([]);
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'material.delete')!.detail).toMatchObject({ lease: leaseId, source: '冲突处理：按笔记本删除' });
  }, 60_000);

  it('refuses deleting a client that is out on a lease, saying who has it, until the lease is cancelled', async () => {
    const { server, ids, leaseId } = await lentServer(openDesk);
    await expect(deleteClient(server, ids[0]!)).rejects.toThrow(`由张经理（zhang）出借给“${LAPTOP}”，尚未归还`);
    expect((await getClientClear(server, ids[0]!)).id).toBe(ids[0]);
    await cancelLease(server, leaseId);
    expect(await deleteClient(server, ids[0]!)).toMatchObject({ deletedId: ids[0] });
  }, 60_000);

  it('writes nothing of a check-in refused half-way: no deletion, no order moved, no file freed', async () => {
    const { server, laptop, ids, leaseId, certs, material } = await lentWithMaterial(openDesk);
    const here = await clientByCert(laptop, certs[0]!);
    await removeMaterial(laptop, (await listMaterials(laptop, here.id))[0]!.id);
    await removeWebsite(laptop, here.websites[0]!.id);
    const laptopOrder = await createOrder(laptop, { entityId: (await clientByCert(laptop, certs[1]!)).id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(laptop, laptopOrder.id, { to: '待提交' });
    // the second client gets an open order on the server too: one open order per 主体 refuses the whole check-in
    await createOrder(server, { entityId: ids[1]!, type: '首次备案', provider: 'aliyun' });
    const log = (await listAudit(server.ctx, { limit: 500 })).length;

    await expect(checkIn(server, laptop, leaseId)).rejects.toThrow('未完成的订单');
    expect((await getClientClear(server, ids[0]!)).websites).toHaveLength(1);
    expect(await listMaterials(server, ids[0]!)).toHaveLength(1);
    expect((await server.blobs.read(material.sha256)).byteLength).toBeGreaterThan(0);
    expect((await listAudit(server.ctx, { limit: 500 })).length).toBe(log);
    expect((await leasedClients(server, ids)).length).toBe(2);
  }, 60_000);

  it('carries the lent order abandoned on the laptop before adding the new order started there (one open order per 主体)', async () => {
    const { server, laptop, ids, leaseId, laptopOrder } = await lentWithOrder(openDesk);
    await advanceOrder(laptop, laptopOrder.id, { to: '已放弃', reason: '接入商选错，应为阿里云' });
    await createOrder(laptop, { entityId: laptopOrder.entityId, type: '首次备案', provider: 'aliyun' });
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, orders: 1, conflicts: 0, closed: true });
    const orders = await ordersOfEntity(server.ctx, ids[0]!);
    expect(orders.map((o) => [`${o.type}|${o.provider}`, o.state]).sort()).toEqual([['首次备案|aliyun', '草稿'], ['首次备案|tencent', '已放弃']]);
  }, 120_000);

  it('keeps a 负责人 deleted and entered again on the laptop (same 证件号码), with the laptop’s values; listed when the server changed it too', async () => {
    for (const serverEdits of [false, true]) {
      const lent = await lentToLaptop(openDesk);
      const { server, laptop, ids, leaseId } = lent;
      const there = await clientByCert(laptop, lent.certs[0]!);
      const li = there.people.find((p) => p.name.startsWith('李'))!;
      const zhang = there.people.find((p) => p.name.startsWith('张'))!;
      const w = there.websites[0]!;
      // 李 is the website's principal: the laptop hands that to 张 first, to delete 李
      await editWebsite(laptop, w.id, { ...websiteFieldsOf(w), principalPersonId: zhang.id }, w.rowVersion);
      await removePerson(laptop, li.id);
      await addPerson(laptop, there.id, { ...personFieldsOf(li), mobile: '13912345678', certValidFrom: '2024-05-01', certValidTo: '2044-05-01' });
      if (serverEdits) {
        const p = (await getClientClear(server, ids[0]!)).people.find((x) => x.name === li.name)!;
        await editPerson(server, p.id, { ...personFieldsOf(p), mobile: '13700000000' }, p.rowVersion);
      }
      const r = await checkIn(server, laptop, leaseId);
      const here = (await getClientClear(server, ids[0]!)).people.find((p) => p.name === li.name);
      expect(here).toMatchObject({ name: li.name });
      if (!serverEdits) {
        expect(r).toMatchObject({ conflicts: 0, deleted: 0, people: 0 });
        expect([here!.mobile, here!.certValidTo]).toEqual(['13912345678', '2044-05-01']);
      } else {
        expect(here!.mobile).toBe('13700000000');
        const listed = (await leaseConflicts(server, leaseId, '核对')).filter((c) => c.target === 'person');
        expect(listed.map((c) => [c.targetId, c.kind])).toEqual([[here!.id, 'edit']]);
        expect(listed[0]!.fields.find((f) => f.field === 'mobile')).toMatchObject({ server: '13700000000', laptop: '13912345678' });
      }
    }
  }, 240_000);

  it('keeps a website deleted and entered again on the laptop (same domains), with the laptop’s values', async () => {
    const lent = await lentToLaptop(openDesk);
    const { server, laptop, ids, leaseId } = lent;
    const there = await clientByCert(laptop, lent.certs[0]!);
    const w = there.websites[0]!;
    await removeWebsite(laptop, w.id);
    await addWebsite(laptop, there.id, { ...websiteFieldsOf(w), name: '重新录入的网站' });
    const lentSite = (await getClientClear(server, ids[0]!)).websites[0]!.id;
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 0, deleted: 0, websites: 0 });
    expect((await getClientClear(server, ids[0]!)).websites.map((x) => [x.id, x.name])).toEqual([[lentSite, '重新录入的网站']]);
  }, 120_000);

  it('files on the server a 变更网站 approved on the laptop, dated the laptop’s approval, as advanceOrder does', async () => {
    const lent = await lentToLaptop(openDesk, async (server, ids) => {
      const e = await getClientClear(server, ids[0]!);
      await recordExistingFiling(server, ids[0]!, { provider: 'tencent', filedAt: '2024-01-02', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: Object.fromEntries(e.websites.map((w, i) => [w.id, `粤ICP备12345678号-${i + 1}`])) });
      await renameWebsite(server, ids[0]!, '改过名的网站');
      const o = await createOrder(server, { entityId: ids[0]!, type: '变更网站', provider: 'tencent' });
      // already with the 管局 when lent: the laptop only records the approval
      await server.ctx.db.updateTable('filing_order').set({ state: '管局审核中' }).where('id', '=', o.id).execute();
    });
    const { server, laptop, ids, leaseId } = lent;
    const laptopOrder = (await ordersOfEntity(laptop.ctx, (await clientByCert(laptop, lent.certs[0]!)).id))[0]!;
    await advanceOrder(laptop, laptopOrder.id, { to: '已通过' });
    const filedThere = (await latestFiled(laptop.ctx, laptopOrder.entityId))!;
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0 });
    expect((await ordersOfEntity(server.ctx, ids[0]!))[0]!.state).toBe('已通过');
    expect(await filedVersions(server.ctx, ids[0]!)).toHaveLength(2);
    const filedHere = (await latestFiled(server.ctx, ids[0]!))!;
    expect([filedHere.filedAt, filedHere.record.websites[0]!.name]).toEqual([filedThere.filedAt, '改过名的网站']);
  }, 120_000);

  it('starts the retention on the server when the client’s last order was closed on the laptop (PIPL)', async () => {
    const { server, laptop, ids, leaseId, laptopOrder } = await lentWithOrder(openDesk);
    await advanceOrder(laptop, laptopOrder.id, { to: '已放弃', reason: '客户不再办理' });
    expect((await getClientClear(laptop, laptopOrder.entityId)).serviceEndedAt).not.toBeNull();
    await checkIn(server, laptop, leaseId);
    expect((await ordersOfEntity(server.ctx, ids[0]!))[0]!.state).toBe('已放弃');
    expect((await getClientClear(server, ids[0]!)).serviceEndedAt).not.toBeNull();
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 100 })).some((a) => a.action === 'entity.serviceEnded')).toBe(true);
  }, 120_000);
});
