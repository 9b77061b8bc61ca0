// The laptop's values a check-in keeps in lease_conflict for a person to settle are personal data (a
// person's name, 证件号码, mobile, e-mail): kept only while the conflict is open, named in that person's
// access export meanwhile, and gone with the settling, with the person's deletion and with the client's.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import type { Desk } from '../../../main/desk';
import { chinaDay } from '../../../main/domain/dates';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, deleteClient, editPerson, editWebsite, getClientClear, removePerson, updateClientEntity } from '../../../main/services/clients';
import { ordersOfEntity } from '../../../main/db/repositories/orders';
import { leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { leasedClients, listLeases } from '../../../main/services/leaseList';
import { advanceOrder, checkOrderPhotos, createOrder } from '../../../main/services/orders';
import { checkOutClients } from '../../../main/services/leases';
import { exportPersonData } from '../../../main/services/retention';
import { importTransfer } from '../../../main/services/transferImport';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { archiveFile, checkIn, clientByCert, LAPTOP, lentToLaptop, PASS } from '../../support/leases';

const conflictRows = (desk: Desk) => desk.ctx.db.selectFrom('lease_conflict').select(['id', 'laptop_fields', 'settled']).orderBy('id').execute();

/** Both sides changed the second person (李, the website's 负责人) of the first client: one conflict holding the laptop's values. */
async function conflictOnLi(openDesk: OpenDesk) {
  const lent = await lentToLaptop(openDesk);
  const { server, laptop, ids, leaseId, certs } = lent;
  const li = (await getClientClear(server, ids[0]!)).people[1]!;
  await editPerson(server, li.id, { ...personFieldsOf(li), mobile: '13911112222' }, li.rowVersion);
  const there = (await clientByCert(laptop, certs[0]!)).people[1]!;
  await editPerson(laptop, there.id, { ...personFieldsOf(there), mobile: '13622223333', email: 'laptop@example.cn' }, there.rowVersion);
  expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1, closed: false });
  const [c] = await leaseConflicts(server, leaseId);
  return { ...lent, li, laptopLi: { ...personFieldsOf(there), mobile: '13622223333', email: 'laptop@example.cn' }, conflictId: c!.id };
}

