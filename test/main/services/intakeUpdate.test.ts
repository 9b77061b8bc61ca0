// 更新已有客户 from Excel: only what the sheet has a column for is written; websites are matched by domain or
// homepage, never by name; a stored domain is never dropped by an import.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema, type ClientRecord } from '../../../main/domain/schemas';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { addWebsite, createClients, getClientClear } from '../../../main/services/clients';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { exportClientListXlsx } from '../../../main/services/xlsxExport';
import type { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

const control = { progress: () => {}, cancelled: false };

async function importUpdating(desk: Desk, data: Buffer, mapping?: Record<string, string>) {
  const preview = await previewXlsx(desk, { fileName: 'c.xlsx', data, mapping }, control);
  return await commitXlsx(desk, { token: preview.token, mode: 'all', update: true }, control);
}

/** An agency's sheet with only the columns the import needs (no 区县, 投资人, 营业期限, 备注, 证件有效期, 办公/应急电话). */
async function requiredColumnsSheet(rec: ClientRecord, extra: Record<string, string> = {}): Promise<{ data: Buffer; mapping: Record<string, string> }> {
  const e = rec.entity;
  const p = rec.people[0]!;
  const columns: [string, string, string][] = [
    ['省份', 'entity.province', e.province],
    ['市', 'entity.city', e.city],
    ['主办者性质', 'entity.nature', e.nature],
    ['主体证件类型', 'entity.certType', e.certType],
    ['统一社会信用代码', 'entity.certNumber', e.certNumber],
    ['单位名称', 'entity.name', e.name],
    ['住所', 'entity.certAddress', e.certAddress],
    ['通讯地址', 'entity.mailingAddress', e.mailingAddress],
    ['法人', 'person.name', p.name],
    ['法人证件类型', 'person.certType', p.certType],
    ['身份证号', 'person.certNumber', p.certNumber],
    ['手机', 'person.mobile', p.mobile],
    ['邮箱', 'person.email', p.email],
    ...Object.entries(extra).map(([key, value]): [string, string, string] => [key, key, value]),
  ];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户资料');
  ws.addRow(columns.map((c) => c[0]));
  ws.addRow(columns.map((c) => c[2]));
  return { data: Buffer.from(await wb.xlsx.writeBuffer()), mapping: Object.fromEntries(columns.map((c) => [c[0], c[1]])) };
}

describeEachStore('Excel 更新已有客户', (openDesk) => {
  it('a 明文导出 imported back with 更新 keeps 经营范围, which the layout has no column for', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(1));
    rec.entity.businessScope = '软件开发；信息技术咨询服务';
    const [c] = await createClients(desk, [rec]);
    const f = await exportClientListXlsx(desk, { reveal: true });
    const result = await importUpdating(desk, Buffer.from(f.contentBase64, 'base64'));
    expect(result.rows.map((r) => r.outcome)).toEqual(['updated']);
    expect((await getClientClear(desk, c!.id)).businessScope).toBe('软件开发；信息技术咨询服务');
  });

  it('an agency sheet of only the required columns changes what it has and leaves every other field as stored', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(7));
    rec.entity.remark = '客户要求每年复核';
    rec.entity.certValidTo = '长期';
    rec.entity.businessScope = '软件开发';
    rec.people[0]!.officePhone = '086-0755-12345678';
    rec.people[0]!.emergencyPhone = '13900139007';
    const [c] = await createClients(desk, [rec]);
    const before = await getClientClear(desk, c!.id);
    expect(before.people[0]!.certValidFrom).toBeTruthy();
    const changed = clientRecordSchema.parse(companyRecord(7));
    changed.entity.mailingAddress = '广东省深圳市福田区新地址2号';
    changed.people[0]!.mobile = '13700137007';
    const { data, mapping } = await requiredColumnsSheet(changed);
    const result = await importUpdating(desk, data, mapping);
    expect(result.rows.map((r) => r.outcome)).toEqual(['updated']);
    const after = await getClientClear(desk, c!.id);
    expect(after.mailingAddress).toBe('广东省深圳市福田区新地址2号');
    expect(after.people[0]!.mobile).toBe('13700137007');
    const kept = (v: typeof before) => ({
      remark: v.remark, investor: v.investor, district: v.district, certValidTo: v.certValidTo, businessScope: v.businessScope, websites: v.websites.map((w) => [w.name, w.domains, w.ips, w.languages]),
      person: v.people.map((p) => [p.certValidFrom, p.certValidTo, p.officePhone, p.emergencyPhone]),
    });
    expect(kept(after)).toEqual(kept(before));
  });

  it('previews an update as the client it leaves: a field the sheet has no column for is judged as stored', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(7));
    await createClients(desk, [rec]);
    const { data, mapping } = await requiredColumnsSheet(clientRecordSchema.parse(companyRecord(7)));
    const preview = await previewXlsx(desk, { fileName: 'c.xlsx', data, mapping }, control);
    const [row] = preview.rows;
    expect(row).toMatchObject({ status: 'update' });
    // the client as stored is ready to file; the sheet changes none of what it has, so nothing can be new here
    expect(row!.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('a blank cell in a column the sheet has empties that field (as emptying it in the form would)', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(8));
    rec.entity.remark = '旧备注';
    rec.entity.certValidTo = '长期';
    const [c] = await createClients(desk, [rec]);
    const { data, mapping } = await requiredColumnsSheet(clientRecordSchema.parse(companyRecord(8)), { 'entity.remark': '', 'entity.certValidTo': '' });
    await importUpdating(desk, data, mapping);
    const after = await getClientClear(desk, c!.id);
    expect(after.remark).toBe('');
    expect(after.certValidTo ?? null).toBeNull();
  });

  it('a website named like a stored one but on another domain is a new website: the filed one keeps its domains', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(1));
    rec.websites[0]!.name = '企业官网';
    const [c] = await createClients(desk, [rec]);
    const sheet = clientRecordSchema.parse(companyRecord(1, { domains: ['newshop-2026.cn'] }));
    sheet.websites[0]!.name = '企业官网';
    sheet.websites[0]!.homepages = ['www.newshop-2026.cn'];
    const result = await importUpdating(desk, await layoutWorkbook([rowsOfRecord(sheet)], { example: false }));
    expect(result.rows.map((r) => r.outcome)).toEqual(['updated']);
    const after = await getClientClear(desk, c!.id);
    expect(after.websites.map((w) => [w.name, w.domains]).sort()).toEqual([
      ['企业官网', ['newshop-2026.cn']],
      ['企业官网', ['shili000001.cn', 'shili000001.com.cn']],
    ]);
  });

  it('a row listing fewer domains of a stored website updates it, keeps the domains it left out and says so', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(2))]);
    const sheet = clientRecordSchema.parse(companyRecord(2, { domains: ['shili000002.cn'] }));
    sheet.websites[0]!.name = '改名后的官网';
    const result = await importUpdating(desk, await layoutWorkbook([rowsOfRecord(sheet)], { example: false }));
    expect(result.rows[0]!.outcome).toBe('updated');
    expect(result.rows[0]!.message).toContain('保留了表中未列出的已登记域名 shili000002.com.cn');
    const after = await getClientClear(desk, c!.id);
    expect(after.websites.map((w) => [w.name, w.domains])).toEqual([['改名后的官网', ['shili000002.cn', 'shili000002.com.cn']]]);
  });

  it('refuses, writing nothing for that client, a row whose domains belong to two stored websites', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(3))]);
    const before = await getClientClear(desk, c!.id);
    const { principal: _p, ...site } = clientRecordSchema.parse(companyRecord(3, { domains: ['shop000003.cn'] })).websites[0]!;
    await addWebsite(desk, c!.id, { ...site, name: '商城', homepages: ['www.shop000003.cn'], principalPersonId: before.principalPersonId! });
    const sheet = clientRecordSchema.parse(companyRecord(3, { domains: ['shili000003.cn', 'shop000003.cn'] }));
    sheet.entity.remark = '不应写入';
    const result = await importUpdating(desk, await layoutWorkbook([rowsOfRecord(sheet)], { example: false }));
    expect(result.rows[0]!.outcome).toBe('failed');
    expect(result.rows[0]!.message).toMatch(/分属已有的网站.*一行只能对应一个已有网站/);
    expect((await getClientClear(desk, c!.id)).remark).toBe('');
  });
});
