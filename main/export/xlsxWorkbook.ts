// Workbooks in the layout of xlsxLayout.ts, read and written with exceljs: the template, a client export,
// the order board, the result file (the operator's sheet with a 结果 column) and reading a filled sheet
// back into rows of field values with the cell each came from. Formats only: no store, no rules.
import ExcelJS from 'exceljs';
import { DeskError } from '../domain/errors';
import { normalizeNumber } from '../domain/identifiers';
import {
  CLIENT_COLUMNS,
  CLIENT_SHEET,
  MAPPABLE_COLUMNS,
  MAX_ROWS,
  NOTES_SHEET,
  OPTIONS_SHEET,
  RESULT_HEADER,
  TEMPLATE_NOTES,
  WEBSITE_COLUMNS,
  WEBSITE_SHEET,
  type XlsxColumn,
} from './xlsxLayout';

export interface CellRef {
  sheet: string;
  /** 1-based, as Excel numbers rows. */
  row: number;
  /** Column letter (A, B, … AA). */
  column: string;
  header: string;
}

export interface CellProblem {
  cell: CellRef;
  message: string;
}

/** One data row: each mapped field's value (text, or a list for list columns) and the cell it came from. */
export interface SheetRow {
  sheet: string;
  row: number;
  values: Map<string, string | string[]>;
  cells: Map<string, CellRef>;
  problems: CellProblem[];
}

export interface SheetRead {
  sheet: string;
  headers: string[];
  /** The field keys this sheet has a column for: what a row can say anything about (an update leaves the rest alone). */
  keys: string[];
  rows: SheetRow[];
}

// ---- reading ------------------------------------------------------------------------------------

export async function loadWorkbook(data: Buffer, fileName: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new DeskError('VALIDATION', `工作簿“${fileName}”无法读取（文件已损坏，或不是 Excel 保存的 .xlsx）：请用 Excel 或 WPS 打开后另存为 .xlsx 再导入`);
  }
  return wb;
}

/** The header row's texts, one per column (empty string where a column has no header). */
export function headersOf(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    out[col - 1] = plainText(cell.value).trim();
  });
  return Array.from(out, (h) => h ?? '');
}

/** True when every header of the sheet is one of the layout's (a filled template, or one of our exports). */
export function isLayoutSheet(headers: readonly string[], columns: readonly XlsxColumn[]): boolean {
  const known = new Set([...columns.map((c) => c.header), RESULT_HEADER]);
  const used = headers.filter((h) => h);
  return used.length > 0 && used.every((h) => known.has(h)) && columns.filter((c) => c.required).every((c) => used.includes(c.header));
}

function plainText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoDate(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : plainText(v.text as ExcelJS.CellValue);
  return '';
}

const isoDate = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return isoDate(t);
}

// Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so serials from 61 on
// are days since 1899-12-30 (the epoch every spreadsheet uses for them). A workbook saved with the 1904
// date system (older Excel for Mac) counts from 1904-01-01 instead.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH = Date.UTC(1904, 0, 1);
// the fraction is the time of day: Excel shows the day it falls in (18:00 is still that day), so it is cut
// off, after rounding to the millisecond as exceljs does for a date cell (a float's noise below a day's end)
const serialToDate = (serial: number, date1904: boolean) => isoDate(new Date((date1904 ? EXCEL_1904_EPOCH : EXCEL_EPOCH) + Math.round(serial * 86_400_000)));

