// Confirming an Excel import writes its rows in chunks, each one transaction: a failure undoes the chunk it
// happens in and stops there (the chunks before it stay, the message says which rows were imported and where
// it stopped), a 取消 stops after the chunk being written, and either way the preview can be confirmed again.
// Between two chunks the database is free: the app's own reads are answered, and on SQLite another program on
// the same data folder gets the write lock, instead of waiting for the whole import (SQLITE_BUSY after 5 s).
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { listAudit } from '../../../main/db/repositories/audit';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { listClients } from '../../../main/services/clients';
import { CHUNK_ROWS, commitXlsx, previewXlsx, type CommitRequest } from '../../../main/services/intake';
import type { JobControl } from '../../../main/jobs/jobs';
import type { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const quiet = { progress: () => {}, cancelled: false };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const listed = async (desk: Desk) => await listClients(desk, { offset: 0, limit: 500, sortBy: 'name', sortDir: 'asc' });
/** The stored clients' names, in the order of the sheet (companyRecord's names sort by their number). */
const storedNames = async (desk: Desk) => (await listed(desk)).items.map((c) => c.name);
const nameOf = (n: number) => `深圳市示例${String(n).padStart(6, '0')}科技有限公司`;
/** The names of the sheet's first n clients. */
const firstNames = (n: number) => Array.from({ length: n }, (_, i) => nameOf(i + 1));
const importEntries = async (desk: Desk) => (await listAudit(desk.ctx, { limit: 5000 })).filter((a) => a.action === 'clients.importXlsx').map((a) => a.detail);

/** The template workbook of n clients, written once per file (both stores import the same sheets). */
const workbooks = new Map<number, Promise<Buffer>>();
function workbookOf(n: number): Promise<Buffer> {
  let data = workbooks.get(n);
  if (!data) {
    data = layoutWorkbook(Array.from({ length: n }, (_, i) => rowsOfRecord(clientRecordSchema.parse(companyRecord(i + 1)))), { example: false });
    workbooks.set(n, data);
  }
  return data;
}

/** A preview of the template workbook of n clients: client n is on the sheet's row n + 1. */
async function previewOf(desk: Desk, n: number) {
  return await previewXlsx(desk, { fileName: 'c.xlsx', data: Buffer.from(await workbookOf(n)) }, quiet);
}

/**
 * Chunks of CHUNK rows: what a chunk does is the same at any size, and sheets of a few chunks of 50 rows cost
 * seconds of writing on each store. The chunk size itself (CHUNK_ROWS) is the one of the test beside another
 * program below, and its value is checked there.
 */
const CHUNK = 5;
const commit = (desk: Desk, req: CommitRequest, control: JobControl) => commitXlsx(desk, req, control, { chunkRows: CHUNK });

describeEachStore('Excel import: in chunks', (openDesk) => {
  it('a failure at a row undoes its chunk only: the chunks before it stay, the message names the rows, the preview imports the rest', async () => {
    const desk = await openDesk();
    const n = 3 * CHUNK + 1;
    const preview = await previewOf(desk, n);
    // the client in the middle of the third chunk fails after its write, inside its chunk
    const failing = 2 * CHUNK + 3;
    const dying = { cancelled: false, progress: (done: number) => { if (done === failing) throw new Error('worker killed'); } };
    const err = await commit(desk, { token: preview.token, mode: 'all', update: false }, dying).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskError);
    const message = (err as DeskError).message;
    // where its chunk starts depends on how fast the rows are written (CHUNK_MS): at its row itself, or before it
    const m = new RegExp(`^已导入第 2–(\\d+) 行的 (\\d+) 个客户；第 ${failing + 1} 行出错（写入数据库失败）；(?:该行及其后的行都未导入|第 (\\d+) 行起的行都未导入（与该行同一批写入的第 \\3(?:–${failing})? 行已一并撤销）)。修正后可再次确认导入：已导入的客户会被识别为已有客户`).exec(message);
    expect(m, message).not.toBeNull();
    const kept = Number(m![2]);
    expect([Number(m![1]), Number(m![3] ?? failing + 1)]).toEqual([kept + 1, kept + 2]);
    // a chunk is at most CHUNK rows: the failing one started after client failing - CHUNK, and earlier chunks committed
    expect(kept).toBeGreaterThanOrEqual(failing - CHUNK);
    expect(kept).toBeLessThan(failing);
    expect(await storedNames(desk)).toEqual(firstNames(kept));
    expect(await importEntries(desk)).toEqual([{ created: kept, updated: 0, skipped: 0, failed: 0, rows: n, mode: 'all', update: false, stopped: 'failed', lastRow: kept + 1 }]);

    // confirmed again: what was imported is 已是客户 (skipped without 更新已有客户), the rest is written
    const again = await commit(desk, { token: preview.token, mode: 'all', update: false }, quiet);
    expect(again).toMatchObject({ created: n - kept, skipped: kept, failed: 0 });
    expect(again.rows[0]!.message).toMatch(/^已是客户（编号 \d+），未更新/);
    expect(await storedNames(desk)).toEqual(firstNames(n));
    expect((await importEntries(desk))[0]).toEqual({ created: n - kept, updated: 0, skipped: kept, failed: 0, rows: n, mode: 'all', update: false });
    await expect(commit(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toThrow('导入预览已过期或已导入');
  });

  it('a failure in the first chunk imports nothing and says so', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 5);
    const dying = { cancelled: false, progress: (done: number) => { if (done === 2) throw new Error('worker killed'); } };
    const err = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, dying).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INTERNAL', message: '未导入任何客户：第 3 行出错（写入数据库失败），与该行同一批写入的第 2 行已一并撤销。预览仍然有效，可以再次确认导入' });
    expect(await storedNames(desk)).toEqual([]);
    expect(await importEntries(desk)).toEqual([]);
    expect((await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).created).toBe(5);
  });

  it('answers progress and 取消 while it writes; a cancel stops after the chunk being written, which stays', async () => {
    const desk = await openDesk();
    const n = 5 * CHUNK;
    const preview = await previewOf(desk, n);
    let done = 0;
    let cancelled = false;
    const control = { progress: (d: number) => void (done = d), get cancelled() { return cancelled; } };
    const running = commit(desk, { token: preview.token, mode: 'all', update: false }, control);
    while (done === 0) await nextTurn();
    // what every API call does first (the drawer polls the job's progress and sends 取消 through it)
    await desk.touch();
    const seen = done;
    cancelled = true;
    const result = await running;
    const kept = result.created;
    expect(kept).toBeGreaterThanOrEqual(seen);
    expect(kept).toBeLessThan(n);
    expect(result).toMatchObject({ updated: 0, failed: 0, skipped: n - kept });
    expect(result.rows.slice(0, kept).every((r) => r.outcome === 'created')).toBe(true);
    // one row written before the cancel (a loaded machine) is 第 2 行, not 第 2–2 行
    const imported = kept === 1 ? '第 2 行' : `第 2–${kept + 1} 行`;
    expect(new Set(result.rows.slice(kept).map((r) => `${r.outcome} ${r.message}`))).toEqual(new Set([`cancelled 已取消：已导入${imported}的 ${kept} 个客户，其余未导入`]));
    expect(await storedNames(desk)).toEqual(firstNames(kept));
    expect(await importEntries(desk)).toEqual([{ created: kept, updated: 0, skipped: 0, failed: 0, rows: n, mode: 'all', update: false, stopped: 'cancelled', lastRow: kept + 1 }]);
    // confirmed again with 更新已有客户: what was imported is updated, the rest created
    expect(await commit(desk, { token: preview.token, mode: 'all', update: true }, quiet)).toMatchObject({ created: n - kept, updated: kept, skipped: 0, failed: 0 });
    expect(await storedNames(desk)).toEqual(firstNames(n));
  });

  it('a cancel before the first chunk imports nothing', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 3);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, { progress: () => {}, cancelled: true });
    expect(new Set(result.rows.map((r) => `${r.outcome} ${r.message}`))).toEqual(new Set(['cancelled 已取消：未导入任何客户']));
    expect(await importEntries(desk)).toEqual([]);
  });

  it(`the client list asked for during a ${12 * CHUNK}-row import is answered between two chunks, with what they committed`, async () => {
    const desk = await openDesk();
    const n = 12 * CHUNK;
    const preview = await previewOf(desk, n);
    let done = 0;
    const running = commit(desk, { token: preview.token, mode: 'all', update: false }, { progress: (d: number) => void (done = d), cancelled: false });
    // a chunk is at most CHUNK rows: from the next row written on, one has committed
    while (done <= CHUNK) await nextTurn();
    const answer = await listed(desk);
    // answered while rows were still to be written (one transaction: only once all n had committed)
    const doneWhenAnswered = done;
    expect(doneWhenAnswered).toBeLessThan(n);
    expect(answer.total).toBeGreaterThan(0);
    expect(answer.total).toBeLessThanOrEqual(doneWhenAnswered);
    expect((await running).created).toBe(n);
    expect((await listed(desk)).total).toBe(n);
  });

  it('refuses a second confirm of a preview while the first writes', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 2);
    const first = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet);
    await expect(commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toThrow('这份预览正在导入');
    expect((await first).created).toBe(2);
  });
});

