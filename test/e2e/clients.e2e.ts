// The client registry as an operator uses it, in Chromium against the web host: create an entity with two
// people and a website with two domains through the forms, restart the host, find it again by a domain.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { personId, uscc } from '../fixtures/records';
import { fillShenzhenNanshan, inTeamRun, pick, shotsDir, useE2eDesk } from './support';

// On a single desk: no passphrase in the environment and no host yet: the test sets the passphrase in the
// page and restarts the host. On a team server (unlocked at its start, from its terminal) the same forms,
// restart, search, reveal, 核验单 and deletion run logged in as TEAM_ADMIN, without the passphrase steps.
const desk = useE2eDesk({ name: 'clients', host: inTeamRun ? 'unlocked' : 'none' });

const PASSPHRASE = 'e2e-data-passphrase';

/** Opens the desk: the first time it asks to set the data passphrase, afterwards to unlock. */
async function openPage(first: boolean): Promise<Page> {
  const page = await desk.openPage();
  if (inTeamRun) {
    await page.getByText('客户', { exact: true }).first().waitFor();
    return page;
  }
  await page.getByLabel('数据密码').fill(PASSPHRASE);
  if (first) {
    await page.getByLabel('再次输入').fill('not-the-same');
    await page.getByRole('button', { name: '设置密码并开始使用' }).click();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByLabel('再次输入').fill(PASSPHRASE);
    await page.getByRole('button', { name: '设置密码并开始使用' }).click();
  } else {
    await page.getByRole('button', { name: '解锁' }).click();
  }
  await page.getByText('客户', { exact: true }).first().waitFor();
  return page;
}

