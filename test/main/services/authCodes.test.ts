import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { addAuthCode, removeAuthCode } from '../../../main/services/authCodes';
import { createClients } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

describeEachStore('备案授权码 on an order', (openDesk) => {
  it('warns before it expires and refuses submission with an expired one, naming it', async () => {
    const now = Date.parse('2026-12-04T10:00:00+08:00');
    const desk = await openDesk({ clock: () => new Date(now) });
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    // filed before this desk, so a 注销网站 may start: no materials, no photo step, only the code stands between 待提交 and 初审中
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    const o = await createOrder(desk, { entityId: c!.id, type: '注销网站', provider: 'tencent' });
    await advanceOrder(desk, o.id, { to: '待提交' });

    await expect(addAuthCode(desk, o.id, { kind: '备案授权码', code: 'TC-1', resource: '', expiresOn: '2027-01-01' })).rejects.toThrow('请填写备案授权码对应的资源');
    const soon = await addAuthCode(desk, o.id, { kind: '备案授权码', code: ' TC-2026-0001 ', resource: 'ins-8k2j3h (203.0.113.10)', expiresOn: '2026-12-20' });
    expect(soon).toMatchObject({ code: 'TC-2026-0001', state: 'expiring', daysLeft: 16 });
    expect(soon.message).toContain('将于 2026-12-20 过期（还剩 16 天）');
    const old = await addAuthCode(desk, o.id, { kind: '备案授权码', code: 'TC-2025-0007', resource: 'ins-old', expiresOn: '2026-12-03' });
    expect(old.state).toBe('expired');

    expect((await getOrder(desk, o.id)).problems).toContain('备案授权码“TC-2025-0007”（ins-old）已于 2026-12-03 过期：请向资源所属账号重新申请后再提交');
    await expect(advanceOrder(desk, o.id, { to: '初审中', confirmedConsequence: true })).rejects.toThrow('还不能提交初审：备案授权码“TC-2025-0007”（ins-old）已于 2026-12-03 过期');
    expect((await getOrder(desk, o.id)).state).toBe('待提交');

    await removeAuthCode(desk, o.id, old.id);
    await advanceOrder(desk, o.id, { to: '初审中', confirmedConsequence: true });
    expect((await getOrder(desk, o.id)).events.map((e) => e.reason)).toEqual(expect.arrayContaining(['记录备案授权码（ins-8k2j3h (203.0.113.10)，有效期至 2026-12-20）', '删除备案授权码（ins-old）']));
  });
});
