// The client list's first page drawn at once, before React and antd have loaded (issue 20: first paint of
// the client list < 0.5 s). renderer/firstScreen.ts asks for the page while the browser still fetches and
// compiles the UI's scripts (about 0.7 s of a quiet machine's 0.9 s before they have run); once the page
// is answered, this draws it — the Shell's frame, the list's header, the same rows in the same columns
// with the same look (renderer/firstPaint.css, measured against antd's compact theme) — in a layer over
// the page. The React list replaces it: the layer leaves in the same task as the React table's rows
// appear (or as soon as React shows anything else), so the two are never on screen together.
// The layer is a picture: aria-hidden and inert, nothing in it reacts to a click, and the whole of it
// shows a progress cursor until the real list is there.
// Part of the firstScreen chunk: no run-time imports (electron.vite.config.ts checks it).
import type { EntitySummary, MethodOutput } from '../main/api/contract';

/** The client list's columns: titles, widths, alignment, ellipsis and sorting, for the React table and the first paint alike. */
export const CLIENT_LIST_COLUMNS = [
  { key: 'name', title: '主办单位 / 主办人', width: 200, sortable: true, ellipsis: true },
  { key: 'nature', title: '主办者性质', width: 80 },
  { key: 'province', title: '地域', width: 120, sortable: true },
  { key: 'cert', title: '证件号码', width: 160 },
  { key: 'principal', title: '主体负责人', width: 96, ellipsis: true },
  { key: 'domains', title: '域名', width: 150, ellipsis: true },
  { key: 'sites', title: '网站', width: 48, align: 'right' },
  { key: 'icp', title: '主体备案号', width: 190 },
  { key: 'updatedAt', title: '更新时间', width: 136, sortable: true },
] as const satisfies readonly { key: string; title: string; width: number; sortable?: boolean; ellipsis?: boolean; align?: 'right' }[];

export type ClientListColumnKey = (typeof CLIENT_LIST_COLUMNS)[number]['key'];

/** The client list's table width (its horizontal scroll): the columns' widths summed. */
export const CLIENT_LIST_WIDTH = CLIENT_LIST_COLUMNS.reduce((a, c) => a + c.width, 0);
/** The table body's height in a window `viewportHeight` high (the list's header, pager and the Shell around it take 200 px). */
export const clientListBodyHeight = (viewportHeight: number) => Math.max(240, viewportHeight - 200);
/** A row of the client list (antd's small table in the compact theme), for the rows the first paint draws. */
export const CLIENT_LIST_ROW_HEIGHT = 30;
/** The client list's 搜索 box. */
export const CLIENT_SEARCH_PLACEHOLDER = '搜索名称、域名、备案号、负责人姓名，或完整证件号码/手机号（Ctrl+K）';
/** The banner over every screen in browser mode (the Shell). */
export const WEB_HOST_BANNER = '浏览器模式：界面由本机备案助手服务提供（仅本机可访问），关闭终端中的服务即停止。';
/** The left menu of the single desk, in order (the Shell adds each item's icon and route). */
export const DESK_MENU = [
  { key: 'dashboard', label: '工作台' },
  { key: 'clients', label: '客户' },
  { key: 'orders', label: '备案订单' },
  { key: 'photos', label: '照片检查' },
  { key: 'sheets', label: '核验单' },
  { key: 'settings', label: '设置' },
] as const;
/** How the list's pager counts (the React pager's showTotal; the first paint's pager). */
export const clientListTotalText = (total: number) => `共 ${total} 个客户`;

// chinaDateTime (main/domain/dates.ts) without its imports: the same Intl formatter, the same parts
// (test/renderer/firstPaint.test.ts compares the two). Text it cannot read is not drawn (see rowCells).
// Made on first use, not when the module loads: a formatter with a time zone loads the zone's data, and
// the first calls (firstScreen.ts) go out before that.
let chinaTimeParts: Intl.DateTimeFormat | undefined;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
/** An ISO UTC instant as China's date and minute (2026-03-02 01:30), or null for text that is not one. */
export function chinaMinute(iso: string): string | null {
  if (!ISO_UTC.test(iso)) return null;
  chinaTimeParts ??= new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of chinaTimeParts.formatToParts(Date.parse(iso))) part[p.type] = p.value;
  return /^\d{4}$/.test(part.year ?? '') ? `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}` : null;
}

