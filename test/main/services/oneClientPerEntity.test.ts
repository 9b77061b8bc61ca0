// One 主体 is one client, when operators write the same 主体 at once: on a team database (read committed) each
// one's look-up for a client with that 主体证件号码 found none and each inserted. The store's index (migration 0030)
// lets one win; the others get the same Chinese refusal as a second client made one after the other — a form
// told so, an Excel import's row refused alone in its 结果 while the rest of the import is written.
import { expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { createClients, getClientClear, listClients, updateClientEntity } from '../../../main/services/clients';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

const SECOND_CLIENT = /该主体证件号码已登记为客户“.+”（编号 \d+）：同一主体只能是一个客户/;
const MEANWHILE = /该主体证件号码正由另一位操作员同时登记为客户：同一主体只能是一个客户/;
const quiet = { progress: () => {}, cancelled: false };

/** A workbook of the clients numbered `numbers`, in that order, previewed. */
async function previewOf(desk: Desk, numbers: readonly number[]) {
  const data = await layoutWorkbook(numbers.map((n) => rowsOfRecord(clientRecordSchema.parse(companyRecord(n)))), { example: false });
  return await previewXlsx(desk, { fileName: 'c.xlsx', data }, quiet);
}

async function allClients(desk: Desk) {
  return (await listClients(desk, { offset: 0, limit: 500, sortBy: 'name', sortDir: 'asc' })).items;
}

describeEachStore('one client per 主体 under concurrency', (openDesk) => {
  it('ten operators creating the same 主体 at once: one client, the others are told which client has it', async () => {
    const desk = await openDesk();
    try {
      const record = clientRecordSchema.parse(companyRecord(1));
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => asActor(`操作员${n}`, () => createClients(desk, [record]))));
      expect(await allClients(desk)).toHaveLength(1);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(SECOND_CLIENT) });
      }
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('ten operators giving ten clients the same new 主体证件号码 at once: one is saved, the others are told which client has it', async () => {
    const desk = await openDesk();
    try {
      const made = await createClients(desk, Array.from({ length: 10 }, (_, n) => clientRecordSchema.parse(companyRecord(n + 1))));
      const ids = made.map((c) => c.id);
      const number = clientRecordSchema.parse(companyRecord(11)).entity.certNumber;
      const renumber = async (id: number) => updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), certNumber: number });
      const results = await Promise.allSettled(ids.map((id, n) => asActor(`操作员${n}`, () => renumber(id))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(SECOND_CLIENT) });
      }
      const numbers = await Promise.all(ids.map(async (id) => (await getClientClear(desk, id)).certNumber));
      expect(numbers.filter((n) => n === number)).toHaveLength(1);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('two operators importing overlapping Excel rows at once: every 主体 one client, a row the other import won refused alone', async () => {
    // one desk, as a team server's host serves both operators' requests (its pool gives each import its own
    // connection; on a desk's own store the second waits for the first)
    const desk = await openDesk();
    try {
      // operator A imports clients 1..60, operator B clients 100..41: 41..60 are in both workbooks, last in both
      // and in opposite orders (each import's uncommitted rows hold the other's back, both ways)
      const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));
      const pa = await previewOf(desk, range(1, 60));
      const pb = await previewOf(desk, range(100, 41));
      const [ra, rb] = await Promise.all([asActor('操作员甲', () => commitXlsx(desk, { token: pa.token, mode: 'all', update: false }, quiet)), asActor('操作员乙', () => commitXlsx(desk, { token: pb.token, mode: 'all', update: false }, quiet))]);
      const clients = await allClients(desk);
      expect(clients).toHaveLength(100);
      expect(new Set(clients.map((c) => c.name)).size).toBe(100);
      expect(ra.created + rb.created).toBe(100);
      // each row both imports hold: written by one, and in the other's 结果 either found already there or refused
      // by the store — the client the other import committed named, or (the two waiting on each other) said to
      // be registered by another operator at the same time
      for (const r of [...ra.rows, ...rb.rows].filter((x) => x.outcome !== 'created')) {
        if (r.outcome === 'skipped') expect(r.message).toMatch(/^已是客户（编号 \d+），未更新/);
        else expect(r).toMatchObject({ outcome: 'failed', message: expect.stringMatching(new RegExp(`${SECOND_CLIENT.source}|${MEANWHILE.source}`)) });
      }
    } finally {
      await desk.close();
    }
  }, 120_000);
});
