// Confirming an Excel import is one transaction, with its clients.importXlsx entry: a failure or a cancel
// part-way leaves nothing imported and the preview to confirm again; while it writes, the desk still
// answers the job's progress and 取消 (on SQLite the transaction holds the one connection).
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import type { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

const quiet = { progress: () => {}, cancelled: false };

const stored = async (desk: Desk) => (await listClients(desk, { offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc' })).total;
const logged = async (desk: Desk) => (await listAudit(desk.ctx, { limit: 500 })).filter((a) => a.action === 'clients.importXlsx').length;

async function previewOf(desk: Desk, n: number) {
  const data = await layoutWorkbook(Array.from({ length: n }, (_, i) => rowsOfRecord(clientRecordSchema.parse(companyRecord(i + 1)))), { example: false });
  return await previewXlsx(desk, { fileName: 'c.xlsx', data }, quiet);
}

describeEachStore('Excel import: one transaction', (openDesk) => {
  it('a failure after the second row leaves nothing imported, says so, and the preview is confirmed again', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 5);
    const dying = { cancelled: false, progress: (done: number) => { if (done === 2) throw new Error('worker killed'); } };
    const err = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, dying).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskError);
    // the second client is the sheet's row 3
    expect((err as DeskError).message).toMatch(/^未导入任何客户：写入第 3 行时出错（写入数据库失败），已写入的行都已撤销。预览仍然有效/);
    expect(await stored(desk)).toBe(0);
    expect(await logged(desk)).toBe(0);
    const again = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet);
    expect(again.created).toBe(5);
    expect(await stored(desk)).toBe(5);
    expect(await logged(desk)).toBe(1);
    await expect(commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toThrow('导入预览已过期或已导入');
  });

  it('answers progress and 取消 while it writes; a cancel undoes every row and leaves the preview usable', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 45);
    let done = 0;
    let cancelled = false;
    const control = { progress: (d: number) => void (done = d), get cancelled() { return cancelled; } };
    const running = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    while (done === 0) await new Promise((resolve) => setImmediate(resolve));
    // what every API call does first (the drawer polls the job's progress and sends 取消 through it)
    await desk.touch();
    const seen = done;
    cancelled = true;
    const result = await running;
    expect(seen).toBeLessThan(45);
    expect(result).toMatchObject({ created: 0, updated: 0, failed: 0, skipped: 45 });
    expect(new Set(result.rows.map((r) => `${r.outcome} ${r.message}`))).toEqual(new Set(['cancelled 已取消：未导入任何客户（已写入的行都已撤销）']));
    expect(await stored(desk)).toBe(0);
    expect(await logged(desk)).toBe(0);
    expect((await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).created).toBe(45);
  });

  it('refuses a second confirm of a preview while the first writes', async () => {
    const desk = await openDesk();
    const preview = await previewOf(desk, 2);
    const first = commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet);
    await expect(commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, quiet)).rejects.toThrow('这份预览正在导入');
    expect((await first).created).toBe(2);
  });
});
