import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { CLIENT_SHEET } from '../../../main/export/xlsxLayout';
import { auditTrail, createClients, listClients } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { exportClientListXlsx, exportOrdersXlsx } from '../../../main/services/xlsxExport';
import { createOrder } from '../../../main/services/orders';
import { companyRecord, personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const control = { progress: () => {}, cancelled: false };

async function sheetOf(b64: string, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
  return wb.getWorksheet(name)!;
}

describeEachStore('导出 Excel', (openDesk) => {
  it('exports the client list of the current search masked, and in clear only on purpose, logged per client', async () => {
    const desk = await openDesk();
    await createClients(desk, [1, 2, 3].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const all = await exportClientListXlsx(desk, { reveal: false });
    expect(all.count).toBe(3);
    const text = JSON.stringify((await sheetOf(all.contentBase64, CLIENT_SHEET)).getSheetValues());
    expect(text).not.toContain(personId(1));
    expect(text).toContain('深圳市示例000001科技有限公司');
    const one = await exportClientListXlsx(desk, { query: 'shili000002.cn', reveal: true });
    expect(one.count).toBe(1);
    const clear = JSON.stringify((await sheetOf(one.contentBase64, CLIENT_SHEET)).getSheetValues());
    expect(clear).toContain(personId(2));
    expect((await auditTrail(desk, { entityId: 2, limit: 10 })).some((a) => a.action === 'entity.export')).toBe(true);
    expect((await auditTrail(desk, { entityId: 1, limit: 10 })).some((a) => a.action === 'entity.export')).toBe(false);
  });

  it('a 明文导出 goes back in through the import as the same clients (更新, no duplicates)', async () => {
    const desk = await openDesk();
    await createClients(desk, [1, 2].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const f = await exportClientListXlsx(desk, { reveal: true });
    const preview = await previewXlsx(desk, { fileName: f.fileName, data: Buffer.from(f.contentBase64, 'base64') }, control);
    expect(preview.rows.map((r) => r.status)).toEqual(['update', 'update']);
    expect(preview.totals.blocked).toBe(0);
    await commitXlsx(desk, { token: preview.token, mode: 'all', update: true }, control);
    expect((await listClients(desk, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(2);
  });

  it('exports the order board', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent', effectiveDate: null, change: {} });
    const f = await exportOrdersXlsx(desk, { openOnly: false });
    expect(f.count).toBe(1);
    const ws = await sheetOf(f.contentBase64, '备案订单');
    expect(ws.getRow(2).getCell(2).value).toBe('深圳市示例000001科技有限公司');
    expect(ws.getRow(2).getCell(6).value).toBe('草稿');
  });
});

describeEachStore('an agency’s own sheet', (openDesk) => {
  it('asks for the column mapping once, then remembers it for the same headers', async () => {
    const desk = await openDesk();
    const r = clientRecordSchema.parse(companyRecord(7));
    const p = r.people[0]!;
    const build = async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('客户资料');
      ws.addRow(['公司名称', '统一社会信用代码', '法人', '身份证号', '手机', '邮箱', '省', '城市', '注册地址', '联系地址', '业务员']);
      ws.addRow([r.entity.name, r.entity.certNumber, p.name, p.certNumber, p.mobile, p.email, '广东省', '深圳市', r.entity.certAddress, r.entity.mailingAddress, '小王']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const first = await previewXlsx(desk, { fileName: 'own.xlsx', data: await build() }, control);
    expect(first.needsMapping?.suggested).toMatchObject({ 公司名称: 'entity.name', 统一社会信用代码: 'entity.certNumber', 身份证号: 'person.certNumber', 业务员: '' });
    const mapping = { ...first.needsMapping!.suggested, 法人: 'person.name' };
    const mapped = await previewXlsx(desk, { fileName: 'own.xlsx', data: await build(), mapping }, control);
    expect(mapped.kind).toBe('own');
    expect(mapped.rows).toHaveLength(1);
    // what the sheet lacks (主办者性质, 证件类型 …) is named, at the row
    expect(mapped.rows[0]!.findings.some((f) => f.severity === 'error')).toBe(true);
    const again = await previewXlsx(desk, { fileName: 'own-2.xlsx', data: await build() }, control);
    expect(again.needsMapping).toBeNull();
    expect(again.mapping).toMatchObject({ 法人: 'person.name', 公司名称: 'entity.name' });
    expect(again.rows[0]!.name).toBe(r.entity.name);
  });

  it('refuses a sheet where the header of a mapped column names two columns, rather than reading one into the other\'s field', async () => {
    const desk = await openDesk();
    const r = clientRecordSchema.parse(companyRecord(8));
    const p = r.people[0]!;
    // the agency's sheet calls both the company's and the person's number 证件号码
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户资料');
    ws.addRow(['公司名称', '证件号码', '法人', '证件号码', '手机', '邮箱']);
    ws.addRow([r.entity.name, r.entity.certNumber, p.name, p.certNumber, p.mobile, p.email]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = { 公司名称: 'entity.name', 证件号码: 'entity.certNumber', 法人: 'person.name', 手机: 'person.mobile', 邮箱: 'person.email' };
    await expect(previewXlsx(desk, { fileName: 'own.xlsx', data, mapping }, control)).rejects.toThrow('工作表“客户资料”中 B 列和 D 列的表头都是“证件号码”，无法区分：请把其中一列改名（如 主体证件号码、负责人证件号码）后再导入');
  });

  it('says which other sheets of the workbook hold rows it does not read (only one sheet is imported)', async () => {
    const desk = await openDesk();
    const [a, b] = [clientRecordSchema.parse(companyRecord(9)), clientRecordSchema.parse(companyRecord(10))];
    const wb = new ExcelJS.Workbook();
    const headers = ['公司名称', '统一社会信用代码', '法人'];
    for (const [name, r] of [['一月', a], ['二月', b]] as const) wb.addWorksheet(name).addRows([headers, [r.entity.name, r.entity.certNumber, r.people[0]!.name]]);
    wb.addWorksheet('空白');
    wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['x']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await previewXlsx(desk, { fileName: 'months.xlsx', data, mapping: { 公司名称: 'entity.name', 统一社会信用代码: 'entity.certNumber', 法人: 'person.name' } }, control);
    expect(preview.sheet).toBe('一月');
    expect(preview.rows.map((r) => r.name)).toEqual([a.entity.name]);
    // (the sheet's missing required columns are findings of their own: intakeColumns.test.ts)
    expect(preview.fileFindings.filter((f) => f.ruleId !== 'V-REC-01')).toEqual([
      { ruleId: 'V-XLS-04', severity: 'warning', message: '本次只读取工作表“一月”：工作表“二月”中的内容不会导入', hint: '把其他工作表中的客户复制到同一工作表，或另存为单独的文件分别导入', cell: null },
    ]);
  });

  it('puts the 结果 column after every column holding cells, never over a column the header row leaves untitled', async () => {
    const desk = await openDesk();
    const r = clientRecordSchema.parse(companyRecord(11));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户资料');
    ws.addRow(['公司名称', '统一社会信用代码', '法人']);
    // the agency's own notes, in a column it never titled
    ws.addRow([r.entity.name, r.entity.certNumber, r.people[0]!.name, '老客户，续费到2026年']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await previewXlsx(desk, { fileName: 'own.xlsx', data, mapping: { 公司名称: 'entity.name', 统一社会信用代码: 'entity.certNumber', 法人: 'person.name' } }, control);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    const back = await sheetOf(result.resultBase64, '客户资料');
    expect(back.getCell('D2').value).toBe('老客户，续费到2026年');
    expect(back.getCell('E1').value).toBe('结果');
    expect(String(back.getCell('E2').value)).toMatch(/^未导入：/);
  });

  it('reads its own result file back with the mapping it remembered: the 结果 column is no new layout', async () => {
    const desk = await openDesk();
    const r = clientRecordSchema.parse(companyRecord(12));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('客户资料').addRows([['公司名称', '统一社会信用代码', '法人'], [r.entity.name, r.entity.certNumber, r.people[0]!.name]]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = { 公司名称: 'entity.name', 统一社会信用代码: 'entity.certNumber', 法人: 'person.name' };
    const preview = await previewXlsx(desk, { fileName: 'own.xlsx', data, mapping }, control);
    const result = await commitXlsx(desk, { token: preview.token, mode: 'valid', update: false }, control);
    const again = await previewXlsx(desk, { fileName: result.resultFileName, data: Buffer.from(result.resultBase64, 'base64') }, control);
    expect(again.needsMapping).toBeNull();
    expect(again.mapping).toEqual(mapping);
    expect(again.rows.map((x) => x.name)).toEqual([r.entity.name]);
  });

  it('reads the first sheet holding cells, past an empty Sheet1 left in front of it', async () => {
    const desk = await openDesk();
    const r = clientRecordSchema.parse(companyRecord(13));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    wb.addWorksheet('客户资料').addRows([['公司名称', '统一社会信用代码', '法人'], [r.entity.name, r.entity.certNumber, r.people[0]!.name]]);
    const preview = await previewXlsx(desk, { fileName: 'own.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }, control);
    expect(preview.sheet).toBe('客户资料');
    expect(preview.needsMapping?.headers).toEqual(['公司名称', '统一社会信用代码', '法人']);
  });

  it('refuses a mapping that puts two columns on one field', async () => {
    const desk = await openDesk();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['名称', '公司', '代码']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(previewXlsx(desk, { fileName: 'x.xlsx', data, mapping: { 名称: 'entity.name', 公司: 'entity.name', 代码: 'entity.certNumber' } }, control)).rejects.toThrow('每个字段只能对应一列');
  });
});
