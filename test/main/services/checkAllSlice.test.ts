// check-all's slice read with the run's keys held twice (services/checkAllSlice.ts keysHeldTwice): a key outside
// them, held by its one asker as stored, is not looked up — and what each client is told of other clients must be
// exactly what looking every key up tells it: with keys shared, with a client whose stored key is not the one
// its record makes, and after an edit made since the keys held twice were read.
import { expect, it } from 'vitest';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { verdictsOfColumns } from '../../../main/db/repositories/verdicts';
import { keysHeldTwice, readSlice, type KeysHeldTwice } from '../../../main/services/checkAllSlice';
import { endReaders, newReaderRun, readAndCheckSlice, shareKeysHeldTwice, type SharedKeysHeldTwice } from '../../../main/services/checkAllWorker';
import { createClients, editWebsite, getClientClear } from '../../../main/services/clients';
import { companyRecord, personId } from '../../fixtures/records';
import { openTestDesk } from '../../helpers';

async function store(): Promise<{ desk: Desk; ids: number[] }> {
  const desk = await openTestDesk();
  const records = Array.from({ length: 6 }, (_, i) => companyRecord(i + 1));
  // a domain two clients hold, and a 证件号码 two clients' people hold
  records[3] = companyRecord(4, { domains: ['shili000004.cn', 'gongyong.cn'] });
  records[5] = companyRecord(6, { domains: ['gongyong.cn'] });
  records[4]!.people![0] = { ...records[4]!.people![0]!, certNumber: personId(2), name: '王另名' };
  const ids = (await createClients(desk, records.map((r) => clientRecordSchema.parse(r)))).map((c) => c.id);
  return { desk, ids };
}

/** What each client of the slice is told of other clients: its domains' and 证件号码's holders. */
async function toldOf(desk: Desk, ids: number[], heldTwice?: KeysHeldTwice): Promise<unknown> {
  const read = await desk.sql.tx(() => readSlice({ ctx: desk.ctx, openOrderFindings: null, ...(heldTwice ? { heldTwice } : {}) }, ids));
  return read.toCheck.map((c) => ({ id: c.id, domains: [...c.facts.domains], certs: [...c.facts.certs] }));
}

const heldBeyond = (told: unknown) => (told as { domains: [string, unknown[]][]; certs: [string, { holders: unknown[] }][] }[]).flatMap((c) => [...c.domains.filter(([, h]) => h.length), ...c.certs.filter(([, x]) => x.holders.length)]).length;

it('reads the keys held more than once, and the audit log\'s newest entry', async () => {
  const { desk } = await store();
  const held = await keysHeldTwice(desk.ctx);
  expect([...held.domains]).toEqual(['gongyong.cn']);
  expect(held.certs.size).toBe(1);
  expect(held.lastAudit).toBeGreaterThan(0);
});

it('tells each client of the same holders as looking every key up, whether its slice is whole or one client', async () => {
  const { desk, ids } = await store();
  const held = await keysHeldTwice(desk.ctx);
  const everyKey = await toldOf(desk, ids);
  expect(heldBeyond(everyKey)).toBe(4); // clients 4 and 6 of each other's domain, 2 and 5 of each other's number
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  for (const id of ids) expect(await toldOf(desk, [id], held)).toEqual(await toldOf(desk, [id]));
});

it('looks up a key its asker does not hold as stored (a stored key not the one its record makes)', async () => {
  const { desk, ids } = await store();
  // client 2 takes client 1's domain, and its row keeps another punycode form than the one its name makes today
  const site = (await getClientClear(desk, ids[1]!)).websites[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000001.cn'] });
  desk.sql.raw.prepare("UPDATE domain SET ascii_name = 'old-form.example' WHERE entity_id = ? AND name = 'shili000001.cn'").run(ids[1]!);
  const held = await keysHeldTwice(desk.ctx);
  // shili000001.cn is now held by one row (client 1's): outside the keys held twice
  expect(held.domains.has('shili000001.cn')).toBe(false);
  const everyKey = await toldOf(desk, ids);
  expect(JSON.stringify(everyKey)).toContain('shili000001.cn');
  expect(heldBeyond(everyKey)).toBe(5); // client 2 is told that client 1 holds shili000001.cn
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  expect(await toldOf(desk, [ids[1]!], held)).toEqual(await toldOf(desk, [ids[1]!]));
});

it('after an edit since the keys held twice were read, looks every key up again', async () => {
  const { desk, ids } = await store();
  const held = await keysHeldTwice(desk.ctx);
  // client 3 takes client 1's domain after the run read its keys held twice
  const site = (await getClientClear(desk, ids[2]!)).websites[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000001.cn'] });
  expect(held.domains.has('shili000001.cn')).toBe(false);
  const everyKey = await toldOf(desk, ids);
  expect(heldBeyond(everyKey)).toBe(6); // clients 1 and 3 of each other, besides the four before
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  for (const id of [ids[0]!, ids[2]!]) expect(await toldOf(desk, [id], held)).toEqual(await toldOf(desk, [id]));
});

it('a worker handed the run\'s keys held twice in shared memory gives the verdicts of looking every key up, an edit since or not', async () => {
  const { desk, ids } = await store();
  const keys = () => ({ field: new Uint8Array(desk.vault.derived().field), index: new Uint8Array(desk.vault.derived().index) });
  const today = new Date();
  const run = newReaderRun();
  const share = async (heldTwice?: SharedKeysHeldTwice, of = ids) => verdictsOfColumns((await readAndCheckSlice({ store: desk.sqliteFile!, keys: keys(), ids: of, today, validityWarnDays: 30, run, ...(heldTwice ? { heldTwice } : {}) })).columns);
  try {
    const held = shareKeysHeldTwice(await desk.sql.tx(() => keysHeldTwice(desk.ctx)));
    expect(held.text).toBeInstanceOf(SharedArrayBuffer);
    const everyKey = await share();
    expect(await share(held)).toEqual(everyKey);
    // each client alone in its share: a key two clients hold is asked by one of them only
    for (const id of ids) expect(await share(held, [id])).toEqual(await share(undefined, [id]));
    const site = (await getClientClear(desk, ids[2]!)).websites[0]!;
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000001.cn'] });
    const afterEdit = await share();
    expect(afterEdit).not.toEqual(everyKey);
    expect(await share(held)).toEqual(afterEdit);
    expect(await share(shareKeysHeldTwice(await desk.sql.tx(() => keysHeldTwice(desk.ctx))))).toEqual(afterEdit);
  } finally {
    endReaders(run);
  }
});
