import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HOST_NATURES, SERVICE_CONTENT_NAMES } from '../../../main/domain/enums';
import { CLIENT_COLUMNS, CLIENT_SHEET, EXAMPLE_MARK, NOTES_SHEET, OPTIONS_SHEET, WEBSITE_COLUMNS, WEBSITE_SHEET } from '../../../main/export/xlsxLayout';
import { dateFromText, layoutWorkbook } from '../../../main/export/xlsxWorkbook';

async function template() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await layoutWorkbook([], { example: true })) as unknown as ArrayBuffer);
  return wb;
}

describe('the import template', () => {
  it('has Chinese headers for every column, an example row and a notes sheet', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual([CLIENT_SHEET, WEBSITE_SHEET, OPTIONS_SHEET, NOTES_SHEET]);
    const clients = wb.getWorksheet(CLIENT_SHEET)!;
    expect((clients.getRow(1).values as unknown[]).slice(1)).toEqual(CLIENT_COLUMNS.map((c) => c.header));
    expect((wb.getWorksheet(WEBSITE_SHEET)!.getRow(1).values as unknown[]).slice(1)).toEqual(WEBSITE_COLUMNS.map((c) => c.header));
    expect(String(clients.getCell(2, CLIENT_COLUMNS.findIndex((c) => c.key === 'entity.name') + 1).value)).toMatch(new RegExp(`^${EXAMPLE_MARK}`));
    const notes = (wb.getWorksheet(NOTES_SHEET)!.getColumn(1).values as unknown[]).map(String).join('\n');
    expect(notes).toContain('公式');
    expect(notes).toContain('文本');
    expect(wb.getWorksheet(OPTIONS_SHEET)!.state).toBe('hidden');
  });

  it('offers the enums of main/domain/enums.ts as drop-down lists', async () => {
    const wb = await template();
    const clients = wb.getWorksheet(CLIENT_SHEET)!;
    const natureCol = String.fromCharCode(65 + CLIENT_COLUMNS.findIndex((c) => c.key === 'entity.nature'));
    const v = clients.getCell(`${natureCol}500`).dataValidation;
    expect(v.type).toBe('list');
    const range = String(v.formulae[0]);
    const m = /!\$([A-Z])\$2:\$[A-Z]\$(\d+)$/.exec(range)!;
    const options = wb.getWorksheet(OPTIONS_SHEET)!;
    const listed = Array.from({ length: Number(m[2]) - 1 }, (_, i) => String(options.getCell(`${m[1]}${i + 2}`).value));
    expect(listed).toEqual(HOST_NATURES);
    const serviceCol = String.fromCharCode(65 + WEBSITE_COLUMNS.findIndex((c) => c.key === 'website.serviceContent'));
    expect(wb.getWorksheet(WEBSITE_SHEET)!.getCell(`${serviceCol}2`).dataValidation.formulae[0]).toContain(OPTIONS_SHEET);
  });

  it('reads dates the ways operators type them', () => {
    expect(dateFromText('2035-01-01')).toBe('2035-01-01');
    expect(dateFromText('2035/1/1')).toBe('2035-01-01');
    expect(dateFromText('2035.1.1')).toBe('2035-01-01');
    expect(dateFromText('２０３５年１月１日')).toBe('2035-01-01');
    expect(dateFromText('20350101')).toBe('2035-01-01');
    expect(dateFromText('长期')).toBe('长期');
    expect(dateFromText('2035-02-30')).toBeNull();
  });
});
