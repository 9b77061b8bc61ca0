// What a save changes is on screen when its dialog closes, without reopening the page: the query layer
// reads again what the write changed (the client's record, its log, the client list) and nothing else.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { individual } from '../fixtures/drafts';
import { shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'refresh',
  seed: async ({ addClient, cli }) => {
    const { filing: _f, ...record } = individual();
    await addClient(record);
    await cli('order', 'create', '--entity', '1', '--type', '首次备案', '--provider', 'aliyun');
  },
});

describe('after a save', () => {
  it('shows the ended service and the new retention on the client page, and the log lists both, without a reload', async () => {
    const page = await desk.openPage();
    await page.locator('.ant-table-row', { hasText: '王小明' }).click();
    await page.getByText(/服务进行中/).waitFor();
    // the log is read once here; it must be read again after each save below
    await page.getByRole('tab', { name: '日志' }).click();
    await page.getByRole('tab', { name: '主体信息' }).click();

    await page.getByRole('button', { name: '结束服务' }).click();
    await page.getByLabel('结束服务原因').fill('客户已自行办理后续事项');
    await page.locator('.ant-modal:visible').getByRole('button', { name: '结束服务' }).click();
    // the day is the desk's (how it dates a day is another matter); the page shows it without a reload
    await page.getByText(/服务已于 \d{4}-\d{2}-\d{2} 结束，保留 默认期限/).waitFor();

    await page.getByRole('button', { name: '设置', exact: true }).click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '数据保留' });
    await dialog.getByRole('spinbutton').fill('36');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(/服务已于 \d{4}-\d{2}-\d{2} 结束，保留 36 个月/).waitFor();
    // the dialog has closed (a click on its fading mask would not reach the tabs)
    await page.locator('.ant-modal-mask:visible').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(shotsDir, 'refresh-retention-saved.png') });

    await page.getByRole('tab', { name: '日志' }).click();
    await expect.poll(() => page.getByRole('tab', { name: '日志' }).getAttribute('aria-selected')).toBe('true');
    const log = page.locator('.ant-table-row:visible');
    await log.filter({ hasText: '结束服务' }).first().waitFor();
    await log.filter({ hasText: '设置数据保留' }).first().waitFor();
    await expect(log.filter({ hasText: '保留期限（月）：36' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(shotsDir, 'refresh-log.png') });
    await page.close();
  });

  it('names each provider as the desk’s provider profiles do, on the order board and the order page', async () => {
    const page = await desk.openPage();
    await page.getByRole('menuitem', { name: /备案订单/ }).click();
    const row = page.locator('.ant-table-row', { hasText: '王小明' });
    await row.getByText('阿里云').waitFor();
    await page.screenshot({ path: join(shotsDir, 'refresh-order-board.png') });
    await row.click();
    await page.waitForURL(/#\/orders\/\d+$/);
    await page.locator('.ant-tag', { hasText: '阿里云' }).waitFor();
    await page.close();
  });
});