/**
 * Another program on the data folder (the CLI, the web host): a connection in another thread, waiting for the
 * write lock as SQLite does (busy_timeout 5 s), to write one row. Posts 'asking', then whether it wrote.
 */
function otherProgramWrites(file: string): Worker {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 5000');
    parentPort.postMessage('asking');
    try {
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare("INSERT INTO setting (key, value) VALUES ('test.otherProgram', '1')").run();
      db.prepare('COMMIT').run();
      parentPort.postMessage('written');
    } catch (err) {
      parentPort.postMessage('refused ' + err.code);
    }
    db.close();
  `;
  return new Worker(code, { eval: true, workerData: { file, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
}

describe('Excel import: in chunks, beside another program (SQLite)', () => {
  // the product's chunks (CHUNK_ROWS, CHUNK_MS), as the import runs
  it('another program\'s write gets the lock between two chunks, long before the import ends', async () => {
    expect(CHUNK_ROWS).toBe(50);
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const preview = await previewOf(desk, 300);
    let done = 0;
    const running = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, { progress: (d: number) => void (done = d), cancelled: false });
    while (done === 0) await nextTurn();
    const other = otherProgramWrites(join(dataDir, DB_FILE_NAME));
    const heard: string[] = [];
    const answer = new Promise<string>((resolve) => other.on('message', (m: string) => { heard.push(`${m} at ${done}`); if (m !== 'asking') resolve(m); }));
    expect(await answer).toBe('written');
    // it asked and wrote while the import still had rows to write
    expect(heard).toHaveLength(2);
    expect(Number(heard[1]!.split(' at ')[1])).toBeLessThan(300);
    expect((await running).created).toBe(300);
    await other.terminate();
    expect(desk.sql.raw.prepare("SELECT value FROM setting WHERE key = 'test.otherProgram'").get()).toEqual({ value: '1' });
  });

  it('another program holding the lock: at the start nothing is imported, part-way the chunks before stay; both say the database is busy', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const n = 5 * CHUNK;
    const preview = await previewOf(desk, n);
    desk.sql.raw.pragma('busy_timeout = 50'); // the import gives up on the other program quickly
    const other = new Database(join(dataDir, DB_FILE_NAME));
    let kept = 0;
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      await expect(commit(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toMatchObject({
        code: 'DB_BUSY',
        message: '未导入任何客户：开始写入时出错（数据库正被另一个程序使用，请稍后再试）。预览仍然有效，可以再次确认导入',
      });
      other.prepare('ROLLBACK').run();

      // part-way: the other program takes the lock between two chunks
      let done = 0;
      const running = commit(desk, { token: preview.token, mode: 'all', update: false }, { progress: (d: number) => void (done = d), cancelled: false }).catch((e: unknown) => e);
      while (done === 0) await nextTurn();
      other.prepare('BEGIN IMMEDIATE').run();
      const err = await running;
      kept = (await storedNames(desk)).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(n);
      expect(err).toMatchObject({
        code: 'DB_BUSY',
        message: `已导入第 2–${kept + 1} 行的 ${kept} 个客户；开始写入第 ${kept + 2} 行起的一批时出错（数据库正被另一个程序使用，请稍后再试）；第 ${kept + 2} 行起的行都未导入；导入日志未能写入（数据库正被另一个程序使用，请稍后再试）。修正后可再次确认导入：已导入的客户会被识别为已有客户（勾选“更新已有客户”则更新，否则跳过）`,
      });
      other.prepare('ROLLBACK').run();
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(await commit(desk, { token: preview.token, mode: 'all', update: false }, quiet)).toMatchObject({ created: n - kept, skipped: kept });
    expect(await storedNames(desk)).toEqual(firstNames(n));
  });
});
