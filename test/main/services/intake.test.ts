import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { auditTrail, createClients, getClientClear, listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { CLIENT_SHEET } from '../../../main/export/xlsxLayout';
import type { JobControl } from '../../../main/jobs/jobs';
import { companyRecord } from '../../fixtures/records';
import type { Desk } from '../../../main/desk';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const control = (): JobControl & { cancel(): void } => {
  let cancelled = false;
  return { progress: () => {}, get cancelled() { return cancelled; }, cancel: () => void (cancelled = true) };
};

/** A filled template: the layout the desk exports, with these clients (only their 主体负责人). */
export async function filledTemplate(n: number[], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const data = await layoutWorkbook(n.map((i) => rowsOfRecord(clientRecordSchema.parse(companyRecord(i)))), { example: true });
  if (!edit) return data;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  edit(wb.getWorksheet(CLIENT_SHEET)!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook made once per file, on first use, and given to both stores (exceljs took a few tenths of a second a workbook). */
function once(make: () => Promise<Buffer>): () => Promise<Buffer> {
  let made: Promise<Buffer> | undefined;
  return () => (made ??= make());
}

const brokenCheckDigit = once(() =>
  filledTemplate([1, 2, 3], (ws) => {
    // row 4 is the second client (row 2 the example): break its 负责人证件号码 check digit
    const cell = ws.getCell('P4');
    const v = String(cell.value);
    cell.value = v.slice(0, 17) + (v[17] === '1' ? '2' : '1');
  }),
);
const withAddedSheet = once(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await filledTemplate([1])) as unknown as ArrayBuffer);
  wb.addWorksheet('补充客户').addRows([['主办单位名称'], ['深圳市另一家科技有限公司']]);
  return Buffer.from(await wb.xlsx.writeBuffer());
});

const count = async (desk: Desk) => (await listClients(desk, { offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc' })).total;

describeEachStore('Excel import of a filled template', (openDesk) => {
  it('previews every row with its findings by cell and writes nothing until confirmed', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'clients.xlsx', data: await brokenCheckDigit() }, control());
    expect(preview.kind).toBe('template');
    expect(preview.rows.map((r) => r.status)).toEqual(['example', 'new', 'new', 'new']);
    const bad = preview.rows.find((r) => r.row === 4)!;
    expect(bad.counts.error).toBeGreaterThan(0);
    expect(bad.findings.find((f) => f.ruleId === 'V-ID-02')?.cell).toMatchObject({ sheet: CLIENT_SHEET, row: 4, column: 'P', header: '负责人证件号码' });
    expect(preview.totals).toMatchObject({ rows: 3, new: 3, blocked: 1 });
    expect(await count(desk)).toBe(0);

    const result = await commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control());
    expect(result).toMatchObject({ created: 2, skipped: 1, failed: 0 });
    expect(await count(desk)).toBe(2);
    const created = result.rows.find((r) => r.outcome === 'created')!;
    expect((await getClientClear(desk, created.entityId!)).websites).toHaveLength(1);
    expect((await auditTrail(desk, { entityId: created.entityId!, limit: 10 })).map((a) => a.action)).toEqual(expect.arrayContaining(['entity.create', 'entity.import']));
    // the result file is the workbook with a 结果 column
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(result.resultBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(CLIENT_SHEET)!;
    const col = ws.getRow(1).values as unknown[];
    const at = col.indexOf('结果');
    expect(at).toBeGreaterThan(0);
    expect(String(ws.getRow(4).getCell(at).value)).toContain('阻断');
    expect(String(ws.getRow(3).getCell(at).value)).toContain('已新建客户');
    // a confirmed preview is spent
    await expect(commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control())).rejects.toThrow('已过期或已导入');
  });

  it('says that a sheet added to the template is not read', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'more.xlsx', data: await withAddedSheet() }, control());
    expect(preview.totals.rows).toBe(1);
    expect(preview.fileFindings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([['V-XLS-04', 'warning', `本次只读取工作表“${CLIENT_SHEET}”和“网站”：工作表“补充客户”中的内容不会导入`]]);
  });

  it('re-importing the same rows offers 更新 and never duplicates a client', async () => {
    const desk = await openDesk();
    const data = await filledTemplate([1, 2]);
    const first = await previewXlsx(desk, { fileName: 'a.xlsx', data }, control());
    await commitXlsx(desk, { token: first.token, mode: 'all', update: false }, control());
    expect(await count(desk)).toBe(2);
    const again = await previewXlsx(desk, { fileName: 'a.xlsx', data }, control());
    expect(again.rows.filter((r) => r.status === 'update').map((r) => r.existingId)).toHaveLength(2);
    const skipped = await commitXlsx(desk, { token: again.token, mode: 'all', update: false }, control());
    expect(skipped).toMatchObject({ created: 0, updated: 0, skipped: 2 });
    const third = await previewXlsx(desk, { fileName: 'a.xlsx', data }, control());
    const updated = await commitXlsx(desk, { token: third.token, mode: 'all', update: true }, control());
    expect(updated).toMatchObject({ created: 0, updated: 2 });
    expect(await count(desk)).toBe(2);
  });

  it('a large sheet, checked against every holder read once, gets the findings of row-by-row lookups', async () => {
    const desk = await openDesk();
    // stored: client 1 (its row is an update) and another that holds client 2's domain (V-DOM-11)
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(7, { domains: ['shili000002.cn'] }))]);
    const data = await filledTemplate([1, 2, 3]);
    const rowByRow = await previewXlsx(desk, { fileName: 'a.xlsx', data }, control());
    const preloaded = await previewXlsx(desk, { fileName: 'a.xlsx', data }, control(), { preloadFrom: 1 });
    expect(rowByRow.rows.map((r) => r.status)).toEqual(['example', 'update', 'new', 'new']);
    expect(rowByRow.rows[2]!.findings.find((f) => f.ruleId === 'V-DOM-11')?.message).toContain('深圳市示例000007科技有限公司');
    expect({ ...preloaded, token: '' }).toEqual({ ...rowByRow, token: '' });
  });
});