/** A date typed as text in the ways operators do (2035-01-01, 2035/1/1, 2035.1.1, 2035年1月1日, 20350101, full-width digits). */
export function dateFromText(raw: string): string | null {
  const t = raw.normalize('NFKC').replace(/\s/g, '');
  if (t === '长期' || t === '长期有效') return '长期';
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

const LIST_SEPARATORS = /[、，,；;\n\r]+/;

/** One cell as the field's value, or a problem saying what is wrong with the cell itself. */
export function readCell(cell: ExcelJS.Cell, column: XlsxColumn): { value: string | string[] } | { problem: string } {
  if (cell.isMerged) {
    return { problem: `是合并单元格（${cell.master.address} 起的合并区域）：请取消合并，并在每一行分别填写` };
  }
  const v = cell.value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    if ('formula' in v || 'sharedFormula' in v) {
      const f = 'formula' in v && v.formula ? v.formula : 'sharedFormula' in v ? v.sharedFormula : '';
      return { problem: `是公式（=${String(f).slice(0, 40)}），导入只读直接填写的值：请复制该列后“选择性粘贴 → 数值”` };
    }
    if ('error' in v) return { problem: `是错误值 ${v.error}：请填写正确的内容` };
  }
  if (column.kind === 'date') {
    if (v instanceof Date) return { value: isoDate(v) };
    if (typeof v === 'number') {
      if (v >= 19000101 && v <= 29991231) return { value: dateFromText(String(v)) ?? String(v) };
      if (v >= 61 && v < 2_958_466) return { value: serialToDate(v, !!cell.worksheet.workbook.properties.date1904) };
      return { problem: `是数字 ${v}，不是日期：请写成 YYYY-MM-DD` };
    }
    const text = plainText(v).trim();
    if (!text) return { value: '' };
    // left as typed when it is no date we know: the record's own check names the format
    return { value: dateFromText(text) ?? text };
  }
  if (column.kind === 'number') {
    if (typeof v === 'number') {
      // Excel keeps 15 significant digits: an 18-digit 身份证号/信用代码 typed as a number has lost its tail.
      if (Math.abs(v) >= 1e15 || !Number.isInteger(v)) {
        return { problem: `被 Excel 存成了数字（${v.toExponential(5)}），号码末尾几位已经丢失：请把该列设为“文本”格式，重新输入完整号码` };
      }
      return { value: String(v) };
    }
    return { value: normalizeNumber(plainText(v).trim()) };
  }
  const text = plainText(v).trim();
  if (column.kind === 'list') return { value: text ? text.split(LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean) : [] };
  return { value: text };
}

const isEmpty = (v: string | string[]) => (Array.isArray(v) ? v.length === 0 : v === '');

/**
 * The data rows of one sheet, every mapped column read with readCell: `mapping` gives the field key per
 * header (headers mapped to nothing are ignored, as is the 结果 column of a result file). Rows with no
 * value in any mapped column are skipped; more than MAX_ROWS data rows is refused before any is read
 * (`maxRows`: MAX_ROWS, another limit only in tests).
 */
export function readSheet(ws: ExcelJS.Worksheet, mapping: Readonly<Record<string, string>>, maxRows = MAX_ROWS): SheetRead {
  const headers = headersOf(ws);
  const cols: { index: number; column: XlsxColumn; header: string }[] = [];
  headers.forEach((h, i) => {
    const key = h && h !== RESULT_HEADER ? mapping[h] : undefined;
    const column = key ? (MAPPABLE_COLUMNS.find((c) => c.key === key) ?? WEBSITE_COLUMNS.find((c) => c.key === key)) : undefined;
    if (!column) return;
    // a mapping names a column by its header: two columns under one header (an agency's 证件号码 for the company
    // and for the person) would both be read into one field, the later cell silently taking the earlier's place
    const twin = cols.find((c) => c.header === h);
    if (twin) {
      throw new DeskError('VALIDATION', `工作表“${ws.name}”中 ${columnLetter(twin.index)} 列和 ${columnLetter(i + 1)} 列的表头都是“${h}”，无法区分：请把其中一列改名（如 主体证件号码、负责人证件号码）后再导入`);
    }
    cols.push({ index: i + 1, column, header: h });
  });
  const last = ws.actualRowCount > 0 ? ws.rowCount : 0;
  if (last - 1 > maxRows) {
    // rowCount counts formatted but empty rows too: count the rows that hold a value before refusing
    let filled = 0;
    ws.eachRow({ includeEmpty: false }, (_r, n) => {
      if (n > 1) filled++;
    });
    if (filled > maxRows) throw new DeskError('VALIDATION', `工作表“${ws.name}”有 ${filled} 行数据，超过一次导入的上限 ${maxRows} 行：请分成几个文件导入`);
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const values = new Map<string, string | string[]>();
    const cells = new Map<string, CellRef>();
    const problems: CellProblem[] = [];
    let any = false;
    for (const { index, column, header } of cols) {
      const cell = row.getCell(index);
      const ref: CellRef = { sheet: ws.name, row: n, column: cell.address.replace(/\d+$/, ''), header };
      cells.set(column.key, ref);
      const read = readCell(cell, column);
      if ('problem' in read) {
        // a merged slave cell carries no value of its own; the area still marks the row
        if (cell.value !== null && cell.value !== undefined) any = true;
        problems.push({ cell: ref, message: `${header}${read.problem}` });
        values.set(column.key, column.kind === 'list' ? [] : '');
        continue;
      }
      if (!isEmpty(read.value)) any = true;
      values.set(column.key, read.value);
    }
    if (any) rows.push({ sheet: ws.name, row: n, values, cells, problems });
  });
  return { sheet: ws.name, headers, keys: cols.map((c) => c.column.key), rows };
}

// ---- writing ------------------------------------------------------------------------------------

export type LayoutRow = Record<string, string | readonly string[] | null | undefined>;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };

const columnLetter = (n: number): string => (n <= 0 ? '' : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

const cellText = (v: LayoutRow[string]) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v));

