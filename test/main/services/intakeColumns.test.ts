// An agency's own sheet without a column for a required field (no 市, 证件住所 or 通信地址 column): the preview
// says so once per missing column, naming it, and once on each row, instead of one vague finding per row and
// field with no cell to point at (“请填写市”, “请从列表中选择证件类型” — of the 主体 or of the 负责人?).
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { commitXlsx, previewXlsx } from '../../../main/services/intake';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

const control = { progress: () => undefined, cancelled: false };

/** Two clients on an agency's sheet that has no 市, 证件住所, 通信地址 or 负责人证件类型 column. */
async function sheetWithoutSomeColumns(): Promise<{ data: Buffer; mapping: Record<string, string> }> {
  const recs = [1, 2].map((i) => clientRecordSchema.parse(companyRecord(i)));
  const columns: [string, string, (r: (typeof recs)[number]) => string][] = [
    ['单位名称', 'entity.name', (r) => r.entity.name],
    ['统一社会信用代码', 'entity.certNumber', (r) => r.entity.certNumber],
    ['省份', 'entity.province', (r) => r.entity.province],
    ['性质', 'entity.nature', (r) => r.entity.nature],
    ['证件类型', 'entity.certType', (r) => r.entity.certType],
    ['法人', 'person.name', (r) => r.people[0]!.name],
    ['身份证号', 'person.certNumber', (r) => r.people[0]!.certNumber],
    ['手机', 'person.mobile', (r) => r.people[0]!.mobile],
    ['邮箱', 'person.email', (r) => r.people[0]!.email],
  ];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户资料');
  ws.addRow(columns.map((c) => c[0]));
  for (const r of recs) ws.addRow(columns.map((c) => c[2](r)));
  return { data: Buffer.from(await wb.xlsx.writeBuffer()), mapping: Object.fromEntries(columns.map((c) => [c[0], c[1]])) };
}

const MISSING = ['市', '证件住所', '通信地址', '负责人证件类型'];

describeEachStore('Excel import of a sheet without a required column', (openDesk) => {
  it('says each missing column once for the file, by its name, and once on each row; every row is counted as blocked', async () => {
    const desk = await openDesk();
    const { data, mapping } = await sheetWithoutSomeColumns();
    const preview = await previewXlsx(desk, { fileName: 'list.xlsx', data, mapping }, control);

    expect(preview.fileFindings).toEqual(
      MISSING.map((header) => ({
        ruleId: 'V-REC-01',
        severity: 'error',
        message: `表格中没有“${header}”列：每一行都缺少该项，都不会导入`,
        hint: '在表格中加上该列后重新导入（本机构表格可在对应字段时为它选择一列）',
        cell: null,
      })),
    );
    for (const row of preview.rows) {
      // one finding for the missing columns, and none of the per-field ones about the same fields
      expect(row.findings.filter((f) => f.ruleId === 'V-REC-01')).toEqual([
        { ruleId: 'V-REC-01', severity: 'error', message: `缺少${MISSING.map((h) => `“${h}”`).join('、')}：表格中没有这些列`, hint: '在表格中加上这些列后重新导入', cell: null },
      ]);
      expect(row.findings.filter((f) => f.ruleId !== 'V-REC-01' && /请填写市|证件住所|通信地址|证件类型/.test(f.message)).map((f) => f.message)).toEqual([]);
      expect(row.counts.error).toBe(row.findings.filter((f) => f.severity === 'error').length);
    }
    expect(preview.totals).toEqual({ rows: 2, new: 2, update: 0, blocked: 2, warned: 0 });

    // the result file names what is missing for each row
    const result = await commitXlsx(desk, { token: preview.token, mode: 'all', update: false }, control);
    const first = `未导入：缺少${MISSING.map((h) => `“${h}”`).join('、')}：表格中没有这些列`;
    expect(result.rows.map((r) => [r.outcome, r.message.slice(0, first.length)])).toEqual([
      ['failed', first],
      ['failed', first],
    ]);
  });
});
