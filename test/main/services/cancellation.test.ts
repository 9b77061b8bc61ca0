// 注销主体 / 注销网站 / 取消接入 (seed 004): refused without a 备案号 (API and CLI), 注销主体 cannot be
// submitted without the 备案密码, and no cancellation is submitted before the operator confirms its
// consequence. The 备案密码 is sealed at rest like ID numbers: not in the data folder, not in the logs.
import { expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { individual } from '../../fixtures/drafts';
import type { Desk } from '../../../main/desk';
import { TEST_PASSPHRASE, testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk, placesHolding, storeArgs } from '../../support/eachStore';

const PASSWORD = 'Bei-An#pw-8831';

async function personal(openDesk: OpenDesk, given?: Desk) {
  const desk = given ?? (await openDesk());
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  return { desk, id: c!.id, siteId: c!.websiteIds[0]! };
}

describeEachStore('cancellations', (openDesk) => {
  it('refuses 注销主体 for a client without a 备案号, with the reason, through the API and the CLI', async () => {
    const desk = await openDesk();
    const { id } = await personal(openDesk, desk);
    const { router } = await testRouter(desk);
    const cliStore = storeArgs(desk);
    const r = await router.invoke('order.create', { entityId: id, type: '注销主体', provider: 'tencent' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(r)).toContain('主体还没有备案号');
    await desk.close();
    let err = '';
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const code = await runCli([...cliStore, 'order', 'create', '--entity', String(id), '--type', '注销主体', '--provider', 'tencent'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toContain('不能新建“注销主体”订单：主体还没有备案号');
  });

  it('holds a filed 主体’s 注销主体 until the consequence is confirmed and the 备案密码 is stored', async () => {
    const { desk, id, siteId } = await personal(openDesk);
    await recordExistingFiling(desk, id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [siteId]: '粤ICP备12345678号-1' } });
    const { router } = await testRouter(desk);
    const created = await router.invoke('order.create', { entityId: id, type: '注销主体', provider: 'tencent' });
    const orderId = (created as { ok: true; value: { id: number } }).value.id;
    const view = (await router.invoke('order.get', { id: orderId })) as { ok: true; value: { consequence: string; problems: string[]; ready: boolean } };
    expect(view.value.consequence).toContain('所有网站将不能访问');
    expect(view.value.problems).toContain('缺少备案密码：“注销主体”须提供主体的备案密码（在客户页“已备案信息”中填写）');
    await router.invoke('order.advance', { id: orderId, to: '待提交' });
    const unconfirmed = await router.invoke('order.advance', { id: orderId, to: '初审中' });
    expect(JSON.stringify(unconfirmed)).toContain('提交前请确认：注销主体将把该主体以及主体下的所有网站从管局备案中注销');
    const noPassword = await router.invoke('order.advance', { id: orderId, to: '初审中', confirmedConsequence: true });
    expect(JSON.stringify(noPassword)).toContain('缺少备案密码');
    expect(await router.invoke('filed.setPassword', { entityId: id, password: PASSWORD })).toEqual({ ok: true, value: { stored: true } });
    expect(await router.invoke('order.advance', { id: orderId, to: '初审中', confirmedConsequence: true })).toMatchObject({ ok: true, value: { state: '初审中' } });
  });
});

describeEachStore('备案密码 at rest', (openDesk) => {
  it('is sealed in the store, absent from the logs and the audit trail, and revealed only on purpose (logged)', async () => {
    const desk = await openDesk();
    const { id } = await personal(openDesk, desk);
    const { router, logs } = await testRouter(desk);
    expect(await router.invoke('filed.setPassword', { entityId: id, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await router.invoke('filed.setPassword', { entityId: id, password: 'with space' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await router.invoke('filed.password', { entityId: id })).toEqual({ ok: true, value: { stored: true } });
    const exported = await router.invoke('entity.export', { id, reveal: true });
    expect(JSON.stringify(exported)).not.toContain(PASSWORD);
    expect(await router.invoke('filed.revealPassword', { entityId: id, purpose: '提交注销主体' })).toEqual({ ok: true, value: { password: PASSWORD } });
    const audit = await router.invoke('audit.list', { entityId: id });
    expect(JSON.stringify(audit)).toContain('entity.revealFilingPassword');
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(logs.join('\n')).not.toContain(PASSWORD);
    expect(await placesHolding(desk, PASSWORD)).toEqual([]);
    await desk.close();
    expect(await placesHolding(desk, PASSWORD)).toEqual([]);
  });
});