/** What a cell of the list shows, as the React table renders it on its first render (no lease tags yet). */
export type Cell = { text: string; tag?: true; mono?: true };

/** A row's cells in CLIENT_LIST_COLUMNS order, or null when the row needs what only the React list draws (a damaged field, an unreadable time). */
export function rowCells(r: EntitySummary): Cell[] | null {
  if (r.damaged?.length) return null;
  const updated = chinaMinute(r.updatedAt);
  if (updated === null) return null;
  const cells: Record<ClientListColumnKey, Cell> = {
    name: { text: r.name },
    nature: { text: r.nature, tag: true },
    province: { text: `${r.province} ${r.city}` },
    cert: { text: r.certNumberMasked, mono: true },
    principal: { text: r.principalName ?? '' },
    domains: { text: r.domains.join('，') || '—' },
    sites: { text: String(r.websiteCount) },
    icp: { text: r.icpNumber ?? '—' },
    updatedAt: { text: updated },
  };
  return CLIENT_LIST_COLUMNS.map((c) => cells[c.key]);
}

/** The pager's page buttons for page 1 of `pages`: every page up to 7, else 1–5, a gap, the last (as antd's pager draws page 1). */
export function pagerItems(pages: number): (number | '…')[] {
  if (pages <= 7) return Array.from({ length: Math.max(1, pages) }, (_, i) => i + 1);
  return [1, 2, 3, 4, 5, '…', pages];
}

