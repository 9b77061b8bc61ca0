// What a save changes is on screen when its dialog closes, without reopening the page: the query layer
// reads again what the write changed (the client's record, its log, the client list) and nothing else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { individual } from '../fixtures/drafts';
import { launchChromium, shotsDir, startHost, type RunningHost } from './support';

const PASS = 'e2e-refresh-passphrase';
let browser: Browser;
let host: RunningHost | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-refresh-'));

beforeAll(async () => {
  process.env.BEIAN_DESK_PASSPHRASE = PASS;
  process.env.BEIAN_DESK_KDF_LOG2N = '12';
  const { filing: _f, ...record } = individual();
  const file = join(dataDir, '..', `refresh-client-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(record));
  expect(await runCli(['--data', dataDir, 'entity', 'add', '--file', file], { out: () => undefined, err: () => undefined })).toBe(0);
  rmSync(file);
  expect(await runCli(['--data', dataDir, 'order', 'create', '--entity', '1', '--type', '首次备案', '--provider', 'aliyun'], { out: () => undefined, err: () => undefined })).toBe(0);
  host = await startHost(dataDir, { BEIAN_DESK_PASSPHRASE: PASS });
  browser = await launchChromium();
});

afterAll(async () => {
  await host?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('after a save', () => {
  it('shows the ended service and the new retention on the client page, and the log lists both, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(host!.openUrl);
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
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(host!.openUrl);
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
