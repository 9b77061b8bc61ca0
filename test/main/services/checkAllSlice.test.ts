// check-all's slice read with the run's keys held twice (services/checkAllSlice.ts keysHeldTwice): a key outside
// them, held by its one asker as stored, is not looked up — and what each client is told of other clients must be
// exactly what looking every key up tells it: with keys shared, with a client whose stored key is not the one
// its record makes, and after an edit made since the keys held twice were read.
import { expect, it } from 'vitest';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import type { Desk } from '../../../main/desk';
import { verdictsOfColumns } from '../../../main/db/repositories/verdicts';
import { keysHeldTwice, readSlice, type KeysHeldTwice } from '../../../main/services/checkAllSlice';
import { endReaders, newReaderRun, readAndCheckSlice, shareKeysHeldTwice, type SharedKeysHeldTwice } from '../../../main/services/checkAllWorker';
import { editWebsite, getClientClear } from '../../../main/services/clients';
import { sharingStore } from '../../support/sharingStore';

/** What each client of the slice is told of other clients: its domains' and 证件号码's holders. */
async function toldOf(desk: Desk, ids: number[], heldTwice?: KeysHeldTwice): Promise<unknown> {
  const read = await desk.sql.tx(() => readSlice({ ctx: desk.ctx, openOrderFindings: null, ...(heldTwice ? { heldTwice } : {}) }, ids));
  return read.toCheck.map((c) => ({ id: c.id, domains: [...c.facts.domains], certs: [...c.facts.certs] }));
}

const heldBeyond = (told: unknown) => (told as { domains: [string, unknown[]][]; certs: [string, { holders: unknown[] }][] }[]).flatMap((c) => [...c.domains.filter(([, h]) => h.length), ...c.certs.filter(([, x]) => x.holders.length)]).length;

it('reads the keys held more than once, and the audit log\'s newest entry', async () => {
  const { desk } = await sharingStore();
  const held = await keysHeldTwice(desk.ctx);
  expect([...held.domains].sort()).toEqual(['gongyong.cn', 'shili000001.cn']);
  expect(held.certs.size).toBe(1);
  expect(held.lastAudit).toBeGreaterThan(0);
});

it('tells each client of the same holders as looking every key up, whether its slice is whole or one client', async () => {
  const { desk, ids } = await sharingStore();
  const held = await keysHeldTwice(desk.ctx);
  const everyKey = await toldOf(desk, ids);
  expect(heldBeyond(everyKey)).toBe(6); // 1 and 4 of shili000001.cn, 4 of gongyong.cn and 6 of it, 2 and 5 of each other's number
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  for (const id of ids) expect(await toldOf(desk, [id], held)).toEqual(await toldOf(desk, [id]));
});

it('looks up a key its asker does not hold as stored (a stored key not the one its record makes)', async () => {
  const { desk, ids } = await sharingStore();
  // client 2 takes client 3's domain, and its row keeps another punycode form than the one its name makes today
  const site = (await getClientClear(desk, ids[1]!)).websites[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000003.cn'] });
  desk.sql.raw.prepare("UPDATE domain SET ascii_name = 'old-form.example' WHERE entity_id = ? AND name = 'shili000003.cn'").run(ids[1]!);
  const held = await keysHeldTwice(desk.ctx);
  // shili000003.cn is now held by one row (client 3's): outside the keys held twice
  expect(held.domains.has('shili000003.cn')).toBe(false);
  const everyKey = await toldOf(desk, ids);
  expect(heldBeyond(everyKey)).toBe(7); // client 2 is told that client 3 holds shili000003.cn
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  expect(await toldOf(desk, [ids[1]!], held)).toEqual(await toldOf(desk, [ids[1]!]));
});

it('after an edit since the keys held twice were read, looks every key up again', async () => {
  const { desk, ids } = await sharingStore();
  const held = await keysHeldTwice(desk.ctx);
  // client 3 takes client 5's domain after the run read its keys held twice
  const site = (await getClientClear(desk, ids[2]!)).websites[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000005.cn'] });
  expect(held.domains.has('shili000005.cn')).toBe(false);
  const everyKey = await toldOf(desk, ids);
  expect(heldBeyond(everyKey)).toBe(8); // clients 3 and 5 of each other, besides the six before
  expect(await toldOf(desk, ids, held)).toEqual(everyKey);
  for (const id of [ids[4]!, ids[2]!]) expect(await toldOf(desk, [id], held)).toEqual(await toldOf(desk, [id]));
});

it('a worker handed the run\'s keys held twice in shared memory gives the verdicts of looking every key up, an edit since or not', async () => {
  const { desk, ids } = await sharingStore();
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
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000005.cn'] });
    const afterEdit = await share();
    expect(afterEdit).not.toEqual(everyKey);
    expect(await share(held)).toEqual(afterEdit);
    expect(await share(shareKeysHeldTwice(await desk.sql.tx(() => keysHeldTwice(desk.ctx))))).toEqual(afterEdit);
  } finally {
    endReaders(run);
  }
});
