// Every kind of bad Excel input the issue lists: a clear Chinese reason, nothing written, memory bounded.
import CFB from 'cfb';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CLIENT_COLUMNS, CLIENT_SHEET, MAX_ROWS } from '../../../main/export/xlsxLayout';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { getClientClear, listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { companyRecord, personId } from '../../fixtures/records';
import { openTestDesk, tempDir, testRouter } from '../../helpers';
import type { Desk } from '../../../main/desk';
import { describeEachStore } from '../../support/eachStore';
import { zipOf } from '../../support/zipOf';

const control = { progress: () => {}, cancelled: false };
const count = async (desk: Desk) => (await listClients(desk, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total;
const letter = (header: string) => String.fromCharCode(65 + CLIENT_COLUMNS.findIndex((c) => c.header === header));

async function template(clients: number[], edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const data = await layoutWorkbook(clients.map((i) => rowsOfRecord(clientRecordSchema.parse(companyRecord(i)))), { example: false });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  edit(wb.getWorksheet(CLIENT_SHEET)!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A workbook made once per file, on first use, and given to both stores: the bytes are what is tested, and
 * writing them (exceljs, or deflating a bomb's hundred megabytes) cost as much as the store's part of a test.
 */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

async function refused(desk: Desk, data: Buffer, pattern: RegExp, fileName = 'clients.xlsx') {
  await expect(previewXlsx(desk, { fileName, data }, control)).rejects.toThrow(pattern);
  expect(await count(desk)).toBe(0);
}

/**
 * A sheet of `n` data rows, every column filled as the template's example (`sparse`: the 主体名称 only), written
 * once per file by ExcelJS's streaming writer (shared strings, as Excel saves them): its workbook writer took
 * about 3.5 s of CPU for 10 000 rows, the streaming one about 1 s.
 */
const bigSheets = new Map<string, Promise<Buffer>>();
function rows(n: number, sparse = false): Promise<Buffer> {
  let sheet = bigSheets.get(`${n} ${sparse}`);
  if (!sheet) {
    sheet = (async () => {
      const out = new PassThrough();
      const parts: Buffer[] = [];
      out.on('data', (part: Buffer) => parts.push(part));
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
      const ws = wb.addWorksheet(CLIENT_SHEET);
      ws.addRow(CLIENT_COLUMNS.map((c) => c.header)).commit();
      const base = CLIENT_COLUMNS.map((c) => c.example);
      for (let i = 0; i < n; i++) ws.addRow(base.map((v, j) => (CLIENT_COLUMNS[j]!.key === 'entity.name' ? `深圳市第${i}号科技有限公司` : sparse ? null : v))).commit();
      ws.commit();
      await wb.commit();
      return Buffer.concat(parts);
    })();
    bigSheets.set(`${n} ${sparse}`, sheet);
  }
  return sheet;
}

// Refused by the check of the bytes (xlsxGuard.ts), the first thing previewXlsx does: the store is never
// reached, so these run once, on a single desk.
describe('bad Excel input, refused before the workbook is opened', () => {
  it('refuses a file that is not xlsx: text, an image, a zip without a workbook', async () => {
    const desk = await openTestDesk(tempDir());
    await refused(desk, Buffer.from('姓名,证件号码\n张三,110105194912310021\n'), /不是 Excel 工作簿（\.xlsx）/, 'clients.csv');
    await refused(desk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), /不是 Excel 工作簿/);
    await refused(desk, await zipOf({ 'readme.txt': Buffer.from('hello') }), /没有 Excel 工作簿（缺少 xl\/workbook\.xml）/);
    await refused(desk, Buffer.alloc(0), /是空的/);
  });

  it('refuses a password-protected workbook and an old .xls by what they are', async () => {
    const desk = await openTestDesk(tempDir());
    const encrypted = CFB.utils.cfb_new();
    CFB.utils.cfb_add(encrypted, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(encrypted, '/EncryptedPackage', Buffer.alloc(4096, 7));
    await refused(desk, Buffer.from(CFB.write(encrypted, { type: 'buffer' }) as Uint8Array), /设有打开密码（已加密）/);
    const xls = CFB.utils.cfb_new();
    CFB.utils.cfb_add(xls, '/Workbook', Buffer.alloc(4096, 1));
    await refused(desk, Buffer.from(CFB.write(xls, { type: 'buffer' }) as Uint8Array), /旧版 Excel（\.xls）/);
  });

  it('refuses a 50 MB file before reading it, and the API refuses it at the door', async () => {
    const desk = await openTestDesk(tempDir());
    const big = Buffer.alloc(50 * 1024 * 1024);
    big.write('PK\u0003\u0004');
    const before = process.memoryUsage().rss;
    await refused(desk, big, /超过导入上限 20 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
    const { router } = await testRouter(await openTestDesk(tempDir()));
    const r = await router.invoke('intake.previewXlsx', { fileName: 'big.xlsx', contentBase64: big.toString('base64') });
    expect(r.ok ? '' : r.error.message).toMatch(/文件过大：Excel 导入不超过 20 MB/);
  });

  it('refuses a zip bomb disguised as xlsx, declared or lying, without inflating it', async () => {
    const desk = await openTestDesk(tempDir());
    // declared: 130 MB of zeros in one part (over the 120 MB a part may have), ~130 KB zipped
    const declared = await zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(130 * 1024 * 1024) });
    expect(declared.length).toBeLessThan(2 * 1024 * 1024);
    await refused(desk, declared, /超过(单个文件的上限|上限).*可能是压缩炸弹/);
    // lying: the part says 1000 bytes and inflates to 40 MB
    const zip = await zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(40 * 1024 * 1024) });
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let at = zip.indexOf(name); at >= 0; at = zip.indexOf(name, at + 1)) {
      // local header: size field 26 bytes before the name; central header: 22 bytes before its name field block
      if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(1000, at - 30 + 22);
      if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(1000, at - 46 + 24);
    }
    const before = process.memoryUsage().rss;
    await refused(desk, zip, /解压后超过了声明的大小（可能是压缩炸弹）/);
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
  });
});

const name = letter('负责人姓名');
const district = letter('区县');
const formulaAndMerged = once(() =>
  template([1, 2, 3, 4], (ws) => {
    ws.getCell(`${name}2`).value = { formula: 'UPPER("张三")', result: '张三' };
    ws.mergeCells(`${district}4:${district}5`);
  }),
);
const to = letter('证件有效期止');
const from = letter('证件有效期起');
const id = letter('负责人证件号码');
const mobile = letter('手机号码');
const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const dates = once(() =>
  template([1, 2, 3, 4], (ws) => {
    ws.getCell(`${to}2`).value = 49310; // 2035-01-01 as Excel's serial day
    ws.getCell(`${to}3`).value = new Date(Date.UTC(2035, 0, 1));
    ws.getCell(`${to}4`).value = '2035年1月1日';
    ws.getCell(`${from}4`).value = '2015/1/1';
    ws.getCell(`${id}4`).value = fullWidth(` ${personId(3)} `);
    ws.getCell(`${mobile}4`).value = fullWidth('138-0000-0003');
    ws.getCell(`${to}5`).value = '2035-13-01';
  }),
);
// 2035-01-01 18:00 (a date and time, its cell formatted to show the day only)
const dayAndTime = once(() => template([1], (ws) => void (ws.getCell(`${to}2`).value = 49310.75)));
// the same day on a Mac workbook saved with the 1904 date system: 1462 days fewer
const date1904 = once(() =>
  template([1], (ws) => {
    ws.workbook.properties.date1904 = true;
    ws.getCell(`${to}2`).value = 47848;
  }),
);
const entity = letter('主办单位名称');
// invisible on screen, but the 主办单位名称 no longer equals the 营业执照's
const invisible = once(() =>
  template([1], (ws) => {
    ws.getCell(`${entity}2`).value = `${String(ws.getCell(`${entity}2`).value)}\u200b`;
    ws.getCell(`${name}2`).value = '张\u2060三';
  }),
);
const numberId = once(() =>
  template([1], (ws) => {
    ws.getCell(`${id}2`).value = 440305199003070011;
  }),
);

/** The row limit on both stores, as a limit of LIMIT rows (the real one, MAX_ROWS, below on one desk). */
const LIMIT = 30;

describeEachStore('bad Excel input', (openDesk) => {
  it('refuses a sheet whose first row is a client, not column titles, and remembers nothing of it (its 证件号码 would be kept in clear as a mapping)', async () => {
    const desk = await openDesk();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户名单');
    ws.addRow(['王五', personId(5), '个人', '13800000005']);
    ws.addRow(['赵六', personId(6), '个人', '13800000006']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const why = '工作表“客户名单”的第 1 行看起来是数据而不是表头（有单元格像证件号码、手机号或邮箱）：请在第一行加上列名（如 主体名称、证件号码、手机号码）后再导入';
    await expect(previewXlsx(desk, { fileName: 'list.xlsx', data }, control)).rejects.toThrow(why);
    // with a mapping sent for those "titles", as the mapping step would
    const mapping = { 王五: 'entity.name', [personId(5)]: 'entity.certNumber', 个人: 'entity.nature', '13800000005': 'person.mobile' };
    await expect(previewXlsx(desk, { fileName: 'list.xlsx', data, mapping }, control)).rejects.toThrow(why);
    expect(await desk.ctx.db.selectFrom('setting').select('key').where('key', 'like', 'intake.mapping.%').execute()).toEqual([]);
    expect(await count(desk)).toBe(0);
    // an e-mail in the first row is told the same way; titles with a digit or two are titles
    const mail = new ExcelJS.Workbook();
    mail.addWorksheet('Sheet1').addRow(['王五', 'wangwu@example.cn']);
    await expect(previewXlsx(desk, { fileName: 'mail.xlsx', data: Buffer.from(await mail.xlsx.writeBuffer()) }, control)).rejects.toThrow('看起来是数据而不是表头');
    const titled = new ExcelJS.Workbook();
    titled.addWorksheet('Sheet1').addRow(['单位名称', '证件号码（18位）', '联系人手机', '2024年备注']);
    await expect(previewXlsx(desk, { fileName: 'titled.xlsx', data: Buffer.from(await titled.xlsx.writeBuffer()) }, control)).resolves.toMatchObject({ needsMapping: { headers: ['单位名称', '证件号码（18位）', '联系人手机', '2024年备注'] } });
  });

  it('marks formula cells and merged cells at their cell and does not import those rows', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'f.xlsx', data: await formulaAndMerged() }, control);
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    expect(byRow.get(2)!.findings.find((f) => f.ruleId === 'V-XLS-01')).toMatchObject({ severity: 'error', cell: { row: 2, column: name }, message: expect.stringContaining('是公式') });
    for (const row of [4, 5]) expect(byRow.get(row)!.findings.find((f) => f.ruleId === 'V-XLS-01')).toMatchObject({ cell: { row, column: district }, message: expect.stringContaining('合并单元格') });
    expect(byRow.get(3)!.counts.error).toBe(0);
    // even “导入全部行” leaves them: the value read is not what the sheet shows
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    expect(result).toMatchObject({ created: 1, skipped: 3 });
    expect(result.rows.find((r) => r.row === 4)!.message).toContain('合并单元格');
    expect(await count(desk)).toBe(1);
  });

  it('reads dates as Excel numbers, Date cells and text, and full-width digits, as the form would', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'd.xlsx', data: await dates() }, control);
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    for (const row of [2, 3, 4]) expect(byRow.get(row)!.counts.error).toBe(0);
    expect(byRow.get(5)!.findings.some((f) => f.severity === 'error' && f.cell?.column === to && f.cell.row === 5)).toBe(true);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control);
    expect(result.created).toBe(3);
    const third = await getClientClear(desk, result.rows.find((r) => r.row === 4)!.entityId!);
    expect(third.people[0]).toMatchObject({ certValidFrom: '2015-01-01', certValidTo: '2035-01-01', certNumber: personId(3), mobile: '13800000003' });
    for (const r of result.rows.filter((x) => x.row < 4)) expect((await getClientClear(desk, r.entityId!)).people[0]!.certValidTo).toBe('2035-01-01');
  });

  it('reads an Excel serial day as the day Excel shows: a time of day never moves it on, and a 1904-dated workbook counts from 1904', async () => {
    const desk = await openDesk();
    const imported = async (data: Buffer) => {
      const preview = await previewXlsx(desk, { fileName: 's.xlsx', data }, control);
      const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: true }, control);
      return (await getClientClear(desk, result.rows[0]!.entityId!)).people[0]!.certValidTo;
    };
    expect(await imported(await dayAndTime())).toBe('2035-01-01');
    expect(await imported(await date1904())).toBe('2035-01-01');
  });

  it('refuses a name carrying an invisible character copied along (zero-width space, word joiner), at its cell', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'i.xlsx', data: await invisible() }, control);
    const errors = preview.rows[0]!.findings.filter((f) => f.severity === 'error').map((f) => [f.cell?.column, f.message]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [entity, expect.stringMatching(/^主办单位名称含有不可见的控制字符（第 \d+ 个字符，U\+200B），多为从其他软件复制时带入：请删除后重新输入$/)],
        [name, '姓名含有不可见的控制字符（第 2 个字符，U+2060），多为从其他软件复制时带入：请删除后重新输入'],
      ]),
    );
    expect((await commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control)).created).toBe(0);
    expect(await count(desk)).toBe(0);
  });

  it('refuses an 18-digit number Excel kept as a number: its last digits are gone', async () => {
    const desk = await openDesk();
    const preview = await previewXlsx(desk, { fileName: 'n.xlsx', data: await numberId() }, control);
    expect(preview.rows[0]!.findings.find((f) => f.cell?.column === id)?.message).toContain('被 Excel 存成了数字');
  });

  it(`takes as many rows as the limit (here ${LIMIT}) with progress and refuses one more`, async () => {
    const desk = await openDesk();
    // preloaded holders, as a sheet of MAX_ROWS rows is checked (PRELOAD_ROWS)
    const options = { maxRows: LIMIT, preloadFrom: 1 };
    await expect(previewXlsx(desk, { fileName: 'big.xlsx', data: await rows(LIMIT + 1) }, control, options)).rejects.toThrow(`有 ${LIMIT + 1} 行数据，超过一次导入的上限 ${LIMIT} 行`);
    let last = 0;
    const preview = await previewXlsx(desk, { fileName: 'big.xlsx', data: await rows(LIMIT) }, { progress: (done) => (last = done), cancelled: false }, options);
    expect(preview.totals.rows).toBe(LIMIT);
    expect(last).toBe(LIMIT);
    // every row names the same 主体: the later ones are marked as duplicates of the first, nothing written
    expect(preview.rows.slice(1).every((r) => r.findings.some((f) => f.ruleId === 'V-XLS-02'))).toBe(true);
    expect(await count(desk)).toBe(0);
  });
});

// The limit itself, once (MAX_ROWS is no store's: a sheet is counted before a row is checked). The rows past it
// hold a 主体名称 each: a row with any value counts.
describe('bad Excel input: the most rows a sheet may have', () => {
  it('takes 10 000 rows with progress in bounded memory and refuses one more', async () => {
    expect(MAX_ROWS).toBe(10_000);
    const desk = await openTestDesk(tempDir());
    await refused(desk, await rows(MAX_ROWS + 1, true), /有 10001 行数据，超过一次导入的上限 10000 行/);
    let last = 0;
    const before = process.memoryUsage().heapUsed;
    const preview = await previewXlsx(desk, { fileName: 'big.xlsx', data: await rows(MAX_ROWS) }, { progress: (done) => (last = done), cancelled: false });
    expect(preview.totals.rows).toBe(MAX_ROWS);
    expect(last).toBe(MAX_ROWS);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(600 * 1024 * 1024);
    // every row names the same 主体: the later ones are marked as duplicates of the first, nothing written
    expect(preview.rows[1]!.findings.some((f) => f.ruleId === 'V-XLS-02')).toBe(true);
    expect(await count(desk)).toBe(0);
  }, 240_000);
});
