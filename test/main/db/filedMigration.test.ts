// Migration 0007 carries a store of the previous version forward: its approved orders become the
// clients' filed state (version 1), readable with the store's key, nothing else changed.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { latestFiled } from '../../../main/db/repositories/filed';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { advanceOrder, createOrder } from '../../../main/services/orders';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

describe('migration 0007 (filed state)', () => {
  it('turns the approved orders of a version-6 store into filed snapshots', () => {
    const dataDir = tempDir();
    let desk = openTestDesk(dataDir);
    const [filed, pending] = createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const o = createOrder(desk, { entityId: filed!.id, type: '首次备案', provider: 'aliyun' });
    desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
    advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [filed!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
    createOrder(desk, { entityId: pending!.id, type: '首次备案', provider: 'tencent' });
    const clear = getClientClear(desk, filed!.id);
    desk.close();

    // the store as version 6 left it: no filed_snapshot table, no 备案密码 column
    const raw = new Database(join(dataDir, DB_FILE_NAME));
    raw.exec('DROP TABLE filed_snapshot; ALTER TABLE entity DROP COLUMN filing_password_sealed;');
    raw.pragma('user_version = 6');
    raw.close();

    desk = openTestDesk(dataDir);
    expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(7);
    const f = latestFiled(desk.ctx, filed!.id)!;
    expect(f).toMatchObject({ version: 1, origin: '迁移', orderId: o.id, status: '已备案', entityIcpNumber: '粤ICP备12345678号', providers: ['aliyun'] });
    expect(f.record.entity.certNumber).toBe(clear.certNumber);
    expect(f.record.people.map((p) => [p.id, p.certNumber, p.mobile, p.email])).toEqual(clear.people.map((p) => [`p${p.id}`, p.certNumber, p.mobile, p.email]));
    expect(f.record.websites).toEqual([expect.objectContaining({ websiteId: filed!.websiteIds[0], icpNumber: '粤ICP备12345678号-1', provider: 'aliyun', domains: clear.websites[0]!.domains })]);
    expect(latestFiled(desk.ctx, pending!.id)).toBeNull();
  });
});
