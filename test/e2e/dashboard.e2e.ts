// 工作台 in Chromium: a change whose apply-by date is ten days away is listed under 即将到期 with its date,
// and clicking it opens the order.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { individual } from '../fixtures/drafts';
import { shotsDir, useE2eDesk } from './support';

const DAY = 86_400_000;
let orderId = 0;
let applyBy = '';

const desk = useE2eDesk({
  name: 'dashboard',
  hostEnv: { TZ: 'Asia/Shanghai' },
  seed: async ({ addClient, cli }) => {
    // a 个人 client filed before this desk whose mobile has changed since: a 变更备案 is what it needs
    const { filing: _f, ...current } = individual((r) => {
      r.entity.icpNumber = '粤ICP备12345678号';
      r.websites.forEach((w: { icpNumber?: string }, i: number) => (w.icpNumber = `粤ICP备12345678号-${i + 1}`));
    });
    const before = structuredClone(current);
    before.people[0].mobile = '13911112222';
    await addClient({ ...current, filing: { type: '变更备案', provider: 'tencent', before } });
    // takes effect in 40 days: it must be applied for within 10 days, by the end of the 30th day before (China time)
    const effective = new Date(Date.now() + 40 * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
    applyBy = new Date(Date.parse(`${effective}T00:00:00+08:00`) - 29 * DAY - 1).toISOString();
    const out = await cli('--json', 'order', 'create', '--entity', '1', '--type', '变更备案', '--provider', 'tencent', '--effective', effective);
    orderId = (JSON.parse(out) as { id: number }).id;
  },
});

describe('工作台', () => {
  it('lists an order due soon with its date and opens it', async () => {
    const page = await desk.openPage({ timezoneId: 'Asia/Shanghai' });
    await page.getByRole('menuitem', { name: /工作台/ }).click();
    const upcoming = page.getByTestId('upcoming');
    const row = upcoming.locator('.ant-list-item', { hasText: '王小明' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('变更提前');
    // the apply-by date as the operator reads it (China time), and the days left
    const local = new Date(Date.parse(applyBy) + 8 * 3_600_000).toISOString();
    await expect(row.textContent()).resolves.toContain(`${local.slice(0, 10)} ${local.slice(11, 16)} 前`);
    await expect(row.textContent()).resolves.toMatch(/还剩 10 天/);
    await page.screenshot({ path: join(shotsDir, 'dashboard-upcoming.png') });
    await row.getByText('打开订单').click();
    await page.waitForURL(new RegExp(`#/orders/${orderId}$`));
    await page.close();
  });
});
