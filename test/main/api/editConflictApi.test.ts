// EDIT_CONFLICT over the API: an update must name the version it read, and a stale one comes back with
// the conflict (fields, who, when, the version now stored) in the error body the renderer reads.
import { describe, expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import type { EntityView } from '../../../main/domain/views';
import { companyRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';

describe('edit conflicts over the API', () => {
  it('refuses an update without the version it read, and a stale one with the conflict in the body', async () => {
    const { router } = await testRouter();
    await router.invoke('entity.create', { record: companyRecord(1) });
    const revealed = await router.invoke('entity.reveal', { id: 1, purpose: '编辑' });
    if (!revealed.ok) throw new Error(revealed.error.message);
    const { id: _i, people: _p, websites: _w, masked: _m, serviceEndedAt: _s, retentionMonths: _r, createdAt: _c, updatedAt: _u, rowVersion, ...entity } = revealed.value as EntityView;
    expect(rowVersion).toBe(1);

    const unversioned = await router.invoke('entity.update', { id: 1, entity: { ...entity, remark: '无版本' } });
    expect(unversioned).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['rowVersion'], message: '缺少记录版本，请重新打开后再保存' }] } });

    const first = await asActor('李四', () => router.invoke('entity.update', { id: 1, rowVersion, entity: { ...entity, remark: '李四的备注' } }));
    expect(first).toMatchObject({ ok: true, value: { remark: '李四的备注', rowVersion: 2 } });
    const stale = await router.invoke('entity.update', { id: 1, rowVersion, entity: { ...entity, remark: '过时的备注' } });
    expect(stale).toMatchObject({
      ok: false,
      error: {
        code: 'EDIT_CONFLICT',
        details: [{ path: ['entity', 'remark'], message: '已被李四修改' }],
        conflict: { target: 'entity', id: 1, readVersion: 1, currentVersion: 2, changedBy: '李四', fields: [{ field: 'remark', label: '主体备注' }] },
      },
    });
    expect(stale.ok === false && stale.error.message).toMatch(/^保存未完成：主体信息已被李四于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改（主体备注）/);
  });
});