function addLayoutSheet(wb: ExcelJS.Workbook, name: string, columns: readonly XlsxColumn[], rows: readonly LayoutRow[], optionRanges: Map<string, string>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const head = ws.getCell(`${letter}1`);
    head.font = { bold: true };
    head.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    if (c.required) head.note = '必填';
    // numbers as text, so Excel keeps all 18 digits of a 证件号码 and the leading 0 of a phone number
    if (c.kind === 'number' || c.kind === 'date') ws.getColumn(i + 1).numFmt = '@';
    const range = optionRanges.get(c.key);
    if (range && c.kind !== 'list') {
      (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${MAX_ROWS + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [range],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      });
    }
  });
  for (const r of rows) ws.addRow(columns.map((c) => cellText(r[c.key])));
  return ws;
}

const WITH_OPTIONS = [...CLIENT_COLUMNS, ...WEBSITE_COLUMNS].filter((c) => c.options);

/** Where each drop-down's values sit on the hidden options sheet (a list over 255 characters cannot be written inline). */
function optionRanges(): Map<string, string> {
  return new Map(WITH_OPTIONS.map((c, i) => [c.key, `'${OPTIONS_SHEET}'!$${columnLetter(i + 1)}$2:$${columnLetter(i + 1)}$${c.options!.length + 1}`]));
}

function addOptionsSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  WITH_OPTIONS.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    ws.getCell(`${letter}1`).value = c.header;
    c.options!.forEach((o, j) => (ws.getCell(`${letter}${j + 2}`).value = o));
  });
}

function addNotesSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(NOTES_SHEET);
  ws.getColumn(1).width = 110;
  ws.addRow(['填写说明']).font = { bold: true, size: 14 };
  TEMPLATE_NOTES.forEach((n, i) => (ws.addRow([`${i + 1}. ${n}`]).alignment = { wrapText: true }));
  ws.addRow([]);
  ws.addRow(['必填列（表头为橙色）']).font = { bold: true };
  for (const c of [...CLIENT_COLUMNS, ...WEBSITE_COLUMNS].filter((x) => x.required)) ws.addRow([`${c.header}${c.options ? `（可选：${c.options.length > 8 ? `见下拉列表，共 ${c.options.length} 项` : c.options.join('、')}）` : ''}`]);
}

export interface ClientSheetRows {
  client: LayoutRow;
  websites: LayoutRow[];
}

/** The import template (example rows included) or a client export in the same layout, re-importable. */
export async function layoutWorkbook(clients: readonly ClientSheetRows[], options: { example: boolean }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '备案助手';
  const example = (cols: readonly XlsxColumn[]) => Object.fromEntries(cols.map((c) => [c.key, c.example]));
  const clientRows = [...(options.example ? [example(CLIENT_COLUMNS)] : []), ...clients.map((c) => c.client)];
  const websiteRows = [...(options.example ? [example(WEBSITE_COLUMNS)] : []), ...clients.flatMap((c) => c.websites)];
  const ranges = optionRanges();
  addLayoutSheet(wb, CLIENT_SHEET, CLIENT_COLUMNS, clientRows, ranges);
  addLayoutSheet(wb, WEBSITE_SHEET, WEBSITE_COLUMNS, websiteRows, ranges);
  if (options.example) {
    for (const name of [CLIENT_SHEET, WEBSITE_SHEET]) wb.getWorksheet(name)!.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  }
  addOptionsSheet(wb);
  addNotesSheet(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A plain table in one sheet (the order board). */
export async function tableWorkbook(sheet: string, headers: readonly { header: string; width: number }[], rows: readonly (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '备案助手';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.header, width: h.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = HEADER_FILL;
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The operator's own workbook back with a 结果 column on the sheet the clients were read from (an older
 * 结果 column is overwritten), so the rows can be fixed and imported again.
 */
export async function withResultColumn(data: Buffer, fileName: string, sheet: string, results: ReadonlyMap<number, string>): Promise<Buffer> {
  const wb = await loadWorkbook(data, fileName);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new DeskError('INTERNAL', `结果文件中找不到工作表“${sheet}”`);
  const headers = headersOf(ws);
  const existing = headers.indexOf(RESULT_HEADER);
  // after the last column holding any cell, not the last titled one: a column of the operator's own notes
  // left without a header would be written over
  const col = existing >= 0 ? existing + 1 : Math.max(headers.length, ws.columnCount) + 1;
  const head = ws.getCell(1, col);
  head.value = RESULT_HEADER;
  head.font = { bold: true };
  ws.getColumn(col).width = 50;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n > 1) row.getCell(col).value = results.get(n) ?? null;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
