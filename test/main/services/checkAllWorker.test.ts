// What a worker of check-all's cold run does on SQLite (services/checkAllWorker.ts), in this thread: it
// reads its share from a read-only connection of its own, opens the sealed fields with the key handed to
// it, gives the verdicts the store's thread would give from the same slice, and wipes its copy of the key
// when the task ends, failed or not. The connection cannot write.
import { expect, it } from 'vitest';
import { openReadOnlyStore } from '../../../main/db/readOnlyStore';
import { getEntity } from '../../../main/db/repositories/entities';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { checkRecords, findingsDigest, recordFindings } from '../../../main/rules/checkRecords';
import { readSlice } from '../../../main/services/checkAllSlice';
import { keysOfText, keysText, revisionsOf, verdictsOfColumns } from '../../../main/db/repositories/verdicts';
import { endReaders, newReaderRun, readAndCheckSlice, type ReaderKeys } from '../../../main/services/checkAllWorker';
import { readerNotices, until } from '../../support/readerNotices';
import { createClients } from '../../../main/services/clients';
import { createOrder } from '../../../main/services/orders';
import { companyRecord, personId } from '../../fixtures/records';
import { sharingStore } from '../../support/sharingStore';

const today = new Date();

async function store(): Promise<{ desk: Desk; ids: number[] }> {
  const { desk, ids } = await sharingStore();
  await createOrder(desk, { entityId: ids[2]!, type: '首次备案', provider: 'tencent' });
  return { desk, ids };
}

const keysOf = (desk: Desk): ReaderKeys => ({ field: new Uint8Array(desk.vault.derived().field), index: new Uint8Array(desk.vault.derived().index) });
const wiped = (k: ReaderKeys) => k.field.length === 32 && k.index.length === 32 && [...k.field, ...k.index].every((b) => b === 0);

it('reads and checks a share as the store\'s thread would, sets a client with an open order aside, and wipes its key', async () => {
  const { desk, ids } = await store();
  const keys = keysOf(desk);
  const onWorker = await readAndCheckSlice({ store: desk.sqliteFile!, keys, ids, today, validityWarnDays: 30 });
  expect(wiped(keys)).toBe(true);
  // the same share read on the store's thread, its own connection and codec
  const read = await readSlice({ ctx: desk.ctx, openOrderFindings: null }, ids);
  const here = checkRecords({ today, validityWarnDays: 30, clients: read.toCheck });
  // handed back in columns: the same verdicts, each key once in (kind, shared) order, the client with an open order aside
  const verdicts = verdictsOfColumns(onWorker.columns);
  expect(verdicts).toEqual(here.map((c) => ('incomplete' in c ? c : { ...c, keys: keysOfText(keysText(c.keys)) })));
  expect(verdicts.flatMap((v) => v.keys).length).toBeGreaterThan(0);
  expect(onWorker.aside).toEqual([ids[2]!]);
  // the sealed fields were opened and the shared keys answered: a shared domain and 证件号码 were found
  // (the findings of a client worked out again on this thread: the worker's verdict keeps their digest)
  const rules = (id: number) => {
    const all = recordFindings(read.toCheck.find((c) => c.id === id)!, today, 30)!.findings;
    expect(verdicts.find((c) => c.id === id)!.findingsDigest).toBe(findingsDigest(all));
    return all;
  };
  expect(rules(ids[3]!).map((f) => f.ruleId)).toContain('V-DOM-11');
  expect(rules(ids[1]!).map((f) => f.ruleId)).toContain('V-ID-10');
  expect(rules(ids[4]!).map((f) => f.ruleId)).toContain('V-ID-10');
});

it('leaves out a client read at another revision than the run began from (written to since), set aside or not', async () => {
  const { desk, ids } = await store();
  const now = await revisionsOf(desk.ctx, ids);
  // as if two clients were written to after the run began
  const moved = new Set([ids[0]!, ids[2]!]);
  const asOfRunStart = ids.map((id) => now.get(id)! - (moved.has(id) ? 1 : 0));
  const onWorker = await readAndCheckSlice({ store: desk.sqliteFile!, keys: keysOf(desk), ids, revisions: asOfRunStart, today, validityWarnDays: 30 });
  expect(verdictsOfColumns(onWorker.columns).map((v) => v.id)).toEqual(ids.filter((id) => !moved.has(id)));
  // ids[2] has an open order: left out rather than set aside for the store's thread
  expect(onWorker.aside).toEqual([]);
  const read = await readSlice({ ctx: desk.ctx, openOrderFindings: null, revisionOf: (id) => asOfRunStart[ids.indexOf(id)] }, ids);
  expect(read.moved).toEqual([ids[0]!, ids[2]!]);
  expect(read.toCheck.map((c) => c.id)).toEqual(ids.filter((id) => !moved.has(id)));
});