describeEachStore('personal values held in a check-in’s conflicts', (openDesk) => {
  it('drops the laptop’s values in the transaction that settles the conflict, either way; a second settle still says who settled it', async () => {
    for (const keep of ['server', 'laptop'] as const) {
      const { server, conflictId } = await conflictOnLi(openDesk);
      const [before] = await conflictRows(server);
      // sealed at rest, but there
      expect(before!.laptop_fields).toContain('"name"');
      expect(await settleConflict(server, conflictId, keep)).toEqual({ leaseClosed: true });
      expect(await conflictRows(server)).toEqual([{ id: before!.id, laptop_fields: '{}', settled: keep }]);
      await expect(settleConflict(server, conflictId, 'server')).rejects.toThrow('已由张经理（zhang）于');
    }
  }, 120_000);

  it('names the laptop’s values of the person in their access export while the conflict is open, and no longer once it is settled', async () => {
    const { server, ids, li, laptopLi, conflictId } = await conflictOnLi(openDesk);
    const day = chinaDay((await server.ctx.db.selectFrom('lease_conflict').select('found_at').executeTakeFirstOrThrow()).found_at);
    const doc = await exportPersonData(server, li.id);
    expect(doc.kept).toEqual([{ store: '笔记本电脑签入冲突', since: day, label: `笔记本电脑签入冲突中保存的信息（${day} 从“${LAPTOP}”签入）`, person: laptopLi, holder: null }]);
    // another person's export does not carry them
    const zhang = (await getClientClear(server, ids[0]!)).people[0]!;
    expect((await exportPersonData(server, zhang.id)).kept).toEqual([]);
    await settleConflict(server, conflictId, 'server');
    expect((await exportPersonData(server, li.id)).kept).toEqual([]);
  }, 60_000);

  it('settles a conflict about a person deleted here as the server’s, with the laptop’s values dropped and the lease closed', async () => {
    const { server, ids, leaseId, li } = await conflictOnLi(openDesk);
    // 李 is the website's 负责人: handed to 张 first, so that 李 can be deleted
    const e = await getClientClear(server, ids[0]!);
    await editWebsite(server, e.websites[0]!.id, { ...websiteFieldsOf(e.websites[0]!), principalPersonId: e.people[0]!.id }, e.websites[0]!.rowVersion);
    await removePerson(server, li.id);
    expect((await conflictRows(server)).map((r) => [r.laptop_fields, r.settled])).toEqual([['{}', 'server']]);
    expect(await leaseConflicts(server, leaseId)).toEqual([]);
    expect(await leasedClients(server, ids)).toEqual([]);
    expect((await listLeases(server)).find((l) => l.leaseId === leaseId)).toMatchObject({ state: 'returned', openConflicts: 0 });
    const settled = (await listAudit(server.ctx, { entityId: ids[0]!, limit: 50 })).find((a) => a.action === 'lease.settle')!;
    expect([settled.targetId, settled.detail]).toEqual([li.id, { lease: leaseId, desk: LAPTOP, keep: 'server', kind: 'edit', source: '负责人已删除' }]);
  }, 60_000);

  it('settles a conflict about a person the laptop deleted and the server changed, once the server deletes them too, as the laptop’s deletion', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    const handOver = async (desk: Desk, entityId: number) => {
      const e = await getClientClear(desk, entityId);
      await editWebsite(desk, e.websites[0]!.id, { ...websiteFieldsOf(e.websites[0]!), principalPersonId: e.people[0]!.id }, e.websites[0]!.rowVersion);
      return e.people[1]!;
    };
    const li = await handOver(server, ids[0]!);
    await editPerson(server, li.id, { ...personFieldsOf(li), mobile: '13911112222' }, li.rowVersion);
    const there = (await clientByCert(laptop, certs[0]!)).id;
    await removePerson(laptop, (await handOver(laptop, there)).id);
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1 });
    expect((await leaseConflicts(server, leaseId)).map((c) => c.kind)).toEqual(['laptopDeleted']);
    await removePerson(server, li.id);
    expect((await conflictRows(server)).map((r) => [r.laptop_fields, r.settled])).toEqual([['{}', 'laptop']]);
    expect(await leasedClients(server, ids)).toEqual([]);
  }, 60_000);

  it('removes a client’s conflicts with the client', async () => {
    const { server, ids, conflictId } = await conflictOnLi(openDesk);
    await settleConflict(server, conflictId, 'server');
    await deleteClient(server, ids[0]!);
    expect(await conflictRows(server)).toEqual([]);
  }, 60_000);


  it('names the laptop’s values of a 个人 主体 in its 主办人’s export while its conflict is open', async () => {
    const server = await openDesk({ actor: '张经理（zhang）' });
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(server, [clientRecordSchema.parse(rec)]);
    const { leaseId, archive } = await checkOutClients(server, [c!.id], LAPTOP, PASS);
    const laptop = await openDesk({ actor: '外勤小王' });
    await importTransfer(laptop, archiveFile(archive), PASS);
    const e = await getClientClear(server, c!.id);
    await updateClientEntity(server, c!.id, { ...entityFieldsOf(e), mailingAddress: '服务器上改的通信地址' }, e.rowVersion);
    const there = await clientByCert(laptop, e.certNumber);
    await updateClientEntity(laptop, there.id, { ...entityFieldsOf(there), mailingAddress: '笔记本上改的通信地址' }, there.rowVersion);
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1 });
    const day = chinaDay(server.ctx.now());

    const doc = await exportPersonData(server, c!.personIds.p1!);
    expect(doc.kept).toEqual([{ store: '笔记本电脑签入冲突', since: day, label: `笔记本电脑签入冲突中保存的主体信息（${day} 从“${LAPTOP}”签入）`, person: null, holder: { name: e.name, certType: e.certType, certNumber: e.certNumber, certAddress: e.certAddress, mailingAddress: '笔记本上改的通信地址', investor: e.investor } }]);
  }, 60_000);
  it('names the laptop’s submitted record of an order in the export of a person it names, while the order’s conflict is open', async () => {
    const lent = await lentToLaptop(openDesk, async (server, ids) => {
      const o = await createOrder(server, { entityId: ids[0]!, type: '首次备案', provider: 'tencent' });
      await advanceOrder(server, o.id, { to: '待提交' });
      await fillOrder(server, o.id, { measure: false });
    }, 'order to submit');
    const { server, laptop, ids, leaseId, certs } = lent;
    const serverOrder = (await ordersOfEntity(server.ctx, ids[0]!))[0]!;
    const laptopOrder = (await ordersOfEntity(laptop.ctx, (await clientByCert(laptop, certs[0]!)).id))[0]!;
    // the server went back and forth (same state, another version); the laptop submitted it
    await advanceOrder(server, serverOrder.id, { to: '草稿' });
    await advanceOrder(server, serverOrder.id, { to: '待提交' });
    await checkOrderPhotos(laptop, laptopOrder.id);
    await advanceOrder(laptop, laptopOrder.id, { to: '初审中' });
    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1 });
    const day = chinaDay(server.ctx.now());
    const li = (await getClientClear(server, ids[0]!)).people[1]!;

    const doc = await exportPersonData(server, li.id);
    expect(doc.kept).toEqual([{ store: '笔记本电脑签入冲突', since: day, label: `笔记本电脑签入冲突中保存的首次备案订单 #${serverOrder.id} 提交时的信息（${day} 从“${LAPTOP}”签入）`, person: personFieldsOf(li), holder: null }]);
    const [c] = await leaseConflicts(server, leaseId);
    await settleConflict(server, c!.id, 'server');
    expect((await exportPersonData(server, li.id)).kept).toEqual([]);
  }, 120_000);
});
