import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { createOrder } from '../../../main/services/orders';
import { exportOrdersXlsx } from '../../../main/services/xlsxExport';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('order board Excel', (openDesk) => {
  it('shows 创建时间, 状态变更时间 and every 期限 in China time, not the UTC the store keeps', async () => {
    // 2026-03-01 17:30 UTC is 2026-03-02 01:30 in China: the UTC day is still yesterday
    let now = new Date('2026-03-01T17:30:00Z');
    const desk = await openDesk({ clock: () => now });
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    now = new Date('2026-03-01T18:05:00Z');
    await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '待短信核验', smsDueAt: '2026-03-02T18:05:00.000Z' }));
    const file = await exportOrdersXlsx(desk, { openOnly: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('备案订单')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const cell = (name: string) => String(ws.getRow(2).getCell(header.indexOf(name)).value);
    expect(cell('创建时间')).toBe('2026-03-02 01:30');
    expect(cell('状态变更时间')).toBe('2026-03-02 02:05');
    expect(cell('期限')).toContain('（2026-03-03 02:05）');
    await desk.close();
  });
});
