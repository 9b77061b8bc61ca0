// Migration 0007 carries a store of the previous version forward: its approved orders become the
// clients' filed state (version 1), readable with the store's key, nothing else changed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { latestFiled } from '../../../main/db/repositories/filed';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { turnBackToVersion } from '../../support/olderStore';

describe('migration 0007 (filed state)', () => {
  it('turns the approved orders of a version-6 store into filed snapshots', async () => {
    const dataDir = tempDir();
    // approved at 2026-03-02 01:30 China time: the UTC day is still 2026-03-01
    let desk = await openTestDesk(dataDir, { clock: () => new Date('2026-03-01T17:30:00Z') });
    const [filed, pending] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const o = await createOrder(desk, { entityId: filed!.id, type: '首次备案', provider: 'aliyun' });
    await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
    await advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [filed!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    await createOrder(desk, { entityId: pending!.id, type: '首次备案', provider: 'tencent' });
    const clear = await getClientClear(desk, filed!.id);
    await desk.close();

    // the store as version 6 left it: without the tables and columns of migration 0007 and of every later one
    turnBackToVersion(join(dataDir, DB_FILE_NAME), 6);

    desk = await openTestDesk(dataDir);
    expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const f = (await latestFiled(desk.ctx, filed!.id))!;
    expect(f).toMatchObject({ version: 1, origin: '迁移', filedAt: '2026-03-02', orderId: o.id, status: '已备案', entityIcpNumber: '粤ICP备12345678号', providers: ['aliyun'] });
    expect(f.record.entity.certNumber).toBe(clear.certNumber);
    expect(f.record.people.map((p) => [p.id, p.certNumber, p.mobile, p.email])).toEqual(clear.people.map((p) => [`p${p.id}`, p.certNumber, p.mobile, p.email]));
    expect(f.record.websites).toEqual([expect.objectContaining({ websiteId: filed!.websiteIds[0], icpNumber: '粤ICP备12345678号-1', provider: 'aliyun', domains: clear.websites[0]!.domains })]);
    expect(await latestFiled(desk.ctx, pending!.id)).toBeNull();
  });
});
