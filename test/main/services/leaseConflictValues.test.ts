// The laptop's values a check-in keeps in lease_conflict for a person to settle are personal data (a
// person's name, 证件号码, mobile, e-mail): kept only while the conflict is open, named in that person's
// access export meanwhile, and gone with the settling, with the person's deletion and with the client's.
import { expect, it } from 'vitest';
import { personFieldsOf } from '../../../main/db/repositories/people';
import type { Desk } from '../../../main/desk';
import { deleteClient, editPerson, getClientClear } from '../../../main/services/clients';
import { leaseConflicts, settleConflict } from '../../../main/services/leaseCheckin';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { checkIn, clientByCert, lentToLaptop } from '../../support/leases';

const conflictRows = (desk: Desk) => desk.ctx.db.selectFrom('lease_conflict').select(['id', 'laptop_fields', 'settled']).orderBy('id').execute();

/** Both sides changed the second person (李, the website's 负责人) of the first client: one conflict holding the laptop's values. */
async function conflictOnLi(openDesk: OpenDesk) {
  const lent = await lentToLaptop(openDesk);
  const { server, laptop, ids, leaseId, certs } = lent;
  const li = (await getClientClear(server, ids[0]!)).people[1]!;
  await editPerson(server, li.id, { ...personFieldsOf(li), mobile: '13911112222' }, li.rowVersion);
  const there = (await clientByCert(laptop, certs[0]!)).people[1]!;
  await editPerson(laptop, there.id, { ...personFieldsOf(there), mobile: '13622223333', email: 'laptop@example.cn' }, there.rowVersion);
  expect(await checkIn(server, laptop, leaseId)).toMatchObject({ conflicts: 1, closed: false });
  const [c] = await leaseConflicts(server, leaseId);
  return { ...lent, li, laptopLi: { ...personFieldsOf(there), mobile: '13622223333', email: 'laptop@example.cn' }, conflictId: c!.id };
}

describeEachStore('personal values held in a check-in’s conflicts', (openDesk) => {
  it('drops the laptop’s values in the transaction that settles the conflict, either way; a second settle still says who settled it', async () => {
    for (const keep of ['server', 'laptop'] as const) {
      const { server, conflictId } = await conflictOnLi(openDesk);
      const [before] = await conflictRows(server);
      // sealed at rest, but there
      expect(before!.laptop_fields).toContain('"name"');
      expect(await settleConflict(server, conflictId, keep)).toEqual({ leaseClosed: true });
      expect(await conflictRows(server)).toEqual([{ id: before!.id, laptop_fields: '{}', settled: keep }]);
      await expect(settleConflict(server, conflictId, 'server')).rejects.toThrow('已由张经理（zhang）于');
    }
  }, 120_000);

  it('removes a client’s conflicts with the client', async () => {
    const { server, ids, conflictId } = await conflictOnLi(openDesk);
    await settleConflict(server, conflictId, 'server');
    await deleteClient(server, ids[0]!);
    expect(await conflictRows(server)).toEqual([]);
  }, 60_000);

});
