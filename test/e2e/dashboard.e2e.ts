// 工作台 in Chromium: a change whose apply-by date is ten days away is listed under 即将到期 with its date,
// and clicking it opens the order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { individual } from '../fixtures/drafts';
import { launchChromium, shotsDir, startHost, type RunningHost } from './support';

const PASS = 'e2e-dashboard-passphrase';
const DAY = 86_400_000;
let browser: Browser;
let host: RunningHost | undefined;
let orderId = 0;
let applyBy = '';
const dataDir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-dashboard-'));

beforeAll(async () => {
  process.env.BEIAN_DESK_PASSPHRASE = PASS;
  process.env.BEIAN_DESK_KDF_LOG2N = '12';
  // a 个人 client filed before this desk whose mobile has changed since: a 变更备案 is what it needs
  const { filing: _f, ...current } = individual((r) => {
    r.entity.icpNumber = '粤ICP备12345678号';
    r.websites.forEach((w: { icpNumber?: string }, i: number) => (w.icpNumber = `粤ICP备12345678号-${i + 1}`));
  });
  const before = structuredClone(current);
  before.people[0].mobile = '13911112222';
  const record = { ...current, filing: { type: '变更备案', provider: 'tencent', before } };
  const file = join(dataDir, '..', `client-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(record));
  const quiet = { out: () => undefined, err: () => undefined };
  expect(await runCli(['--data', dataDir, 'entity', 'add', '--file', file], quiet)).toBe(0);
  rmSync(file);
  // takes effect in 40 days: it must be applied for within 10 days
  const effective = new Date(Date.now() + 40 * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
  applyBy = new Date(Date.parse(`${effective}T00:00:00+08:00`) - 30 * DAY).toISOString();
  let out = '';
  expect(await runCli(['--data', dataDir, '--json', 'order', 'create', '--entity', '1', '--type', '变更备案', '--provider', 'tencent', '--effective', effective], { out: (s) => (out += s), err: () => undefined })).toBe(0);
  orderId = (JSON.parse(out) as { id: number }).id;
  host = await startHost(dataDir, { BEIAN_DESK_PASSPHRASE: PASS, TZ: 'Asia/Shanghai' });
  browser = await launchChromium();
});

afterAll(async () => {
  await host?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('工作台', () => {
  it('lists an order due soon with its date and opens it', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(host!.openUrl);
    await page.getByRole('menuitem', { name: /工作台/ }).click();
    const upcoming = page.getByTestId('upcoming');
    const row = upcoming.locator('.ant-list-item', { hasText: '王小明' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('变更提前');
    // the apply-by date as the operator reads it (China time), and the days left
    const local = new Date(Date.parse(applyBy) + 8 * 3_600_000).toISOString();
    await expect(row.textContent()).resolves.toContain(`${local.slice(0, 10)} ${local.slice(11, 16)} 前`);
    await expect(row.textContent()).resolves.toMatch(/还剩 (9|10) 天/);
    await page.screenshot({ path: join(shotsDir, 'dashboard-upcoming.png') });
    await row.getByText('打开订单').click();
    await page.waitForURL(new RegExp(`#/orders/${orderId}$`));
    await page.close();
  });
});
