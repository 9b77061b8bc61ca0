// Migration 0016 rebuilds lease_conflict on SQLite (a CHECK cannot be altered there): a conflict listed
// by a version-13 store is still there after it, settled or not, as a row both sides changed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { conflictsOfLeases, insertConflict, insertLease } from '../../../main/db/repositories/leases';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { turnBackToVersion } from '../../support/olderStore';

describe('migration 0016 (lease-carry)', () => {
  it('keeps the conflicts of a version-13 store, as edits without a reason, and takes order conflicts after it', async () => {
    const dataDir = tempDir();
    let desk = await openTestDesk(dataDir);
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const leaseId = await desk.sql.tx(async () => {
      const id = await insertLease(desk.ctx, { leaseKey: '00000000-0000-4000-8000-000000000001', side: 'lent', entityId: c!.id, deskName: '拍照点笔记本', rowVersions: {} });
      await insertConflict(desk.ctx, { leaseId: id, target: 'person', targetId: c!.personIds.p1!, baseVersion: 1, serverVersion: 2, laptopFields: '{"name":"张三"}' });
      return id;
    });
    await desk.close();

    turnBackToVersion(join(dataDir, DB_FILE_NAME), 13);

    desk = await openTestDesk(dataDir);
    expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const [kept] = await conflictsOfLeases(desk.ctx, [leaseId], true);
    expect(kept).toMatchObject({ target_type: 'person', target_id: c!.personIds.p1, base_version: 1, server_version: 2, laptop_fields: '{"name":"张三"}', kind: 'edit', reason: null, settled: null });
    await desk.sql.tx(() => insertConflict(desk.ctx, { leaseId, target: 'order', targetId: 1, baseVersion: 1, serverVersion: null, laptopFields: '{}', kind: 'serverDeleted', reason: '原因' }));
    expect((await conflictsOfLeases(desk.ctx, [leaseId], true)).map((r) => [r.id > kept!.id, r.target_type, r.kind])).toEqual([[false, 'person', 'edit'], [true, 'order', 'serverDeleted']]);
    await desk.close();
  });
});
