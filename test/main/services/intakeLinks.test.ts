// What ties the rows of one workbook together: a domain is one client's (V-DOM-11 between the rows, which
// the rule, reading stored clients only, cannot see), and a 网站 row belongs to the client its 主体证件号码
// cell names — a cell the import cannot read holds its client back instead of importing it without the website.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema, type ClientRecord } from '../../../main/domain/schemas';
import { CLIENT_SHEET, WEBSITE_SHEET } from '../../../main/export/xlsxLayout';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { getClientClear, listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import type { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

const control = { progress: () => {}, cancelled: false };

const stored = async (desk: Desk) => (await listClients(desk, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items;

async function workbook(records: ClientRecord[], edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const data = await layoutWorkbook(records.map((r) => rowsOfRecord(r)), { example: false });
  if (!edit) return data;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook made once per file, on first use, and given to both stores (exceljs took a few tenths of a second a workbook). */
function once(make: () => Promise<Buffer>): () => Promise<Buffer> {
  let made: Promise<Buffer> | undefined;
  return () => (made ??= make());
}

const a = clientRecordSchema.parse(companyRecord(1));
const b = clientRecordSchema.parse(companyRecord(2, { domains: ['other000002.cn', 'shili000001.cn'] }));
const c = clientRecordSchema.parse(companyRecord(3));
const oneDomainTwice = once(() => workbook([a, b, c]));
const other = clientRecordSchema.parse(companyRecord(9, { domains: ['shili000001.cn'] }));
const onlyA = once(() => workbook([a]));
const onlyOther = once(() => workbook([other]));

const plain = clientRecordSchema.parse(companyRecord(2));
const formulaLink = once(() =>
  workbook([a, plain], (wb) => {
    wb.getWorksheet(WEBSITE_SHEET)!.getCell('A2').value = { formula: `'${CLIENT_SHEET}'!F2`, result: a.entity.certNumber } as ExcelJS.CellFormulaValue;
  }),
);
// the codes of clients 2 and 3 are digits only and share their first 15 digits (all Excel keeps); 15's differ
const [two, three, fifteen] = [2, 3, 15].map((n) => clientRecordSchema.parse(companyRecord(n)));
const numberLinks = once(() =>
  workbook([two!, three!, fifteen!], (wb) => {
    const sheet = wb.getWorksheet(WEBSITE_SHEET)!;
    sheet.getCell('A2').value = Number(two!.entity.certNumber);
    sheet.getCell('A4').value = { formula: 'LEFT(B4,0)', result: '91440300MA5UNKNOWN' } as ExcelJS.CellFormulaValue;
  }),
);

describeEachStore('Excel import: one domain in two rows', (openDesk) => {
  for (const mode of ['valid', 'all'] as const) {
    it(`flags the later row at its 域名 cell and imports only the earlier one (${mode === 'valid' ? '仅导入无阻断' : '全部导入'})`, async () => {
      const desk = await openDesk();
      const preview = await previewXlsx(desk, { fileName: 'c.xlsx', data: await oneDomainTwice() }, control);
      const [first, second, third] = preview.rows;
      expect(first!.counts.error).toBe(0);
      expect(third!.counts.error).toBe(0);
      // the 网站 sheet's rows: a's website on row 2, b's on row 3; 域名 is its third column
      expect(second!.findings.filter((f) => f.ruleId === 'V-DOM-11')).toEqual([
        { ruleId: 'V-DOM-11', severity: 'error', message: `域名“shili000001.cn”与“${WEBSITE_SHEET}”第 2 行的域名相同：同一域名只能由一个主体备案`, hint: expect.any(String), cell: { sheet: WEBSITE_SHEET, row: 3, column: 'C', header: '域名' } },
      ]);
      expect(preview.totals.blocked).toBe(1);
      const result = await commitXlsx(desk, { token: preview.token, mode, update: false }, control);
      expect(result).toMatchObject({ created: 2, skipped: 1, failed: 0 });
      expect(result.rows[1]).toMatchObject({ outcome: 'skipped', message: expect.stringContaining('同一域名只能由一个主体备案') });
      expect((await stored(desk)).map((x) => x.name).sort()).toEqual([a.entity.name, c.entity.name].sort());
    });
  }

  it('refuses at the write a domain another window gave to another client after the preview', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'a.xlsx', data: await onlyA() }, control);
    expect(preview.rows[0]!.counts.error).toBe(0);
    // meanwhile: another client takes shili000001.cn (another window's import)
    await commitXlsx(desk, { token: (await previewXlsx(desk, { fileName: 'b.xlsx', data: await onlyOther() }, control)).token, mode: 'valid', update: false }, control);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control);
    expect(result.rows[0]).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/域名“shili000001\.cn”已登记在客户“.*”（编号 \d+）名下：同一域名只能由一个主体备案/) });
    expect((await stored(desk)).map((x) => x.name)).toEqual([other.entity.name]);
  });
});

describeEachStore('Excel import: a 网站 row whose 主体证件号码 cell is not read', (openDesk) => {
  it('a formula: names the cell\'s own problem and holds its client back, in either mode', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'c.xlsx', data: await formulaLink() }, control);
    expect(preview.fileFindings).toEqual([]);
    const held = preview.rows[0]!.findings.find((f) => f.cell?.sheet === WEBSITE_SHEET && f.cell.column === 'A');
    expect(held).toMatchObject({ ruleId: 'V-XLS-01', severity: 'error', cell: { row: 2 }, message: expect.stringMatching(/^主体证件号码是公式（=.*F2）.*该客户暂不导入/) });
    expect(preview.rows[1]!.counts.error).toBe(0);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    expect(result.rows.map((r) => r.outcome)).toEqual(['skipped', 'created']);
    expect(result.rows[0]!.message).toContain('主体证件号码是公式');
    const [only] = await stored(desk);
    expect(only!.name).toBe(plain.entity.name);
    expect((await getClientClear(desk, only!.id)).websites).toHaveLength(1);
  });

  it('an 18-digit number Excel kept as a number holds back every client it may be; a cell naming no client is a file finding with its own problem', async () => {
    const desk = await openDesk();
    expect(two!.entity.certNumber.slice(0, 15)).toBe(three!.entity.certNumber.slice(0, 15));
    const preview = await previewXlsx(desk, { fileName: 'c.xlsx', data: await numberLinks() }, control);
    for (const row of preview.rows.slice(0, 2)) {
      expect(row.findings.find((f) => f.cell?.sheet === WEBSITE_SHEET && f.cell.column === 'A')).toMatchObject({ ruleId: 'V-XLS-01', cell: { row: 2 }, message: expect.stringMatching(/^主体证件号码被 Excel 存成了数字.*该客户暂不导入/) });
    }
    expect(preview.fileFindings).toEqual([
      { ruleId: 'V-XLS-03', severity: 'error', message: expect.stringMatching(/^主体证件号码是公式（=LEFT\(B4,0\)）.*该网站不会导入$/), hint: expect.any(String), cell: { sheet: WEBSITE_SHEET, row: 4, column: 'A', header: '主体证件号码' } },
    ]);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    expect(result.rows.map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'created']);
  });
});
