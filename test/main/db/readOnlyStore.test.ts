// A worker's read-only connection to the desk's file (db/readOnlyStore.ts): inOneSnapshot reads in one
// snapshot while the owner commits beside it, and leaves no transaction open however its reads end.
import { expect, it } from 'vitest';
import { inOneSnapshot, openReadOnlyStore } from '../../../main/db/readOnlyStore';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk } from '../../helpers';

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
