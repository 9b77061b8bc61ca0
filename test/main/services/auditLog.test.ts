// 日志 as the operator reads it: what a person did, once, under the operator's name, in Chinese.
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../support/eachStore';
import { coreSources } from '../../support/coreSources';
import { listAudit } from '../../../main/db/repositories/audit';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { AUDIT_ACTIONS, AUDIT_DETAIL_LABELS } from '../../../main/domain/labels';
import { clientRecordSchema, entityFieldsSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';

const actions = async (desk: Awaited<ReturnType<typeof testRouter>>['desk'], entityId: number) => (await listAudit(desk.ctx, { entityId, limit: 100 })).map((a) => a.action);

describeEachStore('the 日志', (openDesk) => {
  it('names the operator set in 设置, else the account the desk runs as', async () => {
    const { desk, router } = await testRouter(await openDesk());
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 1 }))[0]!.actor).toBe('tester');
    const set = await router.invoke('settings.setOperator', { name: ' 李敏 ' });
    expect(set).toMatchObject({ ok: true, value: { name: '李敏', account: 'tester' } });
    await router.invoke('entity.reveal', { id: c!.id, purpose: '核对' });
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 1 }))[0]).toMatchObject({ action: 'entity.reveal', actor: '李敏' });
    await router.invoke('settings.setOperator', { name: null });
    await router.invoke('entity.reveal', { id: c!.id, purpose: '核对' });
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 1 }))[0]!.actor).toBe('tester');
    const bad = await router.invoke('settings.setOperator', { name: 'a\u0007b' });
    expect(bad.ok).toBe(false);
  });

  it('records looking at a material once, not once per read of the file', async () => {
    const { desk } = await testRouter(await openDesk());
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const m = await addMaterial(desk, { entityId: c!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('licence') });
    for (let i = 0; i < 3; i++) await readMaterial(desk, m.id);
    expect((await actions(desk, c!.id)).filter((a) => a === 'material.read')).toHaveLength(1);
  });

  it('writes nothing for a save that changes nothing, and names the fields of one that does', async () => {
    const { desk } = await testRouter(await openDesk());
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const fields = entityFieldsSchema.parse(entityFieldsOf(await getClientClear(desk, c!.id)));
    await updateClientEntity(desk, c!.id, fields);
    expect(await actions(desk, c!.id)).toEqual(['entity.create']);
    await updateClientEntity(desk, c!.id, { ...fields, remark: '老客户' });
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 1 }))[0]).toMatchObject({ action: 'entity.update', detail: { fields: ['remark'] } });
  });

});

describe('the 日志’s labels', () => {
  it('has a Chinese name for every action and every detail the core writes', () => {
    const source = coreSources().map((f) => f.text).join('\n');
    const written = [...source.matchAll(/action: '([a-zA-Z.]+)'/g)].map((m) => m[1]!);
    expect(written.length).toBeGreaterThan(20);
    expect(written.filter((a) => !AUDIT_ACTIONS[a])).toEqual([]);
    const keys = [...source.matchAll(/detail: \{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/(?:^|[,{])\s*([a-zA-Z]+)(?=\s*[:,]|\s*$)/g)].map((k) => k[1]!));
    expect(keys).toEqual(expect.arrayContaining(['provider', 'kind', 'materialFiles', 'serviceEndedAt']));
    expect(keys.filter((k) => k !== 'fields' && !AUDIT_DETAIL_LABELS[k])).toEqual([]);
  });
});
