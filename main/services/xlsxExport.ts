// 导出 Excel: the client list (the list's current search), one client, or the order board. Clients are
// written in the import layout, so a 明文导出 can be edited and imported again; personal numbers are
// masked unless the operator asks for them in clear, and that is logged for each client it covers.
import { chinaDateTime, chinaDay } from '../domain/dates';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { listEntities } from '../db/repositories/entities';
import { recordOf } from '../export/record';
import { rowsOfRecord } from '../export/xlsxRecord';
import { layoutWorkbook, tableWorkbook, type ClientSheetRows } from '../export/xlsxWorkbook';
import { getClientClear } from './clients';
import { listOrders } from './orders';
import { maskEntity } from './privacy';

export interface XlsxFile {
  fileName: string;
  contentBase64: string;
  count: number;
}

const stamp = (desk: Desk) => chinaDay(desk.ctx.now());
const PAGE = 500;

async function clientsFile(desk: Desk, ids: readonly number[], reveal: boolean, fileName: string, scope: string): Promise<XlsxFile> {
  const rows: ClientSheetRows[] = [];
  await desk.sql.tx(async () => {
    for (const id of ids) {
      const e = await getClientClear(desk, id);
      rows.push(rowsOfRecord(recordOf(reveal ? e : maskEntity(e))));
      if (reveal) await appendAudit(desk.ctx, { action: 'entity.export', targetType: 'entity', targetId: id, entityId: id, detail: { revealed: true, format: 'xlsx' } });
    }
    await appendAudit(desk.ctx, { action: 'clients.exportXlsx', targetType: 'desk', targetId: null, entityId: null, detail: { scope, count: ids.length, revealed: reveal } });
  });
  const data = await layoutWorkbook(rows, { example: false });
  return { fileName, contentBase64: data.toString('base64'), count: ids.length };
}

/** Every client the list shows for this search (all of them without one), in the list's order. */
export async function exportClientListXlsx(desk: Desk, q: { query?: string | undefined; reveal: boolean }): Promise<XlsxFile> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listEntities(desk.ctx, { text: q.query, offset, limit: PAGE, sortBy: 'name', sortDir: 'asc' });
    ids.push(...page.items.map((i) => i.id));
    if (page.items.length < PAGE) break;
  }
  return clientsFile(desk, ids, q.reveal, `客户列表-${stamp(desk)}${q.reveal ? '-明文' : ''}.xlsx`, q.query ? 'search' : 'all');
}

export async function exportOneClientXlsx(desk: Desk, id: number, reveal: boolean): Promise<XlsxFile> {
  const name = (await getClientClear(desk, id)).name.replace(/[\\/:*?"<>|]/g, '_');
  return clientsFile(desk, [id], reveal, `${name}-${stamp(desk)}${reveal ? '-明文' : ''}.xlsx`, 'client');
}

const ORDER_HEADERS = [
  { header: '订单编号', width: 10 },
  { header: '客户', width: 28 },
  { header: '省份', width: 10 },
  { header: '备案类型', width: 12 },
  { header: '接入商', width: 10 },
  { header: '状态', width: 12 },
  { header: '接入商订单号', width: 18 },
  { header: '逾期', width: 6 },
  { header: '期限', width: 40 },
  { header: '状态变更时间', width: 18 },
  { header: '创建时间', width: 18 },
];

// the store keeps instants in UTC; the sheet shows them as the agency reads them, in China time
const minute = (iso: string | null) => (iso ? chinaDateTime(iso) : '');

/** The order board with the same filter as the page (no personal data on it). */
export async function exportOrdersXlsx(desk: Desk, filter: Parameters<typeof listOrders>[1]): Promise<XlsxFile> {
  const orders = await listOrders(desk, filter);
  const rows = orders.map((o) => [o.id, o.entityName, o.province, o.type, o.provider, o.state, o.providerOrderNo, o.overdue ? '是' : '', o.deadlines.map((d) => `${d.message}（${minute(d.dueAt)}）`).join('；'), minute(o.stateChangedAt), minute(o.createdAt)]);
  const data = await tableWorkbook('备案订单', ORDER_HEADERS, rows);
  return { fileName: `备案订单-${stamp(desk)}.xlsx`, contentBase64: data.toString('base64'), count: orders.length };
}
