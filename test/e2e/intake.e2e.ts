// 客户 → 导入 Excel in Chromium: download the template, fill it with three clients (one with a wrong ID
// check digit), import: the preview names the wrong cell, the valid rows write two clients, and importing
// the same file again offers 更新 and creates no duplicate.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../main/domain/schemas';
import { CLIENT_SHEET, WEBSITE_SHEET } from '../../main/export/xlsxLayout';
import { rowsOfRecord } from '../../main/export/xlsxRecord';
import { companyRecord } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

// an empty desk: the host sets the data passphrase up itself
const desk = useE2eDesk({ name: 'intake' });
const work = desk.tempDir('files');

/** The downloaded template with three clients typed under its headers, as an operator fills it. */
async function fillTemplate(template: string): Promise<{ file: string; badCell: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const clients = wb.getWorksheet(CLIENT_SHEET)!;
  const sites = wb.getWorksheet(WEBSITE_SHEET)!;
  const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as (string | undefined)[]).slice(1);
  const byHeader = { clients: header(clients), sites: header(sites) };
  const clientCols = (await import('../../main/export/xlsxLayout')).CLIENT_COLUMNS;
  const siteCols = (await import('../../main/export/xlsxLayout')).WEBSITE_COLUMNS;
  let badCell = '';
  [11, 12, 13].forEach((n, i) => {
    const rows = rowsOfRecord(clientRecordSchema.parse(companyRecord(n)));
    const row = 3 + i; // row 2 is the template's example
    for (const c of clientCols) {
      const col = byHeader.clients.indexOf(c.header) + 1;
      const v = rows.client[c.key];
      clients.getCell(row, col).value = Array.isArray(v) ? v.join('、') : ((v as string | null) ?? '');
      if (n === 12 && c.key === 'person.certNumber') {
        const id = String(v);
        clients.getCell(row, col).value = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
        badCell = `${CLIENT_SHEET}!${clients.getCell(row, col).address}（负责人证件号码）`;
      }
    }
    const site = rows.websites[0]!;
    for (const c of siteCols) sites.getCell(row, byHeader.sites.indexOf(c.header) + 1).value = Array.isArray(site[c.key]) ? (site[c.key] as string[]).join('、') : ((site[c.key] as string | null) ?? '');
  });
  const file = join(work, '三个客户.xlsx');
  await wb.xlsx.writeFile(file);
  return { file, badCell };
}

async function pickFile(page: Page, file: string) {
  await page.locator('.ant-drawer-open input[type=file]').setInputFiles(file);
}

