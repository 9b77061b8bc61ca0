// An order under review (初审中 … 管局审核中) is what the provider or the 管局 holds: a website it covers, or a
// material it uses, is not deleted from under it (ON DELETE CASCADE would drop it from the order, its package
// and its approval's filed state silently). A 驳回 order, or one not yet submitted, is the operator's to change.
import { expect, it } from 'vitest';
import { getOrderRow, linkMaterial, updateOrderState } from '../../../main/db/repositories/orders';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import type { Desk } from '../../../main/desk';
import type { OrderState } from '../../../main/domain/enums';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { addPerson, addWebsite, createClients, deleteClient, editWebsite, getClientClear, removePerson, removeWebsite } from '../../../main/services/clients';
import { addMaterial, listMaterials, removeMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { goodMaterial } from '../../fixtures/materials';
import { personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

/** A personal client with two websites (the second's 负责人 another person) and a 首次备案 covering both, moved to `state`. */
async function clientWithOrder(openDesk: OpenDesk, state: OrderState) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const p1 = c!.personIds.p1!;
  const p2 = await addPerson(desk, c!.id, { name: '李小红', certType: '居民身份证', certNumber: personId(11), certValidFrom: null, certValidTo: null, officePhone: '', mobile: '13800138011', emergencyPhone: '', email: '' });
  const first = (await getClientClear(desk, c!.id)).websites[0]!;
  const second = await addWebsite(desk, c!.id, { ...websiteFieldsOf(first), name: '李小红的读书笔记', domains: ['lxh-notes.cn'], homepages: ['www.lxh-notes.cn'], principalPersonId: p2.id });
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state }));
  return { desk, entityId: c!.id, orderId: o.id, p1, p2: p2.id, first: first.id, second: second.id };
}

const material = async (desk: Desk, entityId: number, kind: 'id-front' | 'curtain', fileName: string, personId: number, websiteId: number | null = null) =>
  await addMaterial(desk, { entityId, personId, websiteId, kind, fileName, data: await goodMaterial(kind) });

