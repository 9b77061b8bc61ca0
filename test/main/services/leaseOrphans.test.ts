// Rows the laptop added under a row the server deleted while the client was out (issue 14): each is listed
// with the reason instead of failing the whole check-in on a foreign key, and the rest of the check-in is
// applied.
import { expect, it } from 'vitest';
import { ordersOfEntity } from '../../../main/db/repositories/orders';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { addWebsite, getClientClear, removePerson, removeWebsite } from '../../../main/services/clients';
import { leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { addMaterial, listMaterials } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { materialJpeg } from '../../fixtures/materials';
import { describeEachStore } from '../../support/eachStore';
import { checkIn, clientByCert, editRemark, lentToLaptop } from '../../support/leases';

describeEachStore('check-in of rows the laptop added under rows the server deleted', (openDesk) => {
  it('lists a website the laptop added with a 负责人 the server deleted, applies the rest, and restores it under the 主体负责人 when settled for the laptop', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    // the server deletes the website, then its 负责人 李…
    const lent = await getClientClear(server, ids[0]!);
    await removeWebsite(server, lent.websites[0]!.id);
    await removePerson(server, lent.people[1]!.id);
    const here = await clientByCert(laptop, certs[0]!);
    await addWebsite(laptop, here.id, { ...websiteFieldsOf(here.websites[0]!), name: '笔记本新增官网', domains: ['laptop-new.cn'], homepages: ['www.laptop-new.cn'], principalPersonId: here.people[1]!.id });
    await editRemark(laptop, here.id, '笔记本上补充的备注');

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ conflicts: 1, websites: 0, applied: 1, closed: false });
    const after = await getClientClear(server, ids[0]!);
    expect([after.remark, after.websites]).toEqual(['笔记本上补充的备注', []]);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'website', kind: 'serverDeleted', targetLabel: '网站“笔记本新增官网”', serverVersion: null });
    expect(c!.reason).toContain(`服务器已删除负责人“${lent.people[1]!.name}”，笔记本新增的网站“笔记本新增官网”以其为负责人：未添加`);

    expect(await settleConflict(server, c!.id, 'laptop')).toEqual({ leaseClosed: true });
    const restored = (await getClientClear(server, ids[0]!)).websites;
    expect(restored.map((w) => [w.name, w.domains, w.principalPersonId])).toEqual([['笔记本新增官网', ['laptop-new.cn'], after.principalPersonId]]);
  }, 60_000);

  it('lists a material and an order the laptop added under a website the server deleted, refuses to bring them back, and applies the rest', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk);
    await removeWebsite(server, (await getClientClear(server, ids[0]!)).websites[0]!.id);
    const here = await clientByCert(laptop, certs[0]!);
    await addMaterial(laptop, { entityId: here.id, websiteId: here.websites[0]!.id, kind: 'domain-cert', fileName: '域名证书.jpg', data: await materialJpeg('laptop-domain-cert') });
    await createOrder(laptop, { entityId: here.id, type: '首次备案', provider: 'tencent', websiteIds: [here.websites[0]!.id] });
    // the second client's material is added as usual
    const other = await clientByCert(laptop, certs[1]!);
    await addMaterial(laptop, { entityId: other.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('laptop-licence') });

    const r = await checkIn(server, laptop, leaseId);
    expect(r).toMatchObject({ conflicts: 2, materials: 1, orders: 0, closed: false });
    expect(await listMaterials(server, ids[0]!)).toEqual([]);
    expect(await ordersOfEntity(server.ctx, ids[0]!)).toEqual([]);
    expect((await listMaterials(server, ids[1]!)).map((m) => m.fileName)).toEqual(['执照.jpg']);
    const [material, order] = await leaseConflicts(server, leaseId);
    const site = `服务器已删除网站“${here.websites[0]!.name}”`;
    expect(material).toMatchObject({ target: 'material', kind: 'serverDeleted', targetLabel: '笔记本新增的材料“域名证书.jpg”', fields: [] });
    expect(material!.reason).toBe(`${site}，笔记本在其下新增了材料“域名证书.jpg”：未添加`);
    expect(order).toMatchObject({ target: 'order', kind: 'serverDeleted', targetLabel: '笔记本新增的订单“首次备案 · tencent”' });
    expect(order!.reason).toContain(`${site}，笔记本为它新增了首次备案订单（tencent，草稿）：未添加`);

    await expect(settleConflict(server, material!.id, 'laptop')).rejects.toThrow('只能确认删除；需要时请在服务器上重新上传');
    await expect(settleConflict(server, order!.id, 'laptop')).rejects.toThrow('只能确认删除；需要时请在服务器上为现有网站新建订单');
    expect(await settleConflict(server, material!.id, 'server')).toEqual({ leaseClosed: false });
    expect(await settleConflict(server, order!.id, 'server')).toEqual({ leaseClosed: true });
    expect([await listMaterials(server, ids[0]!), await ordersOfEntity(server.ctx, ids[0]!)]).toEqual([[], []]);
  }, 60_000);

  it('lists a material the laptop added under a 负责人 the server deleted, and leaves deleted a lent material the server deleted', async () => {
    const { server, laptop, ids, leaseId, certs } = await lentToLaptop(openDesk, async (s, made) => {
      const c = await getClientClear(s, made[0]!);
      await addMaterial(s, { entityId: made[0]!, personId: c.people[1]!.id, kind: 'id-front', fileName: '李身份证.jpg', data: await materialJpeg('lent-id-front') });
    });
    const lent = await getClientClear(server, ids[0]!);
    await removeWebsite(server, lent.websites[0]!.id);
    // deleting the 负责人 deletes its lent material with it
    await removePerson(server, lent.people[1]!.id);
    const here = await clientByCert(laptop, certs[0]!);
    await addMaterial(laptop, { entityId: here.id, personId: here.people[1]!.id, kind: 'other', fileName: '李的补充材料.jpg', data: await materialJpeg('laptop-person-material') });

    expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1, materials: 0 });
    expect(await listMaterials(server, ids[0]!)).toEqual([]);
    const [c] = await leaseConflicts(server, leaseId);
    expect(c).toMatchObject({ target: 'material', kind: 'serverDeleted', reason: `服务器已删除负责人“${lent.people[1]!.name}”，笔记本在其下新增了材料“李的补充材料.jpg”：未添加` });
  }, 60_000);
});