// ---- icons: the paths of @ant-design/icons' outlined set, as antd draws them (viewBox 64 64 896 896) ----
const ICON = {
  dashboard:
    'M924.8 385.6a446.7 446.7 0 00-96-142.4 446.7 446.7 0 00-142.4-96C631.1 123.8 572.5 112 512 112s-119.1 11.8-174.4 35.2a446.7 446.7 0 00-142.4 96 446.7 446.7 0 00-96 142.4C75.8 440.9 64 499.5 64 560c0 132.7 58.3 257.7 159.9 343.1l1.7 1.4c5.8 4.8 13.1 7.5 20.6 7.5h531.7c7.5 0 14.8-2.7 20.6-7.5l1.7-1.4C901.7 817.7 960 692.7 960 560c0-60.5-11.9-119.1-35.2-174.4zM761.4 836H262.6A371.12 371.12 0 01140 560c0-99.4 38.7-192.8 109-263 70.3-70.3 163.7-109 263-109 99.4 0 192.8 38.7 263 109 70.3 70.3 109 163.7 109 263 0 105.6-44.5 205.5-122.6 276zM623.5 421.5a8.03 8.03 0 00-11.3 0L527.7 506c-18.7-5-39.4-.2-54.1 14.5a55.95 55.95 0 000 79.2 55.95 55.95 0 0079.2 0 55.87 55.87 0 0014.5-54.1l84.5-84.5c3.1-3.1 3.1-8.2 0-11.3l-28.3-28.3zM490 320h44c4.4 0 8-3.6 8-8v-80c0-4.4-3.6-8-8-8h-44c-4.4 0-8 3.6-8 8v80c0 4.4 3.6 8 8 8zm260 218v44c0 4.4 3.6 8 8 8h80c4.4 0 8-3.6 8-8v-44c0-4.4-3.6-8-8-8h-80c-4.4 0-8 3.6-8 8zm12.7-197.2l-31.1-31.1a8.03 8.03 0 00-11.3 0l-56.6 56.6a8.03 8.03 0 000 11.3l31.1 31.1c3.1 3.1 8.2 3.1 11.3 0l56.6-56.6c3.1-3.1 3.1-8.2 0-11.3zm-458.6-31.1a8.03 8.03 0 00-11.3 0l-31.1 31.1a8.03 8.03 0 000 11.3l56.6 56.6c3.1 3.1 8.2 3.1 11.3 0l31.1-31.1c3.1-3.1 3.1-8.2 0-11.3l-56.6-56.6zM262 530h-80c-4.4 0-8 3.6-8 8v44c0 4.4 3.6 8 8 8h80c4.4 0 8-3.6 8-8v-44c0-4.4-3.6-8-8-8z',
  clients:
    'M824.2 699.9a301.55 301.55 0 00-86.4-60.4C783.1 602.8 812 546.8 812 484c0-110.8-92.4-201.7-203.2-200-109.1 1.7-197 90.6-197 200 0 62.8 29 118.8 74.2 155.5a300.95 300.95 0 00-86.4 60.4C345 754.6 314 826.8 312 903.8a8 8 0 008 8.2h56c4.3 0 7.9-3.4 8-7.7 1.9-58 25.4-112.3 66.7-153.5A226.62 226.62 0 01612 684c60.9 0 118.2 23.7 161.3 66.8C814.5 792 838 846.3 840 904.3c.1 4.3 3.7 7.7 8 7.7h56a8 8 0 008-8.2c-2-77-33-149.2-87.8-203.9zM612 612c-34.2 0-66.4-13.3-90.5-37.5a126.86 126.86 0 01-37.5-91.8c.3-32.8 13.4-64.5 36.3-88 24-24.6 56.1-38.3 90.4-38.7 33.9-.3 66.8 12.9 91 36.6 24.8 24.3 38.4 56.8 38.4 91.4 0 34.2-13.3 66.3-37.5 90.5A127.3 127.3 0 01612 612zM361.5 510.4c-.9-8.7-1.4-17.5-1.4-26.4 0-15.9 1.5-31.4 4.3-46.5.7-3.6-1.2-7.3-4.5-8.8-13.6-6.1-26.1-14.5-36.9-25.1a127.54 127.54 0 01-38.7-95.4c.9-32.1 13.8-62.6 36.3-85.6 24.7-25.3 57.9-39.1 93.2-38.7 31.9.3 62.7 12.6 86 34.4 7.9 7.4 14.7 15.6 20.4 24.4 2 3.1 5.9 4.4 9.3 3.2 17.6-6.1 36.2-10.4 55.3-12.4 5.6-.6 8.8-6.6 6.3-11.6-32.5-64.3-98.9-108.7-175.7-109.9-110.9-1.7-203.3 89.2-203.3 199.9 0 62.8 28.9 118.8 74.2 155.5-31.8 14.7-61.1 35-86.5 60.4-54.8 54.7-85.8 126.9-87.8 204a8 8 0 008 8.2h56.1c4.3 0 7.9-3.4 8-7.7 1.9-58 25.4-112.3 66.7-153.5 29.4-29.4 65.4-49.8 104.7-59.7 3.9-1 6.5-4.7 6-8.7z',
  orders:
    'M880 112H144c-17.7 0-32 14.3-32 32v736c0 17.7 14.3 32 32 32h736c17.7 0 32-14.3 32-32V144c0-17.7-14.3-32-32-32zm-40 728H184V184h656v656zM492 400h184c4.4 0 8-3.6 8-8v-48c0-4.4-3.6-8-8-8H492c-4.4 0-8 3.6-8 8v48c0 4.4 3.6 8 8 8zm0 144h184c4.4 0 8-3.6 8-8v-48c0-4.4-3.6-8-8-8H492c-4.4 0-8 3.6-8 8v48c0 4.4 3.6 8 8 8zm0 144h184c4.4 0 8-3.6 8-8v-48c0-4.4-3.6-8-8-8H492c-4.4 0-8 3.6-8 8v48c0 4.4 3.6 8 8 8zM340 368a40 40 0 1080 0 40 40 0 10-80 0zm0 144a40 40 0 1080 0 40 40 0 10-80 0zm0 144a40 40 0 1080 0 40 40 0 10-80 0z',
  photos:
    'M864 248H728l-32.4-90.8a32.07 32.07 0 00-30.2-21.2H358.6c-13.5 0-25.6 8.5-30.1 21.2L296 248H160c-44.2 0-80 35.8-80 80v456c0 44.2 35.8 80 80 80h704c44.2 0 80-35.8 80-80V328c0-44.2-35.8-80-80-80zm8 536c0 4.4-3.6 8-8 8H160c-4.4 0-8-3.6-8-8V328c0-4.4 3.6-8 8-8h186.7l17.1-47.8 22.9-64.2h250.5l22.9 64.2 17.1 47.8H864c4.4 0 8 3.6 8 8v456zM512 384c-88.4 0-160 71.6-160 160s71.6 160 160 160 160-71.6 160-160-71.6-160-160-160zm0 256c-53 0-96-43-96-96s43-96 96-96 96 43 96 96-43 96-96 96z',
  sheets:
    'M644.7 669.2a7.92 7.92 0 00-6.5-3.3H594c-6.5 0-10.3 7.4-6.5 12.7l73.8 102.1c3.2 4.4 9.7 4.4 12.9 0l114.2-158c3.8-5.3 0-12.7-6.5-12.7h-44.3c-2.6 0-5 1.2-6.5 3.3l-63.5 87.8-22.9-31.9zM688 306v-48c0-4.4-3.6-8-8-8H296c-4.4 0-8 3.6-8 8v48c0 4.4 3.6 8 8 8h384c4.4 0 8-3.6 8-8zm-392 88c-4.4 0-8 3.6-8 8v48c0 4.4 3.6 8 8 8h184c4.4 0 8-3.6 8-8v-48c0-4.4-3.6-8-8-8H296zm184 458H208V148h560v296c0 4.4 3.6 8 8 8h56c4.4 0 8-3.6 8-8V108c0-17.7-14.3-32-32-32H168c-17.7 0-32 14.3-32 32v784c0 17.7 14.3 32 32 32h312c4.4 0 8-3.6 8-8v-56c0-4.4-3.6-8-8-8zm402.6-320.8l-192-66.7c-.9-.3-1.7-.4-2.6-.4s-1.8.1-2.6.4l-192 66.7a7.96 7.96 0 00-5.4 7.5v251.1c0 2.5 1.1 4.8 3.1 6.3l192 150.2c1.4 1.1 3.2 1.7 4.9 1.7s3.5-.6 4.9-1.7l192-150.2c1.9-1.5 3.1-3.8 3.1-6.3V538.7c0-3.4-2.2-6.4-5.4-7.5zM826 763.7L688 871.6 550 763.7V577l138-48 138 48v186.7z',
  settings:
    'M924.8 625.7l-65.5-56c3.1-19 4.7-38.4 4.7-57.8s-1.6-38.8-4.7-57.8l65.5-56a32.03 32.03 0 009.3-35.2l-.9-2.6a443.74 443.74 0 00-79.7-137.9l-1.8-2.1a32.12 32.12 0 00-35.1-9.5l-81.3 28.9c-30-24.6-63.5-44-99.7-57.6l-15.7-85a32.05 32.05 0 00-25.8-25.7l-2.7-.5c-52.1-9.4-106.9-9.4-159 0l-2.7.5a32.05 32.05 0 00-25.8 25.7l-15.8 85.4a351.86 351.86 0 00-99 57.4l-81.9-29.1a32 32 0 00-35.1 9.5l-1.8 2.1a446.02 446.02 0 00-79.7 137.9l-.9 2.6c-4.5 12.5-.8 26.5 9.3 35.2l66.3 56.6c-3.1 18.8-4.6 38-4.6 57.1 0 19.2 1.5 38.4 4.6 57.1L99 625.5a32.03 32.03 0 00-9.3 35.2l.9 2.6c18.1 50.4 44.9 96.9 79.7 137.9l1.8 2.1a32.12 32.12 0 0035.1 9.5l81.9-29.1c29.8 24.5 63.1 43.9 99 57.4l15.8 85.4a32.05 32.05 0 0025.8 25.7l2.7.5a449.4 449.4 0 00159 0l2.7-.5a32.05 32.05 0 0025.8-25.7l15.7-85a350 350 0 0099.7-57.6l81.3 28.9a32 32 0 0035.1-9.5l1.8-2.1c34.8-41.1 61.6-87.5 79.7-137.9l.9-2.6c4.5-12.3.8-26.3-9.3-35zM788.3 465.9c2.5 15.1 3.8 30.6 3.8 46.1s-1.3 31-3.8 46.1l-6.6 40.1 74.7 63.9a370.03 370.03 0 01-42.6 73.6L721 702.8l-31.4 25.8c-23.9 19.6-50.5 35-79.3 45.8l-38.1 14.3-17.9 97a377.5 377.5 0 01-85 0l-17.9-97.2-37.8-14.5c-28.5-10.8-55-26.2-78.7-45.7l-31.4-25.9-93.4 33.2c-17-22.9-31.2-47.6-42.6-73.6l75.5-64.5-6.5-40c-2.4-14.9-3.7-30.3-3.7-45.5 0-15.3 1.2-30.6 3.7-45.5l6.5-40-75.5-64.5c11.3-26.1 25.6-50.7 42.6-73.6l93.4 33.2 31.4-25.9c23.7-19.5 50.2-34.9 78.7-45.7l37.9-14.3 17.9-97.2c28.1-3.2 56.8-3.2 85 0l17.9 97 38.1 14.3c28.7 10.8 55.4 26.2 79.3 45.8l31.4 25.8 92.8-32.9c17 22.9 31.2 47.6 42.6 73.6L781.8 426l6.5 39.9zM512 326c-97.2 0-176 78.8-176 176s78.8 176 176 176 176-78.8 176-176-78.8-176-176-176zm79.2 255.2A111.6 111.6 0 01512 614c-29.9 0-58-11.7-79.2-32.8A111.6 111.6 0 01400 502c0-29.9 11.7-58 32.8-79.2C454 401.6 482.1 390 512 390c29.9 0 58 11.6 79.2 32.8A111.6 111.6 0 01624 502c0 29.9-11.7 58-32.8 79.2z',
  lock: 'M832 464h-68V240c0-70.7-57.3-128-128-128H388c-70.7 0-128 57.3-128 128v224h-68c-17.7 0-32 14.3-32 32v384c0 17.7 14.3 32 32 32h640c17.7 0 32-14.3 32-32V496c0-17.7-14.3-32-32-32zM332 240c0-30.9 25.1-56 56-56h248c30.9 0 56 25.1 56 56v224H332V240zm460 600H232V536h560v304zM484 701v53c0 4.4 3.6 8 8 8h40c4.4 0 8-3.6 8-8v-53a48.01 48.01 0 10-56 0z',
  search:
    'M909.6 854.5L649.9 594.8C690.2 542.7 712 479 712 412c0-80.2-31.3-155.4-87.9-212.1-56.6-56.7-132-87.9-212.1-87.9s-155.5 31.3-212.1 87.9C143.2 256.5 112 331.8 112 412c0 80.1 31.3 155.5 87.9 212.1C256.5 680.8 331.8 712 412 712c67 0 130.6-21.8 182.7-62l259.7 259.6a8.2 8.2 0 0011.6 0l43.6-43.5a8.2 8.2 0 000-11.6zM570.4 570.4C528 612.7 471.8 636 412 636s-116-23.3-158.4-65.6C211.3 528 188 471.8 188 412s23.3-116.1 65.6-158.4C296 211.3 352.2 188 412 188s116.1 23.2 158.4 65.6S636 352.2 636 412s-23.3 116.1-65.6 158.4z',
  excel:
    'M854.6 288.6L639.4 73.4c-6-6-14.1-9.4-22.6-9.4H192c-17.7 0-32 14.3-32 32v832c0 17.7 14.3 32 32 32h640c17.7 0 32-14.3 32-32V311.3c0-8.5-3.4-16.7-9.4-22.7zM790.2 326H602V137.8L790.2 326zm1.8 562H232V136h302v216a42 42 0 0042 42h216v494zM514.1 580.1l-61.8-102.4c-2.2-3.6-6.1-5.8-10.3-5.8h-38.4c-2.3 0-4.5.6-6.4 1.9-5.6 3.5-7.3 10.9-3.7 16.6l82.3 130.4-83.4 132.8a12.04 12.04 0 0010.2 18.4h34.5c4.2 0 8-2.2 10.2-5.7L510 664.8l62.3 101.4c2.2 3.6 6.1 5.7 10.2 5.7H620c2.3 0 4.5-.7 6.5-1.9 5.6-3.6 7.2-11 3.6-16.6l-84-130.4 85.3-132.5a12.04 12.04 0 00-10.1-18.5h-35.7c-4.2 0-8.1 2.2-10.3 5.8l-61.2 102.3z',
  down: 'M884 256h-75c-5.1 0-9.9 2.5-12.9 6.6L512 654.2 227.9 262.6c-3-4.1-7.8-6.6-12.9-6.6h-75c-6.5 0-10.3 7.4-6.5 12.7l352.6 486.1c12.8 17.6 39 17.6 51.7 0l352.6-486.1c3.9-5.3.1-12.7-6.4-12.7z',
  safety:
    'M866.9 169.9L527.1 54.1C523 52.7 517.5 52 512 52s-11 .7-15.1 2.1L157.1 169.9c-8.3 2.8-15.1 12.4-15.1 21.2v482.4c0 8.8 5.7 20.4 12.6 25.9L499.3 968c3.5 2.7 8 4.1 12.6 4.1s9.2-1.4 12.6-4.1l344.7-268.6c6.9-5.4 12.6-17 12.6-25.9V191.1c.2-8.8-6.6-18.3-14.9-21.2zM810 654.3L512 886.5 214 654.3V226.7l298-101.6 298 101.6v427.6zm-405.8-201c-3-4.1-7.8-6.6-13-6.6H336c-6.5 0-10.3 7.4-6.5 12.7l126.4 174a16.1 16.1 0 0026 0l212.6-292.7c3.8-5.3 0-12.7-6.5-12.7h-55.2c-5.1 0-10 2.5-13 6.6L468.9 542.4l-64.7-89.1z',
  plus: 'M482 152h60q8 0 8 8v704q0 8-8 8h-60q-8 0-8-8V160q0-8 8-8zM192 474h672q8 0 8 8v60q0 8-8 8H160q-8 0-8-8v-60q0-8 8-8z',
  left: 'M724 218.3V141c0-6.7-7.7-10.4-12.9-6.3L260.3 486.8a31.86 31.86 0 000 50.3l450.8 352.1c5.3 4.1 12.9.4 12.9-6.3v-77.3c0-4.9-2.3-9.6-6.1-12.6l-360-281 360-281.1c3.8-3 6.1-7.7 6.1-12.6z',
  right: 'M765.7 486.8L314.9 134.7A7.97 7.97 0 00302 141v77.3c0 4.9 2.3 9.6 6.1 12.6l360 281.1-360 281.1c-3.9 3-6.1 7.7-6.1 12.6V883c0 6.7 7.7 10.4 12.9 6.3l450.8-352.1a31.96 31.96 0 000-50.4z',
  ellipsis: 'M176 511a56 56 0 10112 0 56 56 0 10-112 0zm280 0a56 56 0 10112 0 56 56 0 10-112 0zm280 0a56 56 0 10112 0 56 56 0 10-112 0z',
} as const;
// the sorter's carets (viewBox 0 0 1024 1024)
const CARET_UP = 'M858.9 689L530.5 308.2c-9.4-10.9-27.5-10.9-37 0L165.1 689c-12.2 14.2-1.2 35 18.5 35h656.8c19.7 0 30.7-20.8 18.5-35z';
const CARET_DOWN = 'M840.4 300H183.6c-19.7 0-30.7 20.8-18.5 35l328.4 380.8c9.4 10.9 27.5 10.9 37 0L858.9 335c12.2-14.2 1.2-35-18.5-35z';

