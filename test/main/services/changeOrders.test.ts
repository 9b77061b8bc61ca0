// Change orders read the filed state: the diff picks the type (others refused with the seed's reason),
// the checklist asks again only for what the change makes stale and says what is reused.
import { expect, it } from 'vitest';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { createClients, editPerson, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { filingTypeOptions } from '../../../main/services/changeOrders';
import { gonganOfOrder } from '../../../main/services/gongan';
import { recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { enterprise, individual } from '../../fixtures/drafts';
import { companyRecord, personId, uscc } from '../../fixtures/records';
import { fillOrder } from '../../fixtures/materials';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const CHANGES = ['变更主体', '变更网站', '变更备案'] as const;
const optionsOf = async (desk: Desk, id: number) => Object.fromEntries((await filingTypeOptions(desk, id, 'tencent')).map((o) => [o.type, o]));

async function filedPersonal(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
  return { desk, id: c!.id };
}

describeEachStore('change orders against the filed state', (openDesk) => {
  it('offers no change while nothing differs from what was filed, and refuses cancellations without a 备案号', async () => {
    const { desk, id } = await filedPersonal(openDesk);
    for (const t of CHANGES) expect((await optionsOf(desk, id))[t]!.reason).toContain('没有改动');
    const fresh = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(fresh, [clientRecordSchema.parse(rec)]);
    const o = await optionsOf(fresh, c!.id);
    expect(o['注销主体']!.reason).toContain('主体还没有备案号');
    expect(o['取消接入']!.allowed).toBe(false);
    expect(o['变更备案']!.reason).toContain('主体还没有备案号');
    await expect(createOrder(fresh, { entityId: c!.id, type: '注销主体', provider: 'tencent' })).rejects.toThrow('不能新建“注销主体”订单：主体还没有备案号');
  });

  it('a 个人 whose mobile changed: 变更备案 only, the diff masked, nothing to upload again', async () => {
    const { desk, id } = await filedPersonal(openDesk);
    const p = (await getClientClear(desk, id)).people[0]!;
    await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
    const o = await optionsOf(desk, id);
    expect(o['变更备案']).toMatchObject({ allowed: true });
    expect(o['变更主体']!.reason).toContain('V-CHG-04');
    expect(o['变更网站']!.reason).toContain('V-CHG-04');
    await expect(createOrder(desk, { entityId: id, type: '变更主体', provider: 'tencent' })).rejects.toThrow('须选“变更备案”');
    const order = await getOrder(desk, (await createOrder(desk, { entityId: id, type: '变更备案', provider: 'tencent' })).id);
    expect(order.changeSummary!.differences).toEqual([expect.objectContaining({ label: '手机号码', filed: `${p.mobile.slice(0, 3)}****${p.mobile.slice(-4)}`, current: '139****5678' })]);
    expect(order.checklist).toEqual([]);
    expect(order.changeSummary!.uploadAgain).toEqual([]);
    expect(order.changeSummary!.note).toContain('无需重新上传材料');
    expect(order.changeSummary!.reused.join()).toContain('幕布照片');
    expect(order.check.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a 湖南 enterprise whose 法定代表人 changed: 变更备案 forced; new ID scans, curtain photo and 授权书', async () => {
    const desk = await openDesk();
    const rec = companyRecord(9);
    rec.entity.province = '湖南省';
    rec.entity.city = '长沙市';
    rec.entity.district = '岳麓区';
    rec.entity.mailingAddress = '湖南省长沙市岳麓区麓山路1号';
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '湘ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '湘ICP备12345678号-1' } });
    const e = await getClientClear(desk, c!.id);
    const principal = e.people.find((p) => p.id === e.principalPersonId)!;
    // the new 法定代表人 is the new 主体负责人
    await editPerson(desk, principal.id, { ...personFieldsOf(principal), name: '赵新', certNumber: personId(88, '19800808') });
    await updateClientEntity(desk, e.id, { ...entityFieldsOf(await getClientClear(desk, e.id)), investor: '赵新' });
    const o = await optionsOf(desk, e.id);
    expect(o['变更备案']!.allowed).toBe(true);
    expect(o['变更主体']!.reason).toContain('V-CHG-03');
    const order = await getOrder(desk, (await createOrder(desk, { entityId: e.id, type: '变更备案', provider: 'tencent' })).id);
    const kinds = order.checklist.map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['id-front', 'id-back', 'curtain', 'authorisation', 'licence']));
    expect(order.checklist.find((s) => s.kind === 'authorisation')!.why).toContain('法定代表人变更须提供新的网站负责人授权书');
    expect(order.changeSummary!.uploadAgain.length).toBe(order.checklist.length);
  });

  it('V-TYPE-01 stays silent on a closed 首次备案 and when the provider is the one already filed', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const id = c!.id;
    const first = await createOrder(desk, { entityId: id, type: '首次备案', provider: 'tencent' });
    await desk.sql.tx(() => updateOrderState(desk.ctx, first.id, { state: '管局审核中' }));
    await advanceOrder(desk, first.id, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    expect((await getOrder(desk, first.id)).check.findings.filter((f) => f.ruleId === 'V-TYPE-01')).toEqual([]);
    const p = (await getClientClear(desk, id)).people[0]!;
    await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
    const order = await getOrder(desk, (await createOrder(desk, { entityId: id, type: '变更备案', provider: 'tencent' })).id);
    expect(order.check.findings.filter((f) => f.ruleId === 'V-TYPE-01' || f.ruleId === 'V-CHG-08')).toEqual([]);
    expect((await optionsOf(desk, id))['接入备案']!.allowed).toBe(false);
  });

  it('refuses 接入备案 and 新增网站 at another provider when 主办者性质, 证件类型 or 证件号码 differ from what was filed (seed 004)', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = enterprise();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const id = c!.id;
    await recordExistingFiling(desk, id, { provider: 'aliyun', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    // same identity: 接入备案 at a new provider may start
    expect((await optionsOf(desk, id))['接入备案']).toMatchObject({ allowed: true, reason: null });
    await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), certNumber: uscc('91440300MA5CHG001') });
    const refused = (await optionsOf(desk, id))['接入备案']!;
    expect(refused.allowed).toBe(false);
    expect(refused.reason).toContain('证件号码与已备案信息不一致');
    // the number itself is never named in the reason (personal data of a 个人 主体 would be)
    expect(refused.reason).not.toContain(uscc('91440300MA5CHG001'));
    await expect(createOrder(desk, { entityId: id, type: '接入备案', provider: 'tencent' })).rejects.toThrow('证件号码与已备案信息不一致');
  });
});

