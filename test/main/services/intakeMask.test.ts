// The import preview shows a 主体证件号码 in clear only when it is a company's 统一社会信用代码; a 身份证号 is
// masked whatever the 性质 cell says.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { maskNumber } from '../../../main/domain/identifiers';
import { previewCertNumber, previewXlsx } from '../../../main/services/intake';
import { personId, uscc } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

const control = { progress: () => {}, cancelled: false };

describe('证件号码 in the Excel import preview', () => {
  it('masks a 身份证号 when 性质 is 个人备案, blank or 企业, and shows a company code in clear', async () => {
    const desk = await openTestDesk(tempDir());
    const company = uscc('914403000000000990');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('个人客户');
    ws.addRow(['姓名', '身份证号', '性质', '手机']);
    ws.addRow(['王五', personId(5), '个人备案', '13800000005']);
    ws.addRow(['赵六', personId(6), '', '13800000006']);
    ws.addRow(['钱七', personId(7), '企业', '13800000007']);
    ws.addRow(['孙八', personId(8), '个人', '13800000008']);
    ws.addRow(['深圳市某某科技有限公司', company, '企业', '13800000009']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = { 姓名: 'entity.name', 身份证号: 'entity.certNumber', 性质: 'entity.nature', 手机: 'person.mobile' };
    const preview = await previewXlsx(desk, { fileName: 'own.xlsx', data, mapping }, control);
    expect(preview.rows.map((r) => r.certNumber)).toEqual([...[5, 6, 7, 8].map((n) => maskNumber(personId(n))), company]);
    expect(JSON.stringify(preview)).not.toMatch(new RegExp([5, 6, 7, 8].map((n) => personId(n)).join('|')));
  });

  it('masks a passport, a mistyped code and a code on a row marked 个人', () => {
    expect(previewCertNumber('个人', 'E12345678')).toBe(maskNumber('E12345678'));
    const code = uscc('914403000000000990');
    expect(previewCertNumber('企业', code)).toBe(code);
    expect(previewCertNumber('个人', code)).toBe(maskNumber(code));
    const mistyped = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(previewCertNumber('企业', mistyped)).toBe(maskNumber(mistyped));
  });
});
