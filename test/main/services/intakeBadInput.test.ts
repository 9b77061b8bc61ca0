// Every kind of bad Excel input the issue lists: a clear Chinese reason, nothing written, memory bounded.
import CFB from 'cfb';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CLIENT_COLUMNS, CLIENT_SHEET, MAX_ROWS } from '../../../main/export/xlsxLayout';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { getClientClear, listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { companyRecord, personId } from '../../fixtures/records';
import { testRouter } from '../../helpers';
import type { Desk } from '../../../main/desk';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
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

async function refused(openDesk: OpenDesk, data: Buffer, pattern: RegExp, fileName = 'clients.xlsx') {
  const desk = await openDesk();
  await expect(previewXlsx(desk, { fileName, data }, control)).rejects.toThrow(pattern);
  expect(await count(desk)).toBe(0);
}

/**
 * A sheet of `n` data rows, written once per file and given to both stores: the bytes are what is tested,
 * and ExcelJS took several seconds to write each of them.
 */
const bigSheets = new Map<number, Promise<Buffer>>();
function rows(n: number): Promise<Buffer> {
  let sheet = bigSheets.get(n);
  if (!sheet) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(CLIENT_SHEET);
    ws.addRow(CLIENT_COLUMNS.map((c) => c.header));
    const base = CLIENT_COLUMNS.map((c) => c.example);
    for (let i = 0; i < n; i++) ws.addRow(base.map((v, j) => (CLIENT_COLUMNS[j]!.key === 'entity.name' ? `深圳市第${i}号科技有限公司` : v)));
    sheet = wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
    bigSheets.set(n, sheet);
  }
  return sheet;
}