describeEachStore('变更 and 注销 at a provider the 主体 is not 接入 at', (openDesk) => {
  it('are refused there, saying where it is 接入: the provider’s console lists only what is filed through it (seeds 000, 001, 004)', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    await recordExistingFiling(desk, c!.id, { provider: 'aliyun', filedAt: '2024-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    const p = (await getClientClear(desk, c!.id)).people[0]!;
    await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
    const why = (type: string) => `主体未在该接入商接入（已接入：aliyun）：“${type}”须在主体已接入的接入商处办理（接入商的备案控制台只列出在其处备案的主体和网站）`;
    const atTencent = Object.fromEntries((await filingTypeOptions(desk, c!.id, 'tencent')).map((o) => [o.type, o.reason]));
    for (const type of ['变更备案', '注销网站', '注销主体'] as const) expect(atTencent[type]).toBe(why(type));
    await expect(createOrder(desk, { entityId: c!.id, type: '变更备案', provider: 'tencent' })).rejects.toThrow(`不能新建“变更备案”订单：${why('变更备案')}`);
    // where it is 接入, the same change starts
    const atAliyun = Object.fromEntries((await filingTypeOptions(desk, c!.id, 'aliyun')).map((o) => [o.type, o.reason]));
    expect([atAliyun['变更备案'], atAliyun['注销网站'], atAliyun['注销主体']]).toEqual([null, null, null]);
    expect((await createOrder(desk, { entityId: c!.id, type: '变更备案', provider: 'aliyun' })).provider).toBe('aliyun');
  });
});

describeEachStore('公安备案 is no order of its own', (openDesk) => {
  it('is refused as a new order, pointing at the approved order’s follow-up, and leaves the one open slot to real orders', async () => {
    const desk = await openDesk({ clock: () => new Date('2026-03-02T10:00:00+08:00') });
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const first = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, first.id, { to: '待提交' });
    await fillOrder(desk, first.id);
    for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(desk, first.id, { to });
    await advanceOrder(desk, first.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备2026123456号-1' } });

    expect((await optionsOf(desk, c!.id))['公安备案']).toEqual({ type: '公安备案', allowed: false, reason: '公安备案在已通过订单的“公安备案”中登记办理，不另建订单' });
    await expect(createOrder(desk, { entityId: c!.id, type: '公安备案', provider: 'tencent' })).rejects.toThrow('不能新建“公安备案”订单：公安备案在已通过订单的“公安备案”中登记办理，不另建订单');
    // the follow-up is where it is done, and nothing holds the client's one open order
    expect((await gonganOfOrder(desk, first.id)).map((f) => f.state)).toEqual(['待办理']);
    await expect(createOrder(desk, { entityId: c!.id, type: '注销网站', provider: 'tencent' })).resolves.toMatchObject({ type: '注销网站' });
  }, 120_000);

  it('an open 公安备案 order a store already holds can still be withdrawn', async () => {
    const { desk, id } = await filedPersonal(openDesk);
    const o = await createOrder(desk, { entityId: id, type: '注销主体', provider: 'tencent' });
    // as an older desk left it: the type written over an open order
    await desk.sql.tx(() => desk.sql.db.updateTable('filing_order').set({ type: '公安备案' }).where('id', '=', o.id).execute());
    await advanceOrder(desk, o.id, { to: '已放弃' });
    expect((await getOrder(desk, o.id)).state).toBe('已放弃');
  });
});
