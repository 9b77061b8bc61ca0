// Team mode in Chromium: `npm run server` on 127.0.0.1 with its self-signed certificate (the browser is
// told to accept it, as a desk that pinned its fingerprint would), the login page, a wrong password, the
// lockout message, a 管理员 adding an operator in 设置 → 账户, the log naming the logged-in operator, and
// logging out back to the login page.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { individual } from '../fixtures/drafts';
import { shotsDir, useE2eDesk } from './support';

const ADMIN_PW = 'Admin-Pass-0001';

const desk = useE2eDesk({
  name: 'team',
  host: 'team',
  env: { BEIAN_DESK_PASSWORD_LOG2N: '12' },
  seed: async ({ addClient, cliWithStdin }) => {
    const { filing: _f, ...record } = individual();
    await addClient(record);
    // the first 管理员, its password on standard input (never on the command line)
    await cliWithStdin(`${ADMIN_PW}\n`, 'account', 'add', '--role', 'admin', '--username', 'admin', '--name', '管理员甲');
  },
});
const quiet = { out: () => undefined, err: () => undefined };
/** The team server's address (the login page) and the certificate fingerprint it printed to pin. */
const url = () => desk.host.openUrl;
const fingerprint = () => /证书指纹 SHA-256：(\S+)/.exec(desk.host.startupOutput)?.[1] ?? '';

async function login(page: Page, username: string, password: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  // one attempt at a time: the button ignores clicks while its request is out
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/auth/login')), page.getByRole('button', { name: /登\s*录/ }).click()]);
  // a login lands on its role's first page (TeamGate): wait for it, or a page the test opens next is replaced by it
  if (answer.ok()) await page.waitForURL(/#\/(clients|photo-tasks)$/);
}

describe('team server in the browser', () => {
  it('prints the certificate fingerprint to pin and shows the login page before anything else', async () => {
    expect(fingerprint()).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const page = await desk.openPage();
    await expect(page.getByText('备案助手 — 团队服务器登录').waitFor()).resolves.toBeUndefined();
    expect(await page.getByText('客户').count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'team-login.png') });
    await page.context().close();
  });

  it('says a wrong password is wrong, then locks the account after five with when to come back', async () => {
    // a second operator to lock, so the 管理员 stays usable
    expect(await runCli([...desk.storeArgs(), 'account', 'add', '--role', 'operator', '--username', 'lisi', '--name', '李四'], { ...quiet, stdin: async () => 'Lisi-Pass-0001\n' })).toBe(0);
    const page = await desk.openPage();
    await login(page, 'lisi', 'wrong-password');
    await page.getByText('用户名或密码不正确（连续输错 5 次，账户将锁定 15 分钟）').waitFor();
    await page.screenshot({ path: join(shotsDir, 'team-login-wrong.png') });
    for (let i = 0; i < 4; i++) await login(page, 'lisi', 'wrong-password');
    await page.getByText(/账户已锁定 15 分钟：请于 \d\d:\d\d（北京时间）后再试/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'team-login-locked.png') });
    await page.context().close();
  });

  it('lets the 管理员 in, adds an operator in 设置 → 账户, logs it under the 管理员’s name, and logs out', async () => {
    const page = await desk.openPage();
    await login(page, 'admin', ADMIN_PW);
    await page.getByText('管理员甲（管理员）').waitFor();
    await page.getByRole('menuitem', { name: /设置/ }).click();
    await page.getByText('新建账户').click();
    const dialog = page.getByRole('dialog', { name: '新建账户' });
    await dialog.getByLabel('用户名').fill('wangwu');
    await dialog.getByLabel('姓名').fill('王五');
    await dialog.getByLabel('密码', { exact: true }).fill('Wangwu-Pass-01');
    await dialog.getByLabel('再次输入密码').fill('Wangwu-Pass-01');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText('已新建账户 wangwu').waitFor();
    await page.getByRole('cell', { name: 'wangwu' }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'team-accounts.png'), fullPage: true });

    // the client's 日志 names the logged-in operator
    await page.getByRole('menuitem', { name: /客户/ }).click();
    // the row of the client itself (the 账户 table just left may still be in the page for a moment)
    await page.locator('.ant-table-row', { hasText: 'wxm-photo.cn' }).click();
    await page.getByRole('button', { name: /显\s*示/ }).first().click();
    await page.getByText('本次查看已记入客户日志。').waitFor();
    await page.getByRole('button', { name: /关\s*闭/ }).click();
    await page.getByRole('tab', { name: '日志' }).click();
    await page.getByRole('cell', { name: '管理员甲（admin）' }).first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'team-client-log.png') });

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByText('备案助手 — 团队服务器登录').waitFor();
    // the old cookie is gone: any call now comes back to the login page
    const status = await page.evaluate(async () => (await fetch('/api/entity.list', { method: 'POST', body: '{}' })).status);
    expect(status).toBe(401);
    await page.context().close();
  });

  it('gives an order to a 拍照点, which then sees only 拍照任务 (not 照片检查: its paths are the server’s disk) and that order’s curtain photos', async () => {
    expect(await runCli([...desk.storeArgs(), 'account', 'add', '--role', 'photo', '--username', 'paizhao', '--name', '拍照点一'], { ...quiet, stdin: async () => 'Photo-Pass-0001\n' })).toBe(0);
    let created = '';
    expect(await runCli([...desk.storeArgs(), '--json', 'order', 'create', '--entity', '1', '--type', '首次备案', '--provider', 'aliyun'], { out: (t) => (created += t), err: () => undefined })).toBe(0);
    const orderId = (JSON.parse(created) as { id: number }).id;

    const admin = await desk.openPage({ url: `${url()}#/orders/${orderId}` });
    await login(admin, 'admin', ADMIN_PW);
    await admin.goto(`${url()}#/orders/${orderId}`);
    await admin.getByLabel('拍照点').click();
    await admin.getByTitle('拍照点一（paizhao）').click();
    await admin.getByText('拍照点分配已保存').waitFor();
    await admin.context().close();

    const photo = await desk.openPage();
    await login(photo, 'paizhao', 'Photo-Pass-0001');
    await photo.getByRole('heading', { name: /拍照任务/ }).waitFor();
    await photo.getByText(/幕布照片/).first().waitFor();
    expect(await photo.getByRole('menuitem').allInnerTexts()).toEqual(['拍照任务']);
    await photo.screenshot({ path: join(shotsDir, 'team-photo-tasks.png') });
    // the client list is not for a 拍照点, whatever the address says
    const refused = await photo.evaluate(async () => (await (await fetch('/api/entity.list', { method: 'POST', body: '{}' })).json()) as { error: { code: string } });
    expect(refused.error.code).toBe('FORBIDDEN');
    // nor the photo desk, whose folder paths would be the server's own disk
    const photoDesk = await photo.evaluate(async () => (await (await fetch('/api/photos.recheck', { method: 'POST', body: JSON.stringify({ file: '/etc/hostname', kind: 'curtain' }) })).json()) as { error: { code: string } });
    expect(photoDesk.error.code).toBe('FORBIDDEN');
    await photo.context().close();
  });
});
