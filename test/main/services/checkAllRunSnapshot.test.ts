// check-all on PostgreSQL with the run's keys held twice (services/checkAllSlice.ts holdRunSnapshot): the keys are
// read in a snapshot held open for the run and every share reads in that same snapshot, because there the audit
// log cannot vouch for a later one (its entries are numbered at insert and committed in any order). A worker
// handed the keys without that snapshot looks every key up.
import { afterEach, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { verdictsOfColumns } from '../../../main/db/repositories/verdicts';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import type { Desk } from '../../../main/desk';
import { holdRunSnapshot, keysHeldTwice, type RunSnapshot } from '../../../main/services/checkAllSlice';
import { endReaders, newReaderRun, readAndCheckSlice, shareKeysHeldTwice, type SharedKeysHeldTwice } from '../../../main/services/checkAllWorker';
import { editWebsite, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { openTestDesk } from '../../helpers';
import { describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';
import { sharingStore } from '../../support/sharingStore';

describePostgres('check-all\'s keys held twice on PostgreSQL, in the run\'s snapshot', () => {
  let url = '';
  const open = async () => {
    url = (await migratedTestDatabase()).url;
    return await openTestDesk(undefined, { store: await openPostgresStore(url, { poolSize: 4 }) });
  };
  const held: RunSnapshot[] = [];
  afterEach(async () => {
    for (const h of held.splice(0)) await h.end();
  });
  const today = new Date();
  const keysOf = (desk: Desk) => ({ field: new Uint8Array(desk.vault.derived().field), index: new Uint8Array(desk.vault.derived().index) });
  /** One share's verdicts, each client's rule ids (sorted), read on a worker's own connection. */
  const share = async (desk: Desk, ids: number[], heldTwice?: SharedKeysHeldTwice) => {
    const run = newReaderRun();
    try {
      const columns = (await readAndCheckSlice({ store: { postgres: url }, run, keys: keysOf(desk), ids, today, validityWarnDays: 30, ...(heldTwice ? { heldTwice } : {}) })).columns;
      return verdictsOfColumns(columns).map((v) => ({ id: v.id, digest: v.findingsDigest, keys: v.keys }));
    } finally {
      endReaders(run);
    }
  };
  const domainsOf = async (desk: Desk, id: number) => (await getClientClear(desk, id)).websites[0]!;

  it('reads the keys held twice in a snapshot that later writes do not change, and a share read in it gives the verdicts of that moment', async () => {
    const { desk, ids } = await sharingStore(open);
    const before = await share(desk, ids);
    const snapshot = await holdRunSnapshot({ postgres: url }, desk.ctx.codec);
    held.push(snapshot);
    expect([...snapshot.keys.domains].sort()).toEqual(['gongyong.cn', 'shili000001.cn']);
    expect(snapshot.id).toMatch(/^[0-9A-F]+(-[0-9A-F]+)+$/i);
    // after the snapshot client 6 gives up gongyong.cn, which client 4 holds too
    const site = await domainsOf(desk, ids[5]!);
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: ['shili000006.cn'] });
    const now = await share(desk, ids);
    expect(now).not.toEqual(before);
    // in the run's snapshot: the store as it was when the keys were read, holders looked up or not
    const inSnapshot = shareKeysHeldTwice(snapshot.keys, snapshot.id);
    expect(await share(desk, ids, inSnapshot)).toEqual(before);
    for (const id of ids) expect(await share(desk, [id], inSnapshot)).toEqual(before.filter((v) => v.id === id));
    // once the run's snapshot has ended, a share cannot read in it (the server refuses the id), and says so
    await snapshot.end();
    held.splice(0);
    await expect(share(desk, ids, inSnapshot)).rejects.toThrow(/snapshot/i);
    await desk.close();
  }, 120_000);

  it('a worker handed the keys without the snapshot they were read in looks every key up, though the audit log shows no newer entry', async () => {
    const { desk, ids } = await sharingStore(open);
    // A write that takes client 5's domain for client 3 is given its audit entry's number first and commits last: the
    // keys held twice read between (with the newest entry, another write's) do not see it, and no entry is newer after it.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const inside = new Promise<void>((r) => (written = r));
    const site = await domainsOf(desk, ids[2]!);
    const slow = desk.sql.tx(async () => {
      await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000005.cn'] });
      written();
      await gate;
    });
    await inside;
    const other = await getClientClear(desk, ids[0]!);
    await updateClientEntity(desk, ids[0]!, { ...entityFieldsOf(other), mailingAddress: '广东省深圳市南山区另一地址1号' });
    const keys = await desk.sql.tx(() => keysHeldTwice(desk.ctx));
    release();
    await slow;
    expect(keys.domains.has('shili000005.cn')).toBe(false);
    expect(await desk.sql.tx(() => keysHeldTwice(desk.ctx))).toMatchObject({ lastAudit: keys.lastAudit });
    const everyKey = await share(desk, ids);
    // clients 3 and 5 are each told of the other
    expect(await share(desk, ids, shareKeysHeldTwice(keys))).toEqual(everyKey);
    for (const id of [ids[2]!, ids[4]!]) expect(await share(desk, [id], shareKeysHeldTwice(keys))).toEqual(everyKey.filter((v) => v.id === id));
    await desk.close();
  }, 120_000);
});