describe('导入 Excel', () => {
  it('imports the valid rows of a filled template, shows the wrong cell, and offers 更新 on re-import', async () => {
    const page = await desk.openPage();
    await page.getByRole('menuitem', { name: /客户/ }).click();
    await page.getByRole('button', { name: '导入 Excel' }).click();
    const drawer = page.locator('.ant-drawer-open');
    const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: '下载模板' }).click()]);
    expect(download.suggestedFilename()).toBe('客户导入模板.xlsx');
    const template = join(work, 'template.xlsx');
    await download.saveAs(template);
    const { file, badCell } = await fillTemplate(template);

    // a file that is no workbook is refused with the reason, and nothing is shown to confirm
    const notXlsx = join(work, '客户.xlsx');
    writeFileSync(notXlsx, '名称,证件号码\n');
    await pickFile(page, notXlsx);
    await drawer.getByText(/不是 Excel 工作簿（\.xlsx）/).waitFor({ timeout: 60_000 });
    await expect(drawer.getByRole('button', { name: '确认导入' }).count()).resolves.toBe(0);
    await drawer.getByRole('button', { name: '重新选择文件' }).click();

    await pickFile(page, file);
    const finding = drawer.getByTestId('intake-finding').filter({ hasText: badCell });
    await finding.first().waitFor({ timeout: 60_000 });
    await expect(finding.first().textContent()).resolves.toContain('校验位不正确');
    await expect(drawer.textContent()).resolves.toContain('有阻断 1 行');
    await expect(drawer.textContent()).resolves.toMatch(/仅警告 \d+ 行/);
    await page.screenshot({ path: join(shotsDir, 'intake-preview.png') });

    await drawer.getByRole('button', { name: '确认导入' }).click();
    await drawer.getByText('导入完成：新建 2 个客户').waitFor({ timeout: 60_000 });
    const [result] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: '下载结果文件' }).click()]);
    const resultFile = join(work, 'result.xlsx');
    await result.saveAs(resultFile);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(readFileSync(resultFile) as unknown as ArrayBuffer);
    const ws = back.getWorksheet(CLIENT_SHEET)!;
    const resultCol = (ws.getRow(1).values as unknown[]).indexOf('结果');
    expect(String(ws.getRow(4).getCell(resultCol).value)).toContain('校验位不正确');
    await page.screenshot({ path: join(shotsDir, 'intake-done.png') });
    await page.keyboard.press('Escape');
    await page.getByText('共 2 个').first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'intake-list.png') });

    // the same file again: both written rows are clients already, offered as 更新
    await page.getByRole('button', { name: '导入 Excel' }).click();
    await drawer.getByRole('button', { name: '重新选择文件' }).click();
    await pickFile(page, file);
    await drawer.getByText('已是客户 · 更新').first().waitFor({ timeout: 60_000 });
    await expect(drawer.getByText('已是客户 · 更新').count()).resolves.toBe(2);
    await drawer.getByText(/更新已有客户（2 行/).click();
    await drawer.getByRole('button', { name: '确认导入' }).click();
    await drawer.getByText('新建 0 个客户，更新 2 个').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await page.getByText('共 2 个').first().waitFor();
  });

  it('maps the columns of an agency’s own sheet once and remembers them', async () => {
    const page = await desk.openPage();
    await page.getByRole('menuitem', { name: /客户/ }).click();
    await page.getByRole('button', { name: '导入 Excel' }).click();
    const drawer = page.locator('.ant-drawer-open');
    const r = clientRecordSchema.parse(companyRecord(21));
    const p = r.people[0]!;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户资料');
    ws.addRow(['公司名称', '统一社会信用代码', '联系人姓名', '身份证号', '手机', '邮箱', '业务员']);
    ws.addRow([r.entity.name, r.entity.certNumber, p.name, p.certNumber, p.mobile, p.email, '小王']);
    // a month's sheet beside it: not read, and the preview says so (V-XLS-04)
    wb.addWorksheet('二月').addRow(['公司名称', '统一社会信用代码']);
    const own = join(work, '本机构客户表.xlsx');
    await wb.xlsx.writeFile(own);
    await pickFile(page, own);
    await drawer.getByText('这不是导入模板').waitFor({ timeout: 60_000 });
    // 联系人姓名 has no first guess: the operator picks 负责人姓名 for it
    await drawer.getByLabel('列“联系人姓名”对应的字段').fill('负责人姓名');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="负责人姓名（必填）"]').click();
    await page.screenshot({ path: join(shotsDir, 'intake-mapping.png') });
    await drawer.getByRole('button', { name: '按此对应检查' }).click();
    await drawer.getByText('本机构表格（工作表“客户资料”）').waitFor({ timeout: 60_000 });
    await expect(drawer.textContent()).resolves.toContain(r.entity.name);
    await drawer.getByText('本次只读取工作表“客户资料”：工作表“二月”中的内容不会导入').waitFor();
    // a required field without a column is said once for the file, by name, and once on the row
    await drawer.getByText('表格中没有“市”列：每一行都缺少该项，都不会导入').waitFor();
    await expect(drawer.getByTestId('intake-finding').filter({ hasText: '表格中没有这些列' }).count()).resolves.toBe(1);
    await expect(drawer.getByTestId('intake-finding').filter({ hasText: '请填写市' }).count()).resolves.toBe(0);
    await expect(drawer.textContent()).resolves.toContain('有阻断 1 行');
    await page.screenshot({ path: join(shotsDir, 'intake-other-sheet.png') });
    // the same headers again: no mapping step
    await drawer.getByRole('button', { name: '重新选择文件' }).click();
    await pickFile(page, own);
    await drawer.getByText('本机构表格（工作表“客户资料”）').waitFor({ timeout: 60_000 });
    await expect(drawer.getByText('这不是导入模板').count()).resolves.toBe(0);
  });
});
