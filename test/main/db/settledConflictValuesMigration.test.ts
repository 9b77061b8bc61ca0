// Migration 0033: conflicts settled before it kept the laptop's values (a person's name, 证件号码, mobile …)
// until their lease or client was deleted; the upgrade drops them, and leaves an open conflict's values to be
// settled — a desk's own file and a team database alike.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertConflict, insertLease } from '../../../main/db/repositories/leases';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { expectRefusedByBuildBefore } from '../../support/olderStore';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('migration 0033 (settled-conflict-values)', (openDesk, dialect) => {
  it('drops the laptop’s values of conflicts settled before it, and keeps an open conflict’s', async () => {
    const old = await openDesk();
    const [c] = await createClients(old, [clientRecordSchema.parse(companyRecord(1))]);
    const values = JSON.stringify({ name: '李000001', mobile: old.ctx.codec.seal('mobile', '13622223333') });
    await old.sql.tx(async () => {
      const lease = await insertLease(old.ctx, { leaseKey: 'lease-1', side: 'lent', entityId: c!.id, deskName: '拍照点笔记本', rowVersions: {} });
      for (const id of [c!.personIds.p1!, c!.personIds.p2!]) await insertConflict(old.ctx, { leaseId: lease, target: 'person', targetId: id, baseVersion: 1, serverVersion: 2, laptopFields: values });
    });
    // the first settled as a build before 0033 settled it: its values left in place
    const [settled] = await old.ctx.db.selectFrom('lease_conflict').select('id').orderBy('id').execute();
    await old.ctx.db.updateTable('lease_conflict').set({ settled: 'server', settled_at: old.ctx.now(), settled_by: 'tester' }).where('id', '=', settled!.id).execute();
    if (dialect === 'sqlite') old.sql.raw.pragma('user_version = 32');
    else await sql`UPDATE schema_version SET version = 32`.execute(old.ctx.db);
    await old.close();

    const desk = await openDesk({ dataDir: old.dataDir });
    const rows = await desk.ctx.db.selectFrom('lease_conflict').select(['laptop_fields', 'settled']).orderBy('id').execute();
    expect(rows).toEqual([{ laptop_fields: '{}', settled: 'server' }, { laptop_fields: values, settled: null }]);
  }, 60_000);

  if (dialect === 'sqlite') {
    it('is refused by a build from before 0033 (DB_TOO_NEW), the store untouched', async () => {
      await expectRefusedByBuildBefore(33);
    });
  }
});