const errorOf = (page: Page, id: string) => page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`);

describe('client registry', () => {
  it('creates a client through the forms, survives a restart and is found by a domain', async () => {
    // the team server is up already (started for the file, unlocked). On a single desk the data folder starts
    // empty, also for the run's retry of this test: the first try may have set the passphrase (then the page
    // asks to unlock, not to set it) — two loaded runs on 2026-12-07 failed the retry on exactly that
    if (!inTeamRun) {
      await desk.stopHost();
      for (const entry of readdirSync(desk.dataDir)) rmSync(join(desk.dataDir, entry), { recursive: true, force: true });
      await desk.startHost();
    }
    const page = await openPage(true);
    await page.getByText('还没有客户').waitFor();
    await page.getByRole('button', { name: '新建客户' }).first().click();
    await page.getByText('主体信息').first().waitFor();

    await fillShenzhenNanshan(page);
    await pick(page, '#entity_nature', '企业');
    await page.locator('#entity_certNumber').fill(uscc('91440300MA5E2E001'));
    await page.locator('#entity_name').fill('深圳市端到端科技有限公司');
    await page.locator('#entity_investor').fill('王端');
    await page.locator('#entity_certAddress').fill('深圳市南山区科技园路8号');
    await page.locator('#entity_mailingAddress').fill('广东省深圳市南山区科技园路8号B座808室');

    await page.locator('#people_0_name').fill('王端');
    await page.locator('#people_0_certNumber').fill(personId(11));
    // An invalid mobile number is refused with a message next to the field.
    await page.locator('#people_0_mobile').fill('12345');
    await page.locator('#people_0_email').click();
    await errorOf(page, 'people_0_mobile').waitFor();
    expect(await errorOf(page, 'people_0_mobile').textContent()).toContain('手机号码应为 11 位数字');
    await page.screenshot({ path: join(shotsDir, 'new-client-invalid-mobile.png'), fullPage: false });
    await page.locator('#people_0_mobile').fill('13812345678');
    await page.locator('#people_0_email').fill('wang@e2e-shili.cn');
    // the format message and any live finding on the old value both go once the new value is checked
    await expect.poll(() => errorOf(page, 'people_0_mobile').count(), { timeout: 15_000 }).toBe(0);

    await page.getByRole('button', { name: '添加负责人' }).click();
    await page.locator('#people_1_name').fill('李到');
    await page.locator('#people_1_certNumber').fill(personId(12, '19880808'));
    await page.locator('#people_1_mobile').fill('13912345678');
    await page.locator('#people_1_email').fill('li@e2e-shili.cn');

    await page.getByRole('button', { name: '添加网站' }).click();
    await page.locator('#websites_0_name').fill('端到端科技官网');
    await page.locator('#websites_0_domains_0').fill('e2e-shili.cn');
    await page.getByRole('button', { name: '添加域名' }).click();
    await page.locator('#websites_0_domains_1').fill('e2e-shili-two.com.cn');
    await page.locator('#websites_0_homepages_0').fill('www.e2e-shili.cn');
    await pick(page, '#websites_0_principalIndex', '李到');
    await page.locator('#websites_0_remark').fill('域名指向同一网站');

    // findings appear while typing, next to the field and in the panel, without blocking the save
    await page.locator('#websites_0_domains_1').fill('e2e-shili.hk');
    await page.getByText('V-DOM-04').first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'new-client-live-findings.png') });
    await page.locator('#websites_0_domains_1').fill('e2e-shili-two.com.cn');
    await page.getByText('V-DOM-04').first().waitFor({ state: 'detached' });

    await page.getByRole('button', { name: '保存客户' }).click();
    await page.waitForURL(/#\/clients\/\d+$/);
    await page.getByRole('tab', { name: '负责人（2）' }).waitFor();
    await page.getByRole('tab', { name: '网站（1）' }).click();
    await page.getByText('e2e-shili-two.com.cn').waitFor();
    await page.getByRole('tab', { name: /^检查/ }).click();
    await page.getByText('V-DOM-03').waitFor();
    await page.screenshot({ path: join(shotsDir, 'client-page-websites.png') });
    await page.close();

    await desk.stopHost();
    await desk.startHost();
    if (!inTeamRun) {
      // after a restart the desk is locked; a wrong passphrase is refused
      const locked = await desk.openPage();
      await locked.getByLabel('数据密码').fill('wrong-passphrase');
      await locked.getByRole('button', { name: '解锁' }).click();
      await locked.getByText('密码不正确').waitFor();
      await locked.screenshot({ path: join(shotsDir, 'unlock-wrong-passphrase.png') });
      await locked.close();
    }
    const again = await openPage(false);
    await again.getByRole('searchbox', { name: '搜索客户' }).fill('e2e-shili-two.com.cn');
    await again.keyboard.press('Enter');
    const row = again.locator('.ant-table-row', { hasText: '深圳市端到端科技有限公司' });
    await row.waitFor();
    expect(await again.locator('.ant-table-row').count()).toBe(1);
    await again.screenshot({ path: join(shotsDir, 'client-list-search.png') });
    await row.click();
    await again.getByRole('tab', { name: '负责人（2）' }).click();
    await again.getByText('李到').first().waitFor();
    // numbers are masked until revealed; the reveal shows the number and is logged
    await again.getByText('139****5678').waitFor();
    await again.locator('.ant-table-row', { hasText: '李到' }).getByRole('button', { name: '显示' }).click();
    await again.getByText('13912345678').waitFor();
    await again.screenshot({ path: join(shotsDir, 'person-revealed.png') });
    await again.getByRole('button', { name: '关闭' }).click();
    await again.getByRole('tab', { name: '日志' }).click();
    await again.getByText('查看个人信息').waitFor();
    await again.getByRole('tab', { name: '网站（1）' }).click();
    expect(await again.getByText('e2e-shili.cn', { exact: true }).count()).toBe(1);
    expect(await again.getByText('王端（同主体负责人）').count()).toBe(0);

    // The 核验单 page previews the website's sheet as page images.
    await again.getByRole('menuitem', { name: /核验单/ }).click();
    await again.getByLabel('选择客户').click();
    await again.keyboard.type('端到端');
    await again.locator('.ant-select-item-option', { hasText: '深圳市端到端科技有限公司' }).click();
    await again.getByAltText('第 1 页').waitFor({ timeout: 30_000 });
    await again.screenshot({ path: join(shotsDir, 'sheet-preview.png') });
    await again.getByRole('menuitem', { name: /客户/ }).click();
    await again.locator('.ant-table-row', { hasText: '深圳市端到端科技有限公司' }).click();

    // Deleting asks once, names what goes, and leaves the list empty.
    await again.getByRole('button', { name: '删除客户' }).click();
    const dialog = again.locator('.ant-modal-confirm');
    await dialog.getByText('将同时删除 2 位负责人、1 个网站（2 个域名）').waitFor();
    await dialog.getByRole('button', { name: '删除' }).click();
    await again.waitForURL(/#\/clients$/);
    await again.getByText('还没有客户').waitFor();
    await again.close();
  });

  // a team server has no local token: its login is team.e2e.ts
  it.skipIf(inTeamRun)('refuses a URL without the token', async () => {
    const host = desk.hostIfRunning() ?? (await desk.startHost());
    const page = await desk.openPage({ url: new URL(host.openUrl).origin + '/' });
    expect(await page.textContent('body')).toContain('需要访问令牌');
    await page.close();
  });
});