describeEachStore('deleting what an order under review holds', (openDesk) => {
  it('refuses to delete a website of an order at the 管局, naming the order; the order still covers it', async () => {
    const { desk, orderId, first, second } = await clientWithOrder(openDesk, '管局审核中');
    await expect(removeWebsite(desk, second)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `不能删除网站“李小红的读书笔记”：“首次备案”订单 #${orderId} 已提交，正处于“管局审核中”，该订单涉及此网站。删除会使该订单与接入商或管局正在审核的内容不一致；请等审核有结果（通过或驳回）后再删除`,
    });
    expect((await getOrderRow(desk.ctx, orderId))!.websiteIds).toEqual([first, second]);
  }, 60_000);

  it('offers withdrawing while the provider reviews (初审中)', async () => {
    const { desk, orderId, second } = await clientWithOrder(openDesk, '初审中');
    await expect(removeWebsite(desk, second)).rejects.toThrow(`“首次备案”订单 #${orderId} 已提交，正处于“初审中”，该订单涉及此网站。删除会使该订单与接入商或管局正在审核的内容不一致；请等审核有结果（通过或驳回）后再删除，或先撤回该订单`);
  }, 60_000);

  it('deletes a website of an order sent back to the operator (初审驳回) or not yet submitted (待提交)', async () => {
    for (const state of ['初审驳回', '待提交'] as const) {
      const { desk, orderId, first, second } = await clientWithOrder(openDesk, state);
      expect(await removeWebsite(desk, second)).toEqual({ deletedId: second, removedFiles: 0 });
      expect((await getOrderRow(desk.ctx, orderId))!.websiteIds).toEqual([first]);
    }
  }, 60_000);

  it('refuses to delete the ID photo an order under review uses, linked or not', async () => {
    const { desk, entityId, orderId, p1 } = await clientWithOrder(openDesk, '复审中');
    const m = await material(desk, entityId, 'id-front', '身份证正面.jpg', p1);
    await expect(removeMaterial(desk, m.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `不能删除材料“身份证正面.jpg”：“首次备案”订单 #${orderId} 已提交，正处于“复审中”，该订单的“王小明的证件正面”用的是这份材料。删除会使该订单与接入商或管局正在审核的内容不一致；请等审核有结果（通过或驳回）后再删除，或先撤回该订单`,
    });
    expect((await listMaterials(desk, entityId)).map((x) => x.id)).toEqual([m.id]);
  }, 60_000);

  it('refuses to delete a person whose linked material an order under review submitted, after the site was given another 负责人', async () => {
    const { desk, entityId, orderId, p1, p2, second } = await clientWithOrder(openDesk, '初审中');
    const m = await material(desk, entityId, 'id-front', '李小红身份证.jpg', p2);
    await desk.sql.tx(() => linkMaterial(desk.ctx, orderId, `person:${p2}:id-front`, m.id));
    const site = (await getClientClear(desk, entityId)).websites.find((w) => w.id === second)!;
    await editWebsite(desk, second, { ...websiteFieldsOf(site), principalPersonId: p1 });
    await expect(removePerson(desk, p2)).rejects.toThrow(`不能删除负责人“李小红”：“首次备案”订单 #${orderId} 已提交，正处于“初审中”，该订单的“身份证人像面”用的是其材料。`);
    expect((await listMaterials(desk, entityId)).map((x) => x.id)).toEqual([m.id]);
  }, 60_000);

  it('lets the operator delete a rejected curtain photo at the photo step (待拍照核验), and any material once the order is sent back', async () => {
    const { desk, entityId, orderId, p1, first } = await clientWithOrder(openDesk, '待拍照核验');
    const curtain = await material(desk, entityId, 'curtain', '幕布照片.jpg', p1, first);
    await desk.sql.tx(() => linkMaterial(desk.ctx, orderId, `website:${first}:curtain`, curtain.id));
    expect((await removeMaterial(desk, curtain.id)).deletedId).toBe(curtain.id);
    const id = await material(desk, entityId, 'id-front', '身份证正面.jpg', p1);
    await desk.sql.tx(() => updateOrderState(desk.ctx, orderId, { state: '管局驳回' }));
    expect((await removeMaterial(desk, id.id)).deletedId).toBe(id.id);
  }, 60_000);

  // the client's deletion takes the order itself with it (ON DELETE CASCADE), whatever the reason given —
  // a 客户要求删除 (PIPL) too: README «Personal data» documents no override, so it waits for the review as well
  it('refuses to delete the client of an order under review, whatever the reason, naming the order; nothing is deleted', async () => {
    const { desk, entityId, orderId, p1 } = await clientWithOrder(openDesk, '初审中');
    const m = await material(desk, entityId, 'id-front', '身份证正面.jpg', p1);
    for (const reason of ['客户要求删除', '其他'] as const) {
      await expect(deleteClient(desk, entityId, reason)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `不能删除客户“王小明”：“首次备案”订单 #${orderId} 已提交，正处于“初审中”。删除客户会连同该订单及其网站、负责人和材料一并删除，而接入商或管局仍在审核它；请等审核有结果（通过或驳回）后再删除，或先撤回该订单`,
      });
    }
    expect((await getOrderRow(desk.ctx, orderId))!.state).toBe('初审中');
    expect((await getClientClear(desk, entityId)).people.map((p) => p.name)).toEqual(['王小明', '李小红']);
    expect((await listMaterials(desk, entityId)).map((x) => x.id)).toEqual([m.id]);
  }, 60_000);

  it('does not offer withdrawing an order at the 管局 when refusing its client’s deletion', async () => {
    const { desk, entityId, orderId } = await clientWithOrder(openDesk, '管局审核中');
    await expect(deleteClient(desk, entityId, '客户要求删除')).rejects.toThrow(new RegExp(`订单 #${orderId} 已提交，正处于“管局审核中”。.*请等审核有结果（通过或驳回）后再删除$`));
  }, 60_000);

  it('deletes the client once its order is sent back (管局驳回) or withdrawn (已撤回)', async () => {
    for (const state of ['管局驳回', '已撤回'] as const) {
      const { desk, entityId, orderId } = await clientWithOrder(openDesk, state);
      expect((await deleteClient(desk, entityId, '客户要求删除')).deletedId).toBe(entityId);
      expect(await getOrderRow(desk.ctx, orderId)).toBe(undefined);
    }
  }, 60_000);
});