describeEachStore('bad Excel input', (openDesk) => {
  it('refuses a file that is not xlsx: text, an image, a zip without a workbook', async () => {
    await refused(openDesk, Buffer.from('姓名,证件号码\n张三,110105194912310021\n'), /不是 Excel 工作簿（\.xlsx）/, 'clients.csv');
    await refused(openDesk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), /不是 Excel 工作簿/);
    await refused(openDesk, await zipOf({ 'readme.txt': Buffer.from('hello') }), /没有 Excel 工作簿（缺少 xl\/workbook\.xml）/);
    await refused(openDesk, Buffer.alloc(0), /是空的/);
  });

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

  it('refuses a password-protected workbook and an old .xls by what they are', async () => {
    const encrypted = CFB.utils.cfb_new();
    CFB.utils.cfb_add(encrypted, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(encrypted, '/EncryptedPackage', Buffer.alloc(4096, 7));
    await refused(openDesk, Buffer.from(CFB.write(encrypted, { type: 'buffer' }) as Uint8Array), /设有打开密码（已加密）/);
    const xls = CFB.utils.cfb_new();
    CFB.utils.cfb_add(xls, '/Workbook', Buffer.alloc(4096, 1));
    await refused(openDesk, Buffer.from(CFB.write(xls, { type: 'buffer' }) as Uint8Array), /旧版 Excel（\.xls）/);
  });

  it('refuses a 50 MB file before reading it, and the API refuses it at the door', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024);
    big.write('PK\u0003\u0004');
    const before = process.memoryUsage().rss;
    await refused(openDesk, big, /超过导入上限 20 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
    const { router } = await testRouter(await openDesk());
    const r = await router.invoke('intake.previewXlsx', { fileName: 'big.xlsx', contentBase64: big.toString('base64') });
    expect(r.ok ? '' : r.error.message).toMatch(/文件过大：Excel 导入不超过 20 MB/);
  });

  it('refuses a zip bomb disguised as xlsx, declared or lying, without inflating it', async () => {
    // declared: 130 MB of zeros in one part (over the 120 MB a part may have), ~130 KB zipped
    const declared = await zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(130 * 1024 * 1024) });
    expect(declared.length).toBeLessThan(2 * 1024 * 1024);
    await refused(openDesk, declared, /超过(单个文件的上限|上限).*可能是压缩炸弹/);
    // lying: the part says 1000 bytes and inflates to 40 MB
    const zip = await zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(40 * 1024 * 1024) });
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let at = zip.indexOf(name); at >= 0; at = zip.indexOf(name, at + 1)) {
      // local header: size field 26 bytes before the name; central header: 22 bytes before its name field block
      if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(1000, at - 30 + 22);
      if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(1000, at - 46 + 24);
    }
    const before = process.memoryUsage().rss;
    await refused(openDesk, zip, /解压后超过了声明的大小（可能是压缩炸弹）/);
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
  });

  it('marks formula cells and merged cells at their cell and does not import those rows', async () => {
    const desk = await openDesk();
    const name = letter('负责人姓名');
    const district = letter('区县');
    const data = await template([1, 2, 3, 4], (ws) => {
      ws.getCell(`${name}2`).value = { formula: 'UPPER("张三")', result: '张三' };
      ws.mergeCells(`${district}4:${district}5`);
    });
    const preview = await previewXlsx(desk, { fileName: 'f.xlsx', data }, control);
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
    const to = letter('证件有效期止');
    const from = letter('证件有效期起');
    const id = letter('负责人证件号码');
    const mobile = letter('手机号码');
    const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const data = await template([1, 2, 3, 4], (ws) => {
      ws.getCell(`${to}2`).value = 49310; // 2035-01-01 as Excel's serial day
      ws.getCell(`${to}3`).value = new Date(Date.UTC(2035, 0, 1));
      ws.getCell(`${to}4`).value = '2035年1月1日';
      ws.getCell(`${from}4`).value = '2015/1/1';
      ws.getCell(`${id}4`).value = fullWidth(` ${personId(3)} `);
      ws.getCell(`${mobile}4`).value = fullWidth('138-0000-0003');
      ws.getCell(`${to}5`).value = '2035-13-01';
    });
    const preview = await previewXlsx(desk, { fileName: 'd.xlsx', data }, control);
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
    const to = letter('证件有效期止');
    const imported = async (edit: (ws: ExcelJS.Worksheet) => void) => {
      const preview = await previewXlsx(desk, { fileName: 's.xlsx', data: await template([1], edit) }, control);
      const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: true }, control);
      return (await getClientClear(desk, result.rows[0]!.entityId!)).people[0]!.certValidTo;
    };
    // 2035-01-01 18:00 (a date and time, its cell formatted to show the day only)
    expect(await imported((ws) => void (ws.getCell(`${to}2`).value = 49310.75))).toBe('2035-01-01');
    // the same day on a Mac workbook saved with the 1904 date system: 1462 days fewer
    expect(
      await imported((ws) => {
        ws.workbook.properties.date1904 = true;
        ws.getCell(`${to}2`).value = 47848;
      }),
    ).toBe('2035-01-01');
  });

  it('refuses a name carrying an invisible character copied along (zero-width space, word joiner), at its cell', async () => {
    const desk = await openDesk();
    const entity = letter('主办单位名称');
    const name = letter('负责人姓名');
    // invisible on screen, but the 主办单位名称 no longer equals the 营业执照's
    const data = await template([1], (ws) => {
      ws.getCell(`${entity}2`).value = `${String(ws.getCell(`${entity}2`).value)}\u200b`;
      ws.getCell(`${name}2`).value = '张\u2060三';
    });
    const preview = await previewXlsx(desk, { fileName: 'i.xlsx', data }, control);
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
    const id = letter('负责人证件号码');
    const data = await template([1], (ws) => {
      ws.getCell(`${id}2`).value = 440305199003070011;
    });
    const preview = await previewXlsx(desk, { fileName: 'n.xlsx', data }, control);
    expect(preview.rows[0]!.findings.find((f) => f.cell?.column === id)?.message).toContain('被 Excel 存成了数字');
  });

  it('takes 10 000 rows with progress in bounded memory and refuses one more', async () => {
    await refused(openDesk, await rows(MAX_ROWS + 1), /有 10001 行数据，超过一次导入的上限 10000 行/);
    const desk = await openDesk();
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
