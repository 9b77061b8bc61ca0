// A worker's read-only connection to the desk's file or the team database (db/readOnlyStore.ts): inOneSnapshot
// reads in one snapshot while the owner commits beside it (on PostgreSQL also in another connection's exported
// snapshot), and leaves no transaction open however its reads end; the team database refuses its writes.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { exportSnapshot, inOneSnapshot, openReadOnlyStore } from '../../../main/db/readOnlyStore';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk } from '../../helpers';
import { describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';

it('reads in one snapshot beside the owner\'s commits, and ends its transaction however its reads end', async () => {
  const desk = await openTestDesk();
  await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
  const reader = openReadOnlyStore(desk.sqliteFile!);
  const count = () => (reader.raw.prepare('SELECT count(*) AS n FROM entity').get() as { n: number }).n;
  try {
    const seen = await inOneSnapshot(reader, async () => {
      const before = count();
      await createClients(desk, [clientRecordSchema.parse(companyRecord(2))]);
      return [before, count()];
    });
    expect(seen).toEqual([1, 1]);
    expect(reader.raw.inTransaction).toBe(false);
    expect(count()).toBe(2);
    await expect(inOneSnapshot(reader, () => Promise.reject(new Error('读取失败')))).rejects.toThrow('读取失败');
    expect(reader.raw.inTransaction).toBe(false);
  } finally {
    await reader.close();
  }
});

describePostgres('a worker\'s read-only connection to the team database', () => {
  it('reads in one snapshot beside the owner\'s commits, or in another connection\'s exported one, and refuses every write', async () => {
    const { url } = await migratedTestDatabase();
    const desk = await openTestDesk(undefined, { store: await openPostgresStore(url, { poolSize: 2 }) });
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const reader = openReadOnlyStore({ postgres: url });
    const exporter = openReadOnlyStore({ postgres: url });
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM entity`.execute(reader.db)).rows[0]!.n);
    try {
      const seen = await inOneSnapshot(reader, async () => {
        const before = await count();
        await createClients(desk, [clientRecordSchema.parse(companyRecord(2))]);
        return [before, await count()];
      });
      expect(seen).toEqual([1, 1]);
      expect(await count()).toBe(2);
      await expect(inOneSnapshot(reader, () => Promise.reject(new Error('读取失败')))).rejects.toThrow('读取失败');
      // a write is refused by the server, in or out of a transaction
      await expect(sql`UPDATE entity SET remark = 'x'`.execute(reader.db)).rejects.toThrow(/read-only transaction/);
      await expect(inOneSnapshot(reader, () => sql`DELETE FROM entity`.execute(reader.db))).rejects.toThrow(/read-only transaction/);
      // another connection's snapshot: what it saw when exported, while it stays open
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let exported!: (id: string) => void;
      const id = new Promise<string>((r) => (exported = r));
      const holding = inOneSnapshot(exporter, async () => {
        exported(await exportSnapshot(exporter));
        await released;
      });
      const snapshot = await id;
      await createClients(desk, [clientRecordSchema.parse(companyRecord(3))]);
      expect(await inOneSnapshot(reader, count, snapshot)).toBe(2);
      expect(await count()).toBe(3);
      await expect(inOneSnapshot(reader, count, "1'; DROP TABLE entity; --")).rejects.toThrow('不是数据库快照的标识');
      release();
      await holding;
      await expect(inOneSnapshot(reader, count, snapshot)).rejects.toThrow(/snapshot/i);
    } finally {
      await reader.close();
      await exporter.close();
      await desk.close();
    }
  });
});
