// 设置 → 团队服务器 in Chromium against the web host (browser mode): the card says pointing the window is
// for the desktop app, 检查连接 reaches a real team server over TLS and shows its fingerprint (matching,
// then not), 保存 writes the data folder's team-server.json, 断开 removes it, and the server commands
// name this desk's data folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../main/api/router';
import { selfSignedCertificate, type ServerCertificate } from '../../main/web/certificate';
import { startWebHost, type WebHost } from '../../main/web/host';
import { TEAM_SERVER_FILE } from '../../main/files/teamServerFile';
import { openTestDesk } from '../helpers';
import { inTeamRun, shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({ name: 'teamlink' });
let team: WebHost;
let certificate: ServerCertificate;
let address: string;

beforeAll(async () => {
  const serverDesk = await openTestDesk(desk.tempDir('server'));
  certificate = await selfSignedCertificate(desk.tempDir('tls'), '127.0.0.1');
  team = await startWebHost({ router: createRouter(serverDesk), team: { desk: serverDesk, host: '127.0.0.1', tls: { cert: certificate.cert, key: certificate.key } } });
  address = `https://127.0.0.1:${team.port}/`;
});
afterAll(async () => {
  await team?.close();
});

// Not in the team run: 设置 → 团队服务器 belongs to a desktop app's own desk — a team server hides the card
// and refuses teamServer.* for every role (test/main/services/teamServerLink.test.ts).
describe.skipIf(inTeamRun)('设置 → 团队服务器', () => {
  it('checks a team server, saves it for the desktop app, and disconnects again', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    const card = page.locator('.ant-card', { hasText: '连接团队服务器' });
    await page.getByText('当前是浏览器模式').waitFor();
    await expect.poll(() => page.getByLabel('启动团队服务器的命令').textContent()).toContain(`--data ${desk.dataDir} --listen 0.0.0.0:8443 --tls-self-signed`);

    // first contact: no fingerprint typed, the server's is shown and can be taken after comparing
    await page.getByLabel('团队服务器地址').fill(address);
    await page.getByRole('button', { name: '检查连接' }).click();
    await page.getByText('已连接：请把下面的指纹与服务器启动时打印的指纹逐字核对').waitFor();
    await page.getByText(certificate.fingerprint256).waitFor();
    await page.getByText('是备案助手团队服务器（要求登录）').waitFor();
    await page.getByRole('button', { name: '核对无误后填入此指纹' }).click();
    expect(await page.getByLabel('证书指纹').inputValue()).toBe(certificate.fingerprint256);
    await page.getByRole('button', { name: '检查连接' }).click();
    await page.getByText('连接正常：证书与指纹一致，是备案助手团队服务器').waitFor();
    await card.screenshot({ path: join(shotsDir, 'settings-team-server-checked.png') });

    // a pin that is not the server's certificate
    const other = await selfSignedCertificate(desk.tempDir('other'), '127.0.0.1');
    await page.getByLabel('证书指纹').fill(other.fingerprint256.toLowerCase());
    await page.getByRole('button', { name: '检查连接' }).click();
    await page.getByText('与填写的指纹不一致', { exact: true }).waitFor();
    await page.getByText(/服务器出示的证书与填写的指纹不一致/).waitFor();

    // refusals on their fields, nothing saved
    await page.getByLabel('团队服务器地址').fill('http://127.0.0.1:8443/');
    await card.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('团队服务器地址必须以 https:// 开头：桌面版只通过 TLS 连接团队服务器').waitFor();
    expect(existsSync(join(desk.dataDir, TEAM_SERVER_FILE))).toBe(false);

    await page.getByLabel('团队服务器地址').fill(address);
    await page.getByLabel('证书指纹').fill(certificate.fingerprint256);
    await card.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(`桌面版启动时连接 ${address}`).waitFor();
    const saved = JSON.parse(readFileSync(join(desk.dataDir, TEAM_SERVER_FILE), 'utf8')) as { address: string; fingerprint256: string };
    expect(saved).toMatchObject({ address, fingerprint256: certificate.fingerprint256 });
    await card.screenshot({ path: join(shotsDir, 'settings-team-server-saved.png') });

    await card.getByRole('button', { name: '断开' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '断开' }).click();
    await expect.poll(() => existsSync(join(desk.dataDir, TEAM_SERVER_FILE))).toBe(false);
    await page.getByText(`桌面版启动时连接 ${address}`).waitFor({ state: 'detached' });
    await page.close();
  });

  it('says why when nothing answers at the address', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    await page.getByLabel('团队服务器地址').fill('https://127.0.0.1:1/');
    await page.getByRole('button', { name: '检查连接' }).click();
    await page.getByText('无法连接 127.0.0.1:1：连接被拒绝（服务器没有运行，或端口不对）').waitFor();
    await page.close();
  });
});