const SVG_NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function icon(doc: Document, d: string, viewBox = '64 64 896 896', className = 'fp-icon'): HTMLElement {
  const span = el(doc, 'span', className);
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', viewBox);
  svg.setAttribute('width', '1em');
  svg.setAttribute('height', '1em');
  svg.setAttribute('fill', 'currentColor');
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  span.append(svg);
  return span;
}

function button(doc: Document, className: string, label: string | null, iconPath?: string): HTMLElement {
  const b = el(doc, 'span', `fp-btn ${className}`);
  if (iconPath) b.append(icon(doc, iconPath));
  if (label !== null) b.append(el(doc, 'span', undefined, label));
  return b;
}

/** What the first paint draws: the list's page as the host answered it, and the frame around it. */
export interface FirstPaintFacts {
  list: MethodOutput<'entity.list'>;
  /** The list's search (the visit's history state: firstScreen.ts clientListSearchAt), '' for none. */
  search: string;
  /** The list's page size (its pager's 条/页 and page count). */
  pageSize: number;
  /** The window's height (the table body's height follows it, as in the React list). */
  viewportHeight: number;
  /** The web host's browser mode (its banner), not Electron's window. */
  webHost: boolean;
}

export const FIRST_PAINT_ID = 'desk-first-paint';

/**
 * The layer for `facts`, or null when the first page is one the React list draws differently (no rows,
 * a capped count, a damaged field, the retention warning above it): then nothing is drawn early.
 */
