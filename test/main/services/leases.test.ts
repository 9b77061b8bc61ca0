// Offline inside team mode (issue 14): clients checked out to a field laptop under a lease, worked on
// there, checked back in. Rows only one side changed take that side; rows both changed are listed with
// both values and settled by a person; nothing of a refused check-in is written.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { readFilingPassword } from '../../../main/db/repositories/filingPassword';
import { setFilingPassword } from '../../../main/services/filingPassword';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { addPerson, addWebsite, createClients, editPerson, getClientClear, removeWebsite, updateClientEntity } from '../../../main/services/clients';
import { checkInLease, leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { cancelLease, leasedClients, listLeases } from '../../../main/services/leaseList';
import { checkOutClients, exportCheckin } from '../../../main/services/leases';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../main/db/repositories/people';
import type { Desk } from '../../../main/desk';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { attachToOrder, createOrder, getOrder } from '../../../main/services/orders';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { companyRecord, personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { editWebsite } from '../../../main/services/clients';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { extractSignature } from '../../../main/pdf/seal';
import { stampSheet } from '../../../main/services/sheets';
import { penSignature } from '../../fixtures/images';
import { archiveFile, checkIn, clientByCert, editMobile, editRemark, LAPTOP, lentServer, lentToLaptop, PASS } from '../../support/leases';

/**
 * Lent with a filled 首次备案 order on the first client. Its photos are not measured: what these tests judge is
 * which slots are stale (V-MAT-04), decided before and whatever the photo checks say, and no photo result goes
 * into the check-out or check-in archive (the receiving desk measures again).
 */
async function lentWithFilledOrder(openDesk: OpenDesk) {
  return await lentToLaptop(openDesk, async (server, ids) => {
    const o = await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
    await fillOrder(server, o.id, { measure: false });
  }, 'filled order');
}

/** The first person gets a new ID card (证件号码) and its front is uploaded again to the order. */
async function newNumberAndFront(desk: Desk, entityId: number) {
  const p = (await getClientClear(desk, entityId)).people[0]!;
  await editPerson(desk, p.id, { ...personFieldsOf(p), certNumber: personId(8) }, p.rowVersion);
  const order = (await ordersOfClient(desk, entityId))[0]!;
  const front = (await getOrder(desk, order.id)).checklist.find((s) => s.kind === 'id-front' && s.personId === p.id)!;
  await attachToOrder(desk, order.id, front.id, { fileName: 'front-new.jpg', data: await goodMaterial('id-front', 1) });
}

/** The order's slots that are stale (V-MAT-04), by kind and whose. */
async function staleSlots(desk: Desk, entityId: number) {
  const e = await getClientClear(desk, entityId);
  const order = (await ordersOfClient(desk, entityId))[0]!;
  return (await getOrder(desk, order.id)).checklist.filter((s) => s.status === 'stale').map((s) => `${s.kind} ${e.people.find((p) => p.id === s.personId)?.name ?? ''}`).sort();
}

describeEachStore('clients lent to a field laptop', (openDesk) => {
  it('marks the clients 出借中 on the server and refuses lending them again', async () => {
    const { server, ids, leaseId } = await lentServer(openDesk);
    const out = await leasedClients(server, ids);
    expect(out.map((l) => [l.entityId, l.desk, l.operator, l.side])).toEqual(ids.map((id) => [id, LAPTOP, '张经理（zhang）', 'lent']));
    await expect(checkOutClients(server, [ids[0]!], '另一台电脑', PASS)).rejects.toThrow(`已于`);
    await expect(checkOutClients(server, [ids[0]!], '另一台电脑', PASS)).rejects.toThrow(`出借给“${LAPTOP}”`);
    expect((await listLeases(server)).map((l) => [l.leaseId, l.state, l.clients.length])).toEqual([[leaseId, 'out', 2]]);
  }, 60_000);

  it('comes back clean: the laptop’s edits and new rows arrive, versions bumped, logged with the lease and the operator', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    const here = await clientByCert(laptop, certs[0]!);
    await editRemark(laptop, here.id, '拍照点补充：门头已拍');
    await addWebsite(laptop, here.id, { name: '示例商城', domains: ['shangcheng-shili.cn'], homepages: ['www.shangcheng-shili.cn'], serviceContent: '单位门户网站', preApprovals: [], languages: ['中文简体'], ips: [], remark: '', icpNumber: null, principalPersonId: here.people[0]!.id });
    const before = await getClientClear(server, ids[0]!);

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ clients: 2, applied: 1, conflicts: 0, websites: 1, people: 0, gone: 0, closed: true });
    const after = await getClientClear(server, ids[0]!);
    expect(after.remark).toBe('拍照点补充：门头已拍');
    expect(after.rowVersion).toBe(before.rowVersion + 1);
    expect(after.websites.map((w) => w.name)).toEqual([...before.websites.map((w) => w.name), '示例商城']);
    expect(after.people.map((p) => p.rowVersion)).toEqual(before.people.map((p) => p.rowVersion));
    const update = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'entity.update')!;
    expect(update.detail).toMatchObject({ fields: ['remark'], lease: leaseId, desk: LAPTOP, rowVersion: after.rowVersion });
    expect(update.actor).toBe('张经理（zhang）');
    expect(await leasedClients(server, ids)).toEqual([]);
    expect((await listLeases(server)).find((l) => l.side === 'lent')).toMatchObject({ state: 'returned', returnedBy: '张经理（zhang）', openConflicts: 0 });
    await expect(checkIn(server, laptop, leaseId)).rejects.toThrow('不能再次归还');
  }, 60_000);

  it('keeps what only the server changed', async () => {
    const { server, laptop, ids, leaseId } = await lentToLaptop(openDesk);
    await editMobile(server, ids[0]!, '13911112222');
    await editRemark(server, ids[1]!, '服务器上改的');
    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ applied: 0, conflicts: 0, closed: true });
    expect((await getClientClear(server, ids[0]!)).people[0]!.mobile).toBe('13911112222');
    expect((await getClientClear(server, ids[1]!)).remark).toBe('服务器上改的');
  }, 60_000);

  it('takes what only the laptop changed', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await editMobile(laptop, (await clientByCert(laptop, certs[0]!)).id, '13622223333');
    const before = (await getClientClear(server, ids[0]!)).people[0]!;
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 1, conflicts: 0, closed: true });
    const after = (await getClientClear(server, ids[0]!)).people[0]!;
    expect(after.mobile).toBe('13622223333');
    expect(after.rowVersion).toBe(before.rowVersion + 1);
    const entry = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((e) => e.action === 'person.update')!;
    expect(entry.detail).toMatchObject({ fields: ['mobile'], lease: leaseId });
  }, 60_000);

  it('lists a row both sides changed with both values, masked unless revealed, applies nothing of it, and settles it for the laptop', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await editMobile(server, ids[0]!, '13911112222');
    await editMobile(laptop, (await clientByCert(laptop, certs[0]!)).id, '13622223333');
    // the other client: both changed the remark to the same words, which is no conflict
    await editRemark(server, ids[1]!, '一致');
    await editRemark(laptop, (await clientByCert(laptop, certs[1]!)).id, '一致');

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ conflicts: 1, applied: 0, closed: false });
    expect((await getClientClear(server, ids[0]!)).people[0]!.mobile).toBe('13911112222');
    expect((await leasedClients(server, ids)).map((l) => l.entityId)).toEqual([ids[0]]);

    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'person', targetLabel: '负责人“张000001”', masked: true });
    expect(c!.fields).toEqual([{ field: 'mobile', label: expect.any(String) as string, server: '139****2222', laptop: '136****3333' }]);
    await expect(leaseConflicts(server, leaseId, ' ')).rejects.toThrow('用途');
    const [clear] = await leaseConflicts(server, leaseId, '核对冲突');
    expect(clear!.fields[0]).toMatchObject({ server: '13911112222', laptop: '13622223333' });
    expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).some((e) => e.action === 'lease.reveal' && e.detail.purpose === '核对冲突')).toBe(true);
    await expect(cancelLease(server, leaseId)).rejects.toThrow('冲突待处理');

    const version = (await getClientClear(server, ids[0]!)).people[0]!.rowVersion;
    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    const p = (await getClientClear(server, ids[0]!)).people[0]!;
    expect(p.mobile).toBe('13622223333');
    expect(p.rowVersion).toBe(version + 1);
    expect(await leaseConflicts(server, leaseId)).toEqual([]);
    expect(await leasedClients(server, ids)).toEqual([]);
    await expect(settleConflict(server, c!.id, 'server')).rejects.toThrow('已由');
    const log = await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 });
    expect(log.find((e) => e.action === 'lease.settle')!.detail).toMatchObject({ lease: leaseId, keep: 'laptop' });
  }, 60_000);

  // the console takes a mobile as 办公室电话, and the desk masks one there as it masks the mobile (maskOfficePhone)
  it('lists a 办公室电话 both sides changed masked when it is a mobile, and a landline as it is', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    const editOffice = async (desk: Desk, entityId: number, officePhone: string) => {
      const p = (await getClientClear(desk, entityId)).people[0]!;
      await editPerson(desk, p.id, { ...personFieldsOf(p), officePhone }, p.rowVersion);
    };
    await editOffice(server, ids[0]!, '13911112222');
    await editOffice(laptop, (await clientByCert(laptop, certs[0]!)).id, '086-13622223333');
    await editOffice(server, ids[1]!, '086-010-88886666');
    await editOffice(laptop, (await clientByCert(laptop, certs[1]!)).id, '086-010-88887777');
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 2 });
    const views = await leaseConflicts(server, leaseId);
    const office = (entityId: number) => views.find((v) => v.entityId === entityId)!.fields.find((f) => f.field === 'officePhone');
    expect(office(ids[0]!)).toMatchObject({ server: '139****2222', laptop: '086********3333' });
    expect(office(ids[1]!)).toMatchObject({ server: '086-010-88886666', laptop: '086-010-88887777' });
    const [clear] = (await leaseConflicts(server, leaseId, '核对冲突')).filter((v) => v.entityId === ids[0]);
    expect(clear!.fields.find((f) => f.field === 'officePhone')).toMatchObject({ server: '13911112222', laptop: '086-13622223333' });
  }, 60_000);

  it('brings back a new 证件号码 with the scan uploaded after it fresh and the older scans stale (V-MAT-04), as on the laptop', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentWithFilledOrder(openDesk);
    const there = (await clientByCert(laptop, certs[0]!)).id;
    // a back scan uploaded there before the new number: it arrives here, stale as it is there
    const order = (await ordersOfClient(laptop, there))[0]!;
    const person = (await getClientClear(laptop, there)).people[0]!.id;
    const back = (await getOrder(laptop, order.id)).checklist.find((s) => s.kind === 'id-back' && s.personId === person)!;
    await attachToOrder(laptop, order.id, back.id, { fileName: 'back-again.jpg', data: await goodMaterial('id-back', 1) });
    await newNumberAndFront(laptop, there);
    const stale = await staleSlots(laptop, there);
    // the signed 核验单 prints the 证件号码 too: stale there with the new number
    expect(stale).toEqual(['id-back 张000001', 'sheet ']);
    // the person and the order (its new front linked)
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ applied: 2, conflicts: 0, closed: true });
    expect((await getClientClear(server, ids[0]!)).people[0]!.certNumber).toBe(personId(8));
    expect(await staleSlots(server, ids[0]!)).toEqual(stale);
  }, 120_000);

  it('brings back a 核验单 stamped on the laptop judged as there: stamped before the laptop’s change, it is stale here once uploaded as the signed sheet', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentWithFilledOrder(openDesk);
    const there = (await clientByCert(laptop, certs[0]!)).id;
    const site = (await getClientClear(laptop, there)).websites[0]!;
    const signature = (await extractSignature(await penSignature())).png;
    const before = await stampSheet(laptop, site.id, { signature });
    await editWebsite(laptop, site.id, { ...websiteFieldsOf(site), ips: ['1.2.3.4'] }, site.rowVersion);
    const after = await stampSheet(laptop, site.id, { signature });
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 0, closed: true });
    const order = (await ordersOfClient(server, ids[0]!))[0]!;
    const slot = `website:${(await getClientClear(server, ids[0]!)).websites[0]!.id}:sheet`;
    const uploaded = async (pdf: Uint8Array) => {
      await attachToOrder(server, order.id, slot, { fileName: '核验单.pdf', data: pdf });
      return (await getOrder(server, order.id)).checklist.find((s) => s.id === slot)!.status;
    };
    expect(await uploaded(before.pdf)).toBe('stale');
    expect(await uploaded(after.pdf)).not.toBe('stale');
  }, 120_000);

  it('settled for the laptop, a new 证件号码 leaves the laptop’s scan fresh and the older scans stale (V-MAT-04)', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentWithFilledOrder(openDesk);
    await editMobile(server, ids[0]!, '13911112222');
    const there = (await clientByCert(laptop, certs[0]!)).id;
    await newNumberAndFront(laptop, there);
    const stale = await staleSlots(laptop, there);
    // the signed 核验单 prints the 证件号码 too: stale there with the new number
    expect(stale).toEqual(['id-back 张000001', 'sheet ']);
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1 });
    const [c] = await leaseConflicts(server, leaseId);
    expect(c!.fields.map((f) => f.field).sort()).toEqual(['certNumber', 'mobile']);
    await settleConflict(server, c!.id, 'laptop');
    expect((await getClientClear(server, ids[0]!)).people[0]!.certNumber).toBe(personId(8));
    expect(await staleSlots(server, ids[0]!)).toEqual(stale);
  }, 120_000);

  it('takes the check-in’s time instead when the server uploaded a scan of the person after the laptop’s change: it may show the old number (V-MAT-04)', async () => {
    const uploadBack = async (desk: Desk, entityId: number, variant: number) => {
      const p = (await getClientClear(desk, entityId)).people[0]!;
      const order = (await ordersOfClient(desk, entityId))[0]!;
      const back = (await getOrder(desk, order.id)).checklist.find((s) => s.kind === 'id-back' && s.personId === p.id)!;
      await attachToOrder(desk, order.id, back.id, { fileName: 'back-here.jpg', data: await goodMaterial('id-back', variant) });
    };
    const everything = ['id-back 张000001', 'id-front 张000001', 'sheet '];
    // applied at check-in: the server's back scan uploaded during the lease, after the laptop's new number
    const one = await lentWithFilledOrder(openDesk);
    await newNumberAndFront(one.laptop, (await clientByCert(one.laptop, one.certs[0]!)).id);
    await uploadBack(one.server, one.ids[0]!, 2);
    // the person applied (the order, changed on both sides, is listed)
    expect(await checkIn(one.server, one.laptop, one.leaseId)).toMatchObject({ applied: 1, conflicts: 1 });
    expect((await getClientClear(one.server, one.ids[0]!)).people[0]!.certNumber).toBe(personId(8));
    expect(await staleSlots(one.server, one.ids[0]!)).toEqual(everything);
    // settled for the laptop: the server's back scan uploaded after the check-in
    const two = await lentWithFilledOrder(openDesk);
    await editMobile(two.server, two.ids[0]!, '13911112222');
    await newNumberAndFront(two.laptop, (await clientByCert(two.laptop, two.certs[0]!)).id);
    await checkIn(two.server, two.laptop, two.leaseId);
    await uploadBack(two.server, two.ids[0]!, 2);
    await settleConflict(two.server, (await leaseConflicts(two.server, two.leaseId)).find((c) => c.target === 'person')!.id, 'laptop');
    expect(await staleSlots(two.server, two.ids[0]!)).toEqual(everything);
  }, 180_000);

  it('settles a conflict for the server: the server’s row stays as it is', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await editMobile(server, ids[0]!, '13911112222');
    await editMobile(laptop, (await clientByCert(laptop, certs[0]!)).id, '13622223333');
    await checkIn(server, laptop, leaseId);
    const before = (await getClientClear(server, ids[0]!)).people[0]!;
    const [c] = await leaseConflicts(server, leaseId);
    expect(await settleConflict(server, c!.id, 'server')).toEqual({ leaseClosed: true });
    const after = (await getClientClear(server, ids[0]!)).people[0]!;
    expect([after.mobile, after.rowVersion]).toEqual([before.mobile, before.rowVersion]);
    expect((await listLeases(server)).find((l) => l.side === 'lent')!.state).toBe('returned');
  }, 60_000);

  it('refuses an archive of an unknown lease, of another desk, and a check-out archive given as a check-in', async () => {
    const { server, laptop, leaseId } = await lentToLaptop(openDesk);
    const other = await openDesk();
    const checkin = archiveFile(await exportCheckin(laptop, leaseId, PASS));
    await expect(checkInLease(other, checkin, PASS)).rejects.toThrow('本机没有编号为');
    // the same lease, but the archive names another laptop
    await laptop.ctx.db.updateTable('client_lease').set({ desk_name: '别的电脑' }).where('lease_key', '=', leaseId).execute();
    await expect(checkInLease(server, archiveFile(await exportCheckin(laptop, leaseId, PASS)), PASS)).rejects.toThrow('这份归还文件来自“别的电脑”');
    const { archive } = await checkOutClients(other, [(await createClients(other, [clientRecordSchema.parse(companyRecord(9))]))[0]!.id], LAPTOP, PASS);
    await expect(checkInLease(other, archiveFile(archive), PASS)).rejects.toThrow('这是出借文件');
    await expect(importTransfer(server, checkin, PASS)).rejects.toThrow('归还文件');
    await cancelLease(server, leaseId);
    await expect(checkInLease(server, checkin, PASS)).rejects.toThrow('取消');
  }, 60_000);

  it('still imports an archive without lease or versions as a plain transfer, and refuses it as a check-in', async () => {
    const a = await openDesk();
    const [c] = await createClients(a, [clientRecordSchema.parse(companyRecord(3))]);
    const plain = archiveFile(await exportTransfer(a, [c!.id], PASS));
    const b = await openDesk();
    expect(await importTransfer(b, plain, PASS)).toMatchObject({ created: 1 });
    expect(await listLeases(b)).toEqual([]);
    await expect(checkInLease(a, plain, PASS)).rejects.toThrow('普通传输文件');
  }, 60_000);

  it('writes nothing of a check-in refused half-way', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await editRemark(laptop, (await clientByCert(laptop, certs[0]!)).id, '笔记本上改的');
    // the second client gets an open order on both sides: one open order per 主体 refuses the whole check-in
    await createOrder(laptop, { entityId: (await clientByCert(laptop, certs[1]!)).id, type: '首次备案', provider: 'tencent' });
    await createOrder(server, { entityId: ids[1]!, type: '首次备案', provider: 'aliyun' });
    const before = await getClientClear(server, ids[0]!);
    const log = (await listAudit(server.ctx, { limit: 500 })).length;
    await expect(checkIn(server, laptop, leaseId)).rejects.toThrow('未完成的订单');
    const after = await getClientClear(server, ids[0]!);
    expect([after.remark, after.rowVersion]).toEqual([before.remark, before.rowVersion]);
    expect((await listAudit(server.ctx, { limit: 500 })).length).toBe(log);
    expect((await leasedClients(server, ids)).length).toBe(2);
    expect((await listLeases(server))[0]).toMatchObject({ state: 'out', checkedInAt: null });
  }, 60_000);

  it('refuses a check-in giving a lent client the 主体证件号码 another client holds here, naming it, as the form refuses it', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    // registered on the server while the laptop was out; the laptop, not knowing it, gives its number to a lent client
    const third = clientRecordSchema.parse(companyRecord(3));
    const [here] = await createClients(server, [third]);
    // its websites removed there too (their domains, held here by the lent client, are the check-in's V-DOM-11 otherwise)
    for (const w of (await clientByCert(laptop, certs[0]!)).websites) await removeWebsite(laptop, w.id);
    const lent = await clientByCert(laptop, certs[0]!);
    await updateClientEntity(laptop, lent.id, { ...entityFieldsOf(lent), certNumber: third.entity.certNumber }, lent.rowVersion);
    const before = await getClientClear(server, ids[0]!);
    await expect(checkIn(server, laptop, leaseId)).rejects.toThrow(`该主体证件号码已登记为客户“${third.entity.name}”（编号 ${here!.id}）：同一主体只能是一个客户`);
    const after = await getClientClear(server, ids[0]!);
    expect([after.certNumber, after.rowVersion]).toEqual([before.certNumber, before.rowVersion]);
    expect((await listLeases(server))[0]).toMatchObject({ state: 'out', checkedInAt: null });
  }, 60_000);

  it('applies one 归还 archive checked in twice at once only once, the other refused', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    const there = await clientByCert(laptop, certs[0]!);
    const { id: _key, ...newPerson } = clientRecordSchema.parse(companyRecord(77)).people[0]!;
    await addPerson(laptop, there.id, newPerson);
    await editRemark(laptop, there.id, '笔记本的备注');
    await editRemark(server, ids[0]!, '服务器的备注');
    const file = archiveFile(await exportCheckin(laptop, leaseId, PASS));
    // a second operator on the same store (on PostgreSQL a second pool: both read the lease as out)
    const other = await openDesk({ dataDir: server.dataDir, actor: '李会计（li）' });
    try {
      const results = await Promise.allSettled([checkInLease(server, file, PASS), checkInLease(other, file, PASS)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain('已经归还过');
      expect((await getClientClear(server, ids[0]!)).people).toHaveLength(3);
      expect(await leaseConflicts(server, leaseId)).toHaveLength(1);
      expect((await listAudit(server.ctx, { entityId: ids[0]!, limit: 200 })).filter((a) => a.action === 'lease.checkin')).toHaveLength(1);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('lets a check-in and a cancel of the same lease at once not both happen', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await editRemark(laptop, (await clientByCert(laptop, certs[0]!)).id, '笔记本的备注');
    const file = archiveFile(await exportCheckin(laptop, leaseId, PASS));
    const other = await openDesk({ dataDir: server.dataDir, actor: '李会计（li）' });
    try {
      const [checkin, cancel] = await Promise.allSettled([checkInLease(server, file, PASS), cancelLease(other, leaseId)]);
      expect([checkin.status, cancel.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      const actions = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 200 })).map((a) => a.action);
      expect(actions.filter((a) => a === 'lease.checkin' || a === 'lease.cancel')).toHaveLength(1);
      expect((await getClientClear(server, ids[0]!)).remark === '笔记本的备注').toBe(checkin.status === 'fulfilled');
    } finally {
      await other.close();
    }
  }, 120_000);

  it('carries a 备案密码 changed on the laptop back when only the laptop changed it, and lists it masked when both did', async () => {
    for (const serverToo of [false, true]) {
      const lent = await lentToLaptop(openDesk, async (server, ids) => {
        await setFilingPassword(server, ids[0]!, 'Old-pass1');
      }, 'filing password');
      const { server, laptop, ids, leaseId } = lent;
      const there = await clientByCert(laptop, lent.certs[0]!);
      expect(await readFilingPassword(laptop.ctx, there.id)).toBe('Old-pass1');
      await setFilingPassword(laptop, there.id, 'New-pass2');
      if (serverToo) await setFilingPassword(server, ids[0]!, 'Srv-pass3');
      const r = await checkIn(server, laptop, leaseId);
      if (!serverToo) {
        expect(r).toMatchObject({ applied: 1, conflicts: 0 });
        expect(await readFilingPassword(server.ctx, ids[0]!)).toBe('New-pass2');
        continue;
      }
      expect(r).toMatchObject({ conflicts: 1 });
      expect(await readFilingPassword(server.ctx, ids[0]!)).toBe('Srv-pass3');
      for (const purpose of [undefined, '核对冲突']) {
        const [c] = await leaseConflicts(server, leaseId, purpose);
        expect(c!.fields).toEqual([{ field: 'filingPassword', label: '备案密码', server: '（已填写，不显示）', laptop: '（已填写，不显示）' }]);
        expect(JSON.stringify(await leaseConflicts(server, leaseId, purpose))).not.toMatch(/pass[23]/);
      }
      await settleConflict(server, (await leaseConflicts(server, leaseId))[0]!.id, 'laptop');
      expect(await readFilingPassword(server.ctx, ids[0]!)).toBe('New-pass2');
    }
  }, 240_000);
});
