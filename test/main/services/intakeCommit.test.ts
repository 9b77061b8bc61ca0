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
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
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

describeEachStore('Excel import: in chunks', (openDesk) => {
  it('a failure at a row undoes its chunk only: the chunks before it stay, the message names the rows, the preview imports the rest', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 120);
    // the 101st client (row 102) fails after its write, inside its chunk
    const dying = { cancelled: false, progress: (done: number) => { if (done === 101) throw new Error('worker killed'); } };
    const err = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, dying).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskError);
    const message = (err as DeskError).message;
    // where its chunk starts depends on how fast the rows are written: at row 102 itself, or before it
    const m = /^已导入第 2–(\d+) 行的 (\d+) 个客户；第 102 行出错（写入数据库失败）；(?:该行及其后的行都未导入|第 (\d+) 行起的行都未导入（与该行同一批写入的第 \3(?:–101)? 行已一并撤销）)。修正后可再次确认导入：已导入的客户会被识别为已有客户/.exec(message);
    expect(m, message).not.toBeNull();
    const kept = Number(m![2]);
    expect([Number(m![1]), Number(m![3] ?? 102)]).toEqual([kept + 1, kept + 2]);
    // a chunk is at most 50 rows: the failing one started after row 52, and earlier chunks committed
    expect(kept).toBeGreaterThanOrEqual(51);
    expect(kept).toBeLessThan(101);
    expect(await storedNames(desk)).toEqual(firstNames(kept));
    expect(await importEntries(desk)).toEqual([{ created: kept, updated: 0, skipped: 0, failed: 0, rows: 120, mode: 'all', update: false, stopped: 'failed', lastRow: kept + 1 }]);

    // confirmed again: what was imported is 已是客户 (skipped without 更新已有客户), the rest is written
    const again = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet);
    expect(again).toMatchObject({ created: 120 - kept, skipped: kept, failed: 0 });
    expect(again.rows[0]!.message).toMatch(/^已是客户（编号 \d+），未更新/);
    expect(await storedNames(desk)).toEqual(firstNames(120));
    expect((await importEntries(desk))[0]).toEqual({ created: 120 - kept, updated: 0, skipped: kept, failed: 0, rows: 120, mode: 'all', update: false });
    await expect(commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toThrow('导入预览已过期或已导入');
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
    const preview = await previewOf(desk, 120);
    let done = 0;
    let cancelled = false;
    const control = { progress: (d: number) => void (done = d), get cancelled() { return cancelled; } };
    const running = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    while (done === 0) await nextTurn();
    // what every API call does first (the drawer polls the job's progress and sends 取消 through it)
    await desk.touch();
    const seen = done;
    cancelled = true;
    const result = await running;
    const kept = result.created;
    expect(kept).toBeGreaterThanOrEqual(seen);
    expect(kept).toBeLessThan(120);
    expect(result).toMatchObject({ updated: 0, failed: 0, skipped: 120 - kept });
    expect(result.rows.slice(0, kept).every((r) => r.outcome === 'created')).toBe(true);
    // one row written before the cancel (a loaded machine) is 第 2 行, not 第 2–2 行
    const imported = kept === 1 ? '第 2 行' : `第 2–${kept + 1} 行`;
    expect(new Set(result.rows.slice(kept).map((r) => `${r.outcome} ${r.message}`))).toEqual(new Set([`cancelled 已取消：已导入${imported}的 ${kept} 个客户，其余未导入`]));
    expect(await storedNames(desk)).toEqual(firstNames(kept));
    expect(await importEntries(desk)).toEqual([{ created: kept, updated: 0, skipped: 0, failed: 0, rows: 120, mode: 'all', update: false, stopped: 'cancelled', lastRow: kept + 1 }]);
    // confirmed again with 更新已有客户: what was imported is updated, the rest created
    expect(await commitXlsx(desk, { token: preview.token, mode: 'all', update: true }, quiet)).toMatchObject({ created: 120 - kept, updated: kept, skipped: 0, failed: 0 });
    expect(await storedNames(desk)).toEqual(firstNames(120));
  });

  it('a cancel before the first chunk imports nothing', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 3);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, { progress: () => {}, cancelled: true });
    expect(new Set(result.rows.map((r) => `${r.outcome} ${r.message}`))).toEqual(new Set(['cancelled 已取消：未导入任何客户']));
    expect(await importEntries(desk)).toEqual([]);
  });

  it('the client list asked for during a 300-row import is answered between two chunks, with what they committed', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 300);
    let done = 0;
    const running = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, { progress: (d: number) => void (done = d), cancelled: false });
    // a chunk is at most 50 rows: from the 51st row written on, one has committed
    while (done <= 50) await nextTurn();
    const answer = await listed(desk);
    // answered while rows were still to be written (one transaction: only once all 300 had committed)
    const doneWhenAnswered = done;
    expect(doneWhenAnswered).toBeLessThan(300);
    expect(answer.total).toBeGreaterThan(0);
    expect(answer.total).toBeLessThanOrEqual(doneWhenAnswered);
    expect((await running).created).toBe(300);
    expect((await listed(desk)).total).toBe(300);
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
  it('another program\'s write gets the lock between two chunks, long before the import ends', async () => {
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
    const preview = await previewOf(desk, 120);
    desk.sql.raw.pragma('busy_timeout = 50'); // the import gives up on the other program quickly
    const other = new Database(join(dataDir, DB_FILE_NAME));
    let kept = 0;
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      await expect(commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toMatchObject({
        code: 'DB_BUSY',
        message: '未导入任何客户：开始写入时出错（数据库正被另一个程序使用，请稍后再试）。预览仍然有效，可以再次确认导入',
      });
      other.prepare('ROLLBACK').run();

      // part-way: the other program takes the lock between two chunks
      let done = 0;
      const running = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, { progress: (d: number) => void (done = d), cancelled: false }).catch((e: unknown) => e);
      while (done === 0) await nextTurn();
      other.prepare('BEGIN IMMEDIATE').run();
      const err = await running;
      kept = (await storedNames(desk)).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(120);
      expect(err).toMatchObject({
        code: 'DB_BUSY',
        message: `已导入第 2–${kept + 1} 行的 ${kept} 个客户；开始写入第 ${kept + 2} 行起的一批时出错（数据库正被另一个程序使用，请稍后再试）；第 ${kept + 2} 行起的行都未导入；导入日志未能写入（数据库正被另一个程序使用，请稍后再试）。修正后可再次确认导入：已导入的客户会被识别为已有客户（勾选“更新已有客户”则更新，否则跳过）`,
      });
      other.prepare('ROLLBACK').run();
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).toMatchObject({ created: 120 - kept, skipped: kept });
    expect(await storedNames(desk)).toEqual(firstNames(120));
  });
});