export function buildFirstPaint(doc: Document, facts: FirstPaintFacts): HTMLElement | null {
  const { list } = facts;
  if (!list.items.length || list.totalCapped) return null;
  // the rows the table body shows (the React table is virtual and draws no more either)
  const bodyHeight = clientListBodyHeight(facts.viewportHeight);
  const shown = list.items.slice(0, Math.ceil(bodyHeight / CLIENT_LIST_ROW_HEIGHT) + 1);
  const rows = shown.map(rowCells);
  if (rows.some((r) => r === null) || list.items.some((r) => r.damaged?.length)) return null;

  const layer = el(doc, 'div', 'fp');
  layer.id = FIRST_PAINT_ID;
  layer.setAttribute('aria-hidden', 'true');
  layer.inert = true;

  // the Shell: left menu, 锁定
  const sider = el(doc, 'div', 'fp-sider');
  sider.append(el(doc, 'div', 'desk-brand', '备案助手'));
  const menu = el(doc, 'ul', 'fp-menu');
  for (const item of DESK_MENU) {
    const li = el(doc, 'li', item.key === 'clients' ? 'fp-menu-item fp-menu-item-selected' : 'fp-menu-item');
    li.append(icon(doc, ICON[item.key]), el(doc, 'span', 'fp-menu-title', item.label));
    menu.append(li);
  }
  sider.append(menu);
  const lock = el(doc, 'div', 'fp-lock');
  lock.append(button(doc, 'fp-btn-ghost', '锁定', ICON.lock));
  sider.append(lock);

  const content = el(doc, 'div', 'fp-content');
  if (facts.webHost) content.append(el(doc, 'div', 'fp-banner', WEB_HOST_BANNER));
  const page = el(doc, 'div', 'desk-page fp-page');

  // the list's header: title and count, search, the tools
  const head = el(doc, 'div', 'fp-head');
  const title = el(doc, 'h4', 'fp-title', '客户 ');
  title.append(el(doc, 'span', 'fp-count', `共 ${list.total} 个`));
  const tools = el(doc, 'div', 'fp-tools');
  const search = el(doc, 'span', 'fp-search');
  const box = el(doc, 'span', 'fp-search-box', facts.search || CLIENT_SEARCH_PLACEHOLDER);
  if (!facts.search) box.classList.add('fp-placeholder');
  search.append(box, button(doc, 'fp-btn-icon fp-search-btn', null, ICON.search));
  const exportXlsx = el(doc, 'span', 'fp-compact');
  exportXlsx.append(button(doc, 'fp-compact-first', '导出 Excel', ICON.excel), button(doc, 'fp-btn-icon fp-compact-last', null, ICON.down));
  tools.append(search, button(doc, '', '导入 Excel'), exportXlsx, button(doc, '', '检查全部客户', ICON.safety), button(doc, 'fp-btn-primary', '新建客户', ICON.plus));
  head.append(title, tools);
  page.append(head);

  // the table: header, the page's rows, the pager
  const table = el(doc, 'div', 'fp-table');
  const thead = el(doc, 'div', 'fp-thead');
  for (const c of CLIENT_LIST_COLUMNS) {
    const th = el(doc, 'div', 'fp-th');
    th.style.width = `${c.width}px`;
    const sortedDesc = c.key === 'updatedAt';
    if (sortedDesc) th.classList.add('fp-sorted');
    if ('align' in c) th.classList.add('fp-right');
    const label = el(doc, 'span', 'fp-th-title', c.title);
    if ('sortable' in c) {
      const sorters = el(doc, 'span', 'fp-sorters');
      const carets = el(doc, 'span', 'fp-sorter');
      carets.append(icon(doc, CARET_UP, '0 0 1024 1024', 'fp-caret'), icon(doc, CARET_DOWN, '0 0 1024 1024', sortedDesc ? 'fp-caret fp-caret-on' : 'fp-caret'));
      sorters.append(label, carets);
      th.append(sorters);
    } else th.append(label);
    thead.append(th);
  }
  const tbody = el(doc, 'div', 'ant-table-tbody fp-tbody');
  tbody.style.height = `${bodyHeight}px`;
  shown.forEach((item, i) => {
    const tr = el(doc, 'div', 'ant-table-row fp-row');
    tr.dataset.rowKey = String(item.id);
    rows[i]!.forEach((cell, j) => {
      const c = CLIENT_LIST_COLUMNS[j]!;
      const td = el(doc, 'div', 'fp-td');
      td.style.width = `${c.width}px`;
      if ('ellipsis' in c) td.classList.add('fp-ellipsis');
      if ('align' in c) td.classList.add('fp-right');
      if (c.key === 'updatedAt') td.classList.add('fp-sorted');
      td.append(cell.tag ? el(doc, 'span', 'fp-tag', cell.text) : cell.mono ? el(doc, 'span', 'desk-mono', cell.text) : doc.createTextNode(cell.text));
      tr.append(td);
    });
    tbody.append(tr);
  });
  table.append(thead, tbody);

  const pager = el(doc, 'div', 'fp-pager');
  pager.append(el(doc, 'span', 'fp-pager-total', clientListTotalText(list.total)));
  const pages = Math.max(1, Math.ceil(list.total / facts.pageSize));
  const prev = el(doc, 'span', 'fp-pager-step fp-pager-disabled');
  prev.append(icon(doc, ICON.left));
  pager.append(prev);
  for (const p of pagerItems(pages)) {
    if (p === '…') {
      const gap = el(doc, 'span', 'fp-pager-step fp-pager-gap');
      gap.append(icon(doc, ICON.ellipsis));
      pager.append(gap);
    } else pager.append(el(doc, 'span', p === 1 ? 'fp-pager-item fp-pager-active' : 'fp-pager-item', String(p)));
  }
  const next = el(doc, 'span', pages > 1 ? 'fp-pager-step' : 'fp-pager-step fp-pager-disabled');
  next.append(icon(doc, ICON.right));
  pager.append(next);
  const size = el(doc, 'span', 'fp-pager-size');
  size.append(el(doc, 'span', undefined, `${facts.pageSize} 条/页`), icon(doc, ICON.down, undefined, 'fp-icon fp-pager-arrow'));
  pager.append(size);

  const wrapper = el(doc, 'div', 'fp-wrapper');
  wrapper.append(table, pager);
  page.append(wrapper);
  content.append(page);
  layer.append(sider, content);
  return layer;
}

