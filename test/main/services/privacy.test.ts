// What screens and exports show of a person (main/services/privacy.ts): a mobile given as 办公室电话 — the
// console takes one there, and individuals often do — is masked like the mobile; an office line is not.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, exportClient, getClient } from '../../../main/services/clients';
import { maskOfficePhone } from '../../../main/services/privacy';
import { exportClientListXlsx } from '../../../main/services/xlsxExport';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

it('masks a mobile given as 办公室电话, with or without 086-, and leaves an office line', () => {
  expect(maskOfficePhone('13800000021')).toBe('138****0021');
  expect(maskOfficePhone('086-13800000021')).toBe('086********0021');
  expect(maskOfficePhone('086-0755-26012345')).toBe('086-0755-26012345');
  expect(maskOfficePhone('')).toBe('');
});

describeEachStore('a mobile given as 办公室电话', (openDesk) => {
  it('is in no masked view: the client card, the masked Excel, the masked JSON export', async () => {
    const desk = await openDesk();
    const rec = clientRecordSchema.parse(companyRecord(21));
    rec.people[0]!.officePhone = rec.people[0]!.mobile;
    const mobile = rec.people[0]!.mobile;
    const [c] = await createClients(desk, [rec]);
    expect((await getClient(desk, c!.id)).people[0]!.officePhone).not.toContain(mobile);
    const f = await exportClientListXlsx(desk, { reveal: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))).not.toContain(mobile);
    expect(JSON.stringify((await exportClient(desk, c!.id, false)).record)).not.toContain(mobile);
    // revealed on purpose, it is there
    expect(JSON.stringify((await exportClient(desk, c!.id, true)).record)).toContain(mobile);
  });
});
