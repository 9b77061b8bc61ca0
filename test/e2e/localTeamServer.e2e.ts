// 设置 → 团队服务器 → 在本机运行团队服务器 in Chromium: the admin types the team database and the passwords,
// 启动 shows 正在启动 then 运行中 with the address and fingerprint the real server answers with, the
// passwords are nowhere in the page or the saved values afterwards, 停止 ends it; a wrong passphrase is
// shown in the server's words. The PostgreSQL cluster is this file's own (the desk run has none).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { LOCAL_TEAM_SERVER_FILE } from '../../main/files/localTeamServerFile';
import { createAccount } from '../../main/services/accounts';
import { findPgBinaries, startPgCluster, type PgCluster } from '../support/pgCluster';
import { inTeamRun, shotsDir, useE2eDesk } from './support';

const binaries = findPgBinaries();
const DB_PASSWORD = 'E2e-Db-Pass-77';
let cluster: PgCluster | undefined;
let databaseUrl = '';

// before the desk's own beforeAll: its seed puts the admin account into this database
beforeAll(async () => {
  if (!binaries || inTeamRun) return;
  cluster = await startPgCluster({ binaries });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE agency');
  await admin.end();
  databaseUrl = cluster.adminUrl.replace('/postgres?', '/agency?');
}, 120_000);
afterAll(() => cluster?.stop());

const desk = useE2eDesk({
  name: 'localteam',
  seedTimeoutMs: 120_000,
  async seed(s) {
    if (!databaseUrl) return;
    // the desk's own folder first (its SQLite file and keyring), then the team database bound to that keyring
    await s.withStore(async () => undefined);
    const team = await Desk.open({ dataDir: s.dataDir, actor: 'e2e', kdfLog2n: 12, store: await openPostgresStore(databaseUrl, { poolSize: 2 }) });
    try {
      await team.vault.unlock(s.passphrase);
      await createAccount(team, { username: 'admin', displayName: '管理员甲', role: 'admin', password: 'Admin-Pass-001' });
    } finally {
      await team.close();
    }
  },
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

function presentedFingerprint(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      resolve((res.socket as TLSSocket).getPeerCertificate().fingerprint256);
      res.resume();
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!binaries || inTeamRun)('设置 → 团队服务器 → 在本机运行团队服务器', () => {
  it('starts the team server from the card, shows its address and fingerprint, and stops it', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1300 } });
    // The card's saved values come late, as on a loaded machine: the form stays closed until they are
    // there (it used to take input, then overwrite it — passphrase cleared, another 监听地址 — and 启动
    // stopped at the form's own check).
    let release = () => undefined as void;
    const held = new Promise<void>((ok) => (release = ok));
    await page.route('**/api/teamServerRun.get', async (route) => {
      await held;
      await route.continue();
    }, { times: 1 });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    const section = page.locator('section[aria-label="在本机运行团队服务器"]');
    await section.waitFor();
    await expect(page.getByLabel('服务器数据密码').isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('团队数据库地址').isDisabled()).resolves.toBe(true);
    release();
    await section.getByText(desk.dataDir).waitFor();
    await page.getByLabel('团队数据库地址').fill(databaseUrl);
    await page.getByLabel('数据库密码').fill(DB_PASSWORD);
    await page.getByLabel('监听地址').click();
    // the option in the open list (the field itself may show the same title)
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="127.0.0.1（仅本机，用于试用）"]').click();
    const port = await freePort();
    await page.getByLabel('端口').fill(String(port));

    // a wrong data passphrase: the server's own words
    await page.getByLabel('服务器数据密码').fill('not-the-passphrase');
    await section.getByRole('button', { name: '启动' }).click();
    await section.getByText('团队服务器未能运行').waitFor({ timeout: 60_000 });
    await section.getByText(/密码/).first().waitFor();

    await page.getByLabel('服务器数据密码').fill(desk.passphrase);
    await page.getByLabel('数据库密码').fill(DB_PASSWORD);
    await section.getByRole('button', { name: '启动' }).click();
    await section.getByText('正在启动').waitFor();
    await section.screenshot({ path: join(shotsDir, 'settings-local-team-server-starting.png') });
    await section.getByText('运行中', { exact: true }).waitFor({ timeout: 60_000 });
    const address = (await page.getByLabel('本机团队服务器访问地址').textContent())!.trim();
    expect(address).toBe(`https://127.0.0.1:${port}/`);
    const fingerprint = (await page.getByLabel('服务器证书指纹').textContent())!.trim();
    expect(fingerprint).toBe(await presentedFingerprint(address));
    await section.getByText('备案助手团队服务器已启动').waitFor();
    await section.screenshot({ path: join(shotsDir, 'settings-local-team-server-running.png') });

    // the passwords are in neither the page nor the saved values
    const html = await page.content();
    expect(html).not.toContain(DB_PASSWORD);
    expect(html).not.toContain(desk.passphrase);
    expect(await page.getByLabel('服务器数据密码').inputValue()).toBe('');
    const saved = readFileSync(join(desk.dataDir, LOCAL_TEAM_SERVER_FILE), 'utf8');
    expect(saved).not.toContain(DB_PASSWORD);
    expect(saved).toContain('"listenHost": "127.0.0.1"');

    await section.getByRole('button', { name: '停止' }).click();
    await section.getByText('未运行', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(presentedFingerprint(address)).rejects.toThrow();
    await page.close();
  }, 180_000);
});