/**
 * Draws `facts` over the page unless React has drawn already, and takes the layer away when the React
 * screen is there: in the same task as the React list's rows appear, or React draws anything else (a
 * gate's screen, another page), or the address leaves the list. Returns whether it drew.
 */
export function showFirstPaint(doc: Document, facts: FirstPaintFacts): boolean {
  const root = doc.getElementById('root');
  if (!root || root.childElementCount || doc.getElementById(FIRST_PAINT_ID)) return false;
  const layer = buildFirstPaint(doc, facts);
  if (!layer) return false;
  doc.body.append(layer);
  const win = doc.defaultView;
  const startHash = win?.location.hash ?? '';
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const leave = () => {
    observer.disconnect();
    win?.removeEventListener('hashchange', onHash);
    clearTimeout(fallback);
    layer.remove();
  };
  // the router moves by history.pushState, which fires no hashchange: every change React makes asks too
  const leftTheList = () => !!win && win.location.hash !== startHash && !/^#\/?(clients\/?)?(\?.*)?$/.test(win.location.hash);
  const onHash = () => {
    if (leftTheList()) leave();
  };
  const check = () => {
    if (!root.childElementCount) return;
    // another screen was chosen before the list's rows came (the menu clicked at once): it is not covered
    if (leftTheList()) return leave();
    // React's table has its rows (the list is there), or React shows something else than the Shell (a gate)
    if (root.querySelector('.ant-table-tbody .ant-table-row') || root.querySelector('.ant-table-placeholder') || !root.querySelector('.ant-layout-sider')) return leave();
    // the Shell is there but not (yet) the list's rows: at most a few seconds more over it
    fallback ??= setTimeout(() => leave(), 3000); // written out for the Electron security review (see firstScreen.ts)
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { childList: true, subtree: true });
  win?.addEventListener('hashchange', onHash);
  return true;
}
