// 设置 → 操作员 (main/services/operator.ts): the name every write names on the single desk — the log, an order's
// history, a photo acceptance, a 公安备案 done — and its change kept in the log.
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { setOperatorName, operatorSetting } from '../../../main/services/operator';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('the operator set in 设置 → 操作员', (openDesk) => {
  it('is who the order’s history names, as the log does, and the account stays the process’s', async () => {
    const desk = await openDesk({ actor: 'os-user' });
    await setOperatorName(desk, '张三');
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, o.id, { to: '待提交' });
    expect(new Set((await listAudit(desk.ctx, { limit: 50 })).map((e) => e.actor))).toEqual(new Set(['张三']));
    expect((await getOrder(desk, o.id)).events.map((e) => e.actor)).toEqual(['张三', '张三']);
    expect(await operatorSetting(desk)).toEqual({ name: '张三', account: 'os-user' });
    // cleared: the account again
    await setOperatorName(desk, null);
    await advanceOrder(desk, o.id, { to: '已放弃' });
    expect((await getOrder(desk, o.id)).events.at(-1)!.actor).toBe('os-user');
  }, 60_000);

  it('leaves a log entry when it changes, naming the new one and neither name in its detail; none when it stays', async () => {
    const desk = await openDesk({ actor: 'os-user' });
    const before = (await listAudit(desk.ctx, { limit: 500 })).length;
    await setOperatorName(desk, '张三');
    await setOperatorName(desk, '李四');
    await setOperatorName(desk, ' 李四 ');
    const added = (await listAudit(desk.ctx, { limit: 500 })).slice(0, -before || undefined);
    const changes = added.filter((e) => e.action === 'desk.operator');
    expect(changes.map((e) => e.actor).sort()).toEqual(['张三', '李四'].sort());
    expect(JSON.stringify(changes.map((e) => e.detail))).not.toMatch(/张三|李四/);
  }, 60_000);
});
