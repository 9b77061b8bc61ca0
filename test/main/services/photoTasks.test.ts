// A 拍照点's work list: an order given to it that cannot be read in full (a damaged ID scan its photo check
// reads, a damaged personal field) is still listed, with what is wrong — dropping it silently left the
// 拍照点 without the order and nobody told.
import { expect, it } from 'vitest';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createAccount, setOrderAssignment } from '../../../main/services/accounts';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { photoTasks } from '../../../main/services/photoTasks';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { damageMaterialBytes } from '../../support/damageMaterial';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('a 拍照点’s photo tasks', (openDesk) => {
  async function twoOrders() {
    const desk = await openDesk();
    const made = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const photo = await createAccount(desk, { username: 'paizhao', displayName: '拍照点一', role: 'photo', password: 'Photo-Pass-001' });
    const orders = [];
    for (const c of made) {
      const o = await createOrder(desk, { entityId: c.id, type: '首次备案', provider: 'aliyun' });
      await setOrderAssignment(desk, o.id, photo.id, true);
      orders.push(o.id);
    }
    return { desk, made, photo: photo.id, orders };
  }

  it('lists an order whose ID scan cannot be read for its photo check, with its curtain slots and what is wrong', async () => {
    const { desk, made, photo, orders } = await twoOrders();
    const scan = await addMaterial(desk, { entityId: made[0]!.id, personId: made[0]!.personIds.p1!, kind: 'id-front', fileName: '身份证正面.jpg', data: await materialJpeg('id-front') });
    await damageMaterialBytes(desk, scan.id, scan.sha256);
    const tasks = await photoTasks(desk, photo);
    expect(tasks.map((t) => [t.orderId, t.problem])).toEqual([
      [orders[0], '该订单的材料照片未能检查，请告知操作员：材料文件已损坏或被篡改，已拒绝打开；请从备份恢复或重新上传'],
      [orders[1], null],
    ]);
    expect(tasks[0]!.slots.map((s) => s.id)).toEqual(tasks[1]!.slots.map((s) => s.id.replace(String(made[1]!.websiteIds[0]), String(made[0]!.websiteIds[0]))));
    expect(tasks[0]!.slots.length).toBe(1);
  }, 60_000);

  it('lists an order whose client cannot be read, with its name, type and state and what is wrong', async () => {
    const { desk, made, photo, orders } = await twoOrders();
    await desk.sql.db.updateTable('person').set({ cert_number_sealed: 'damaged' }).where('id', '=', made[0]!.personIds.p1!).execute();
    const tasks = await photoTasks(desk, photo);
    expect(tasks.map((t) => [t.orderId, t.entityName, t.type, t.state, t.slots, t.problem])).toEqual([
      [orders[0], companyRecord(1).entity.name, '首次备案', '草稿', [], `无法读取该订单，请告知操作员：客户 #${made[0]!.id}“${companyRecord(1).entity.name}”的负责人“张000001”的证件号码无法解密：数据已损坏或被篡改，已拒绝显示。请从备份恢复（设置 → 备份，或“npm run cli -- --data 空目录 backup restore 备份文件”），在恢复出的数据中核对该客户；其他客户不受影响。`],
      [orders[1], companyRecord(2).entity.name, '首次备案', '草稿', tasks[1]!.slots, null],
    ]);
  }, 60_000);
});
