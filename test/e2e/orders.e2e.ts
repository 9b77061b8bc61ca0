// An order from creation to export, in Chromium against the web host: create the order on the client
// page, upload each material on the checklist, watch it turn green, export the submission package twice.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { individual } from '../fixtures/drafts';
import { materialJpeg } from '../fixtures/materials';
import { launchChromium, shotsDir, startHost, type RunningHost } from './support';

const PASS = 'e2e-orders-passphrase';
let browser: Browser;
let host: RunningHost | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-orders-'));
const outDir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-export-'));

beforeAll(async () => {
  process.env.BEIAN_DESK_PASSPHRASE = PASS;
  process.env.BEIAN_DESK_KDF_LOG2N = '12';
  const { filing: _f, ...record } = individual();
  const file = join(dataDir, '..', `client-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(record));
  expect(await runCli(['--data', dataDir, 'entity', 'add', '--file', file], { out: () => undefined, err: () => undefined })).toBe(0);
  rmSync(file);
  host = await startHost(dataDir, { BEIAN_DESK_PASSPHRASE: PASS });
  browser = await launchChromium();
});

afterAll(async () => {
  await host?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('filing order', () => {
  it('is created, filled, checked green and exported as the same package twice', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(host!.openUrl);
    await page.getByRole('menuitem', { name: /客户/ }).click();
    await page.locator('.ant-table-row', { hasText: '王小明' }).click();
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);
    await page.getByRole('tab', { name: /材料清单（0\/4）/ }).waitFor();

    const uploads = page.locator('.ant-table-row input[type=file]');
    const n = await uploads.count();
    expect(n).toBe(4);
    for (let i = 0; i < n; i++) {
      await page.locator('.ant-table-row input[type=file]').nth(i).setInputFiles({ name: `材料${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: await materialJpeg(`material ${i}`) });
      await page.getByRole('tab', { name: new RegExp(`材料清单（${i + 1}/4）`) }).waitFor();
    }
    expect(await page.getByText('缺少', { exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'order-checklist-green.png') });

    for (const dir of ['a', 'b']) {
      await page.getByRole('button', { name: '导出提交包' }).click();
      await page.getByLabel('导出目录').fill(join(outDir, dir));
      await page.locator('.ant-modal').getByRole('button', { name: '导出', exact: true }).click();
      await page.getByText(/已导出 5 个文件/).first().waitFor();
      await page.locator('.ant-modal').first().waitFor({ state: 'hidden' });
    }
    await page.close();

    const [zipA] = readdirSync(join(outDir, 'a'));
    const a = readFileSync(join(outDir, 'a', zipA!));
    const b = readFileSync(join(outDir, 'b', readdirSync(join(outDir, 'b'))[0]!));
    expect(a.equals(b)).toBe(true);
    const listing = execFileSync('unzip', ['-l', join(outDir, 'a', zipA!)], { encoding: 'utf8' });
    const root = listing.match(/(王小明-首次备案-订单\d+)\//)![1]!;
    for (const p of ['腾讯云/王小明-证件正面.jpg', '腾讯云/王小明-证件背面.jpg', '腾讯云/王小明的摄影博客-幕布照片-王小明.jpg', '腾讯云/王小明的摄影博客-核验单-已签字.jpg', '腾讯云/王小明的摄影博客-核验单.pdf', 'manifest.json', '提交清单.pdf']) {
      expect(listing).toContain(`${root}/${p}`);
    }
    const manifest = JSON.parse(execFileSync('unzip', ['-p', join(outDir, 'a', zipA!), `${root}/manifest.json`], { encoding: 'utf8' }));
    for (const f of manifest.files as { path: string; sha256: string }[]) {
      const bytes = execFileSync('unzip', ['-p', join(outDir, 'a', zipA!), f.path]);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
  });
});