it('wipes its key when the task fails', async () => {
  const { desk, ids } = await store();
  const keys = keysOf(desk);
  await expect(readAndCheckSlice({ store: { file: `${desk.sqliteFile!.file}.absent` }, keys, ids, today, validityWarnDays: 30 })).rejects.toMatchObject({ code: 'DB_CORRUPT' });
  expect(wiped(keys)).toBe(true);
  // a wrong key: a sealed field does not open, the client is named as damaged, and the key is wiped all the same
  const wrong: ReaderKeys = { field: new Uint8Array(32).fill(7), index: new Uint8Array(32).fill(7) };
  await expect(readAndCheckSlice({ store: desk.sqliteFile!, keys: wrong, ids, today, validityWarnDays: 30 })).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
  expect(wiped(wrong)).toBe(true);
});

it('reads a run\'s shares on one connection kept between them, closed when the run ends or a task of it fails, its key wiped after every task', async () => {
  const { desk, ids } = await store();
  const notices = readerNotices();
  const share = async (run: string | undefined, part: number[], keys = keysOf(desk)) => {
    const p = readAndCheckSlice({ store: desk.sqliteFile!, ...(run ? { run } : {}), keys, ids: part, today, validityWarnDays: 30 });
    try {
      return await p;
    } finally {
      expect(wiped(keys)).toBe(true);
    }
  };
  try {
    // a task without a run: a connection of its own, closed with it (none kept)
    await share(undefined, ids.slice(0, 2));
    // the shares of one run: one connection, kept between them, and the same verdicts as read alone
    const run = newReaderRun();
    const first = await share(run, ids.slice(0, 2));
    await share(run, ids.slice(2));
    expect(verdictsOfColumns(first.columns)).toEqual(verdictsOfColumns((await share(undefined, ids.slice(0, 2))).columns));
    await until(() => notices.opened.length === 1);
    expect(notices.opened).toEqual([run]);
    expect(notices.closed).toEqual([]);
    // the run's end closes it
    endReaders(run);
    await until(() => notices.closed.length === 1);
    expect(notices.closed).toEqual([run]);
    // a task of another run closes the previous run's connection (its end not heard)
    const [a, c] = [newReaderRun(), newReaderRun()];
    await share(a, ids.slice(0, 2));
    await share(c, ids.slice(0, 2));
    await until(() => notices.closed.length === 2);
    expect(notices.closed[1]).toBe(a);
    // a task that fails closes its run's connection at once: a wrong key, the client named as damaged
    await expect(share(c, ids.slice(0, 2), { field: new Uint8Array(32).fill(7), index: new Uint8Array(32).fill(7) })).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
    await until(() => notices.closed.length === 3);
    expect(notices.closed[2]).toBe(c);
    expect(notices.opened).toEqual([run, a, c]);
    expect(notices.allClosed()).toBe(true);
  } finally {
    notices.stop();
  }
});

it('reads beside the store\'s open write transaction, and its connection cannot write', async () => {
  const { desk, ids } = await store();
  const reader = openReadOnlyStore(desk.sqliteFile!);
  try {
    expect(() => reader.raw.prepare('DELETE FROM entity').run()).toThrow(/readonly/i);
    // the store's thread holds a write transaction (BEGIN IMMEDIATE) while the worker reads: WAL lets it
    await desk.sql.tx(async () => {
      await desk.ctx.db.updateTable('entity').set({ name: '写入中' }).where('id', '=', ids[0]!).execute();
      const keys = keysOf(desk);
      const checked = await readAndCheckSlice({ store: desk.sqliteFile!, keys, ids: [ids[0]!], today, validityWarnDays: 30 });
      expect(checked.columns.ids).toHaveLength(1);
    });
  } finally {
    await reader.close();
  }
});

it('tells a client of the holders of its domains and 证件号码 outside its share, as when they are read in one share', async () => {
  const { desk, ids } = await store();
  const whole = verdictsOfColumns((await readAndCheckSlice({ store: desk.sqliteFile!, keys: keysOf(desk), ids, today, validityWarnDays: 30 })).columns);
  const names = async (id: number) => (await getEntity(desk.ctx, id))!.name;
  for (const id of [ids[0]!, ids[1]!, ids[3]!, ids[4]!, ids[5]!]) {
    // each client alone in a share: the holders of its keys are all in other shares
    const [alone] = verdictsOfColumns((await readAndCheckSlice({ store: desk.sqliteFile!, keys: keysOf(desk), ids: [id], today, validityWarnDays: 30 })).columns);
    expect(alone).toEqual(whole.find((v) => v.id === id));
    const all = recordFindings((await readSlice({ ctx: desk.ctx, openOrderFindings: null }, [id])).toCheck[0]!, today, 30)!.findings;
    expect(alone!.findingsDigest).toBe(findingsDigest(all));
    const messages = all.filter((f) => f.ruleId === 'V-DOM-11' || f.ruleId === 'V-ID-10').map((f) => f.message).join('\n');
    // who holds what beyond its asker, by name; a key held by its asker alone (client 6's 证件号码) tells it nothing
    if (id === ids[3]!) expect(messages).toContain(await names(ids[5]!));
    if (id === ids[5]!) expect(messages).toContain(await names(ids[3]!));
    if (id === ids[4]!) expect(messages).toContain(await names(ids[1]!));
    if (id === ids[1]!) expect(messages).toContain(await names(ids[4]!));
    if (id === ids[5]!) expect(messages).not.toMatch(/证件号码/);
  }
});
