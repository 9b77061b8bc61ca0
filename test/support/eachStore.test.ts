// openSeededDesk (eachStore.ts) writes a set of clients once per test process and copies that folder for every
// later desk asking for the same clients: each copy must be the store createClients writes, and a desk of its own.
// openSnapshot (the lease suites' server + laptop pairs, built once per file) likewise: the closed desk's store.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { listAudit } from '../../main/db/repositories/audit';
import type { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients, exportClient, listClients } from '../../main/services/clients';
import { addMaterial, listMaterials, readMaterial } from '../../main/services/materials';
import { materialJpeg } from '../fixtures/materials';
import { companyRecord } from '../fixtures/records';
import { describeEachStore, openSnapshot, snapshotDesk } from './eachStore';

/** Every client of a desk as the export gives it, in id order. */
async function clientsOf(desk: Desk) {
  const { items, total } = await listClients(desk, { offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc' });
  expect(items).toHaveLength(total);
  const ids = items.map((c) => c.id).sort((a, b) => a - b);
  return { ids, records: await Promise.all(ids.map(async (id) => (await exportClient(desk, id, true)).record)) };
}

describeEachStore('seeded desks', (openDesk, _dialect, openSeededDesk) => {
  it('gives every desk seeded with the same clients the store createClients writes, each a store of its own', async () => {
    // numbers no other suite seeds: the first desk of the file is written by createClients, every later one copied
    const records = [7101, 7102, 7103].map((n) => clientRecordSchema.parse(companyRecord(n)));
    const first = await openSeededDesk(records);
    const second = await openSeededDesk(records);
    const written = await openDesk();
    const created = await createClients(written, records);
    expect(second.created).toEqual(created);
    expect(first.created).toEqual(created);
    const expected = await clientsOf(written);
    expect(expected.records.map((r) => r.entity.name)).toEqual(records.map((r) => r.entity.name));
    expect(await clientsOf(first.desk)).toEqual(expected);
    expect(await clientsOf(second.desk)).toEqual(expected);
    // a desk of its own: what one copy writes the other does not hold, and the ids go on from the same place
    expect(second.desk.dataDir).not.toBe(first.desk.dataDir);
    const [added] = await createClients(second.desk, [clientRecordSchema.parse(companyRecord(7104))]);
    const [addedWritten] = await createClients(written, [clientRecordSchema.parse(companyRecord(7104))]);
    expect(added!.id).toBe(addedWritten!.id);
    expect((await clientsOf(first.desk)).ids).toEqual(expected.ids);
    expect((await clientsOf(second.desk)).ids).toEqual([...expected.ids, added!.id]);
  });

  it('opens every copy of a closed desk (snapshotDesk, openSnapshot) on the store it held, with its materials, each a store of its own', async () => {
    const desk = await openDesk({ actor: '快照' });
    const records = [7201, 7202].map((n) => clientRecordSchema.parse(companyRecord(n)));
    const made = await createClients(desk, records);
    await addMaterial(desk, { entityId: made[0]!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('snapshot') });
    const expected = await clientsOf(desk);
    const material = (await listMaterials(desk, made[0]!.id))[0]!;
    const snapshot = await snapshotDesk(desk);
    const [one, two] = [await openSnapshot(snapshot, { actor: '快照' }), await openSnapshot(snapshot, { actor: '快照' })];
    for (const copy of [one, two]) {
      expect(copy.dataDir).not.toBe(desk.dataDir);
      expect(await clientsOf(copy)).toEqual(expected);
      expect(createHash('sha256').update((await readMaterial(copy, material.id)).data).digest('hex')).toBe(material.sha256);
    }
    // what one copy writes, the other copy does not hold; a copy's folder opened again is the same store
    const [added] = await createClients(one, [clientRecordSchema.parse(companyRecord(7203))]);
    expect((await clientsOf(two)).ids).toEqual(expected.ids);
    const again = await openDesk({ dataDir: one.dataDir });
    expect((await clientsOf(again)).ids).toEqual([...expected.ids, added!.id]);
    expect((await listAudit(again.ctx, { entityId: added!.id, limit: 10 })).filter((a) => a.action === 'entity.create').map((a) => a.actor)).toEqual(['快照']);
  });
});
