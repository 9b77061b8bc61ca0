// 设置 in Chromium against the web host: a backup made and restored from the page into an empty folder,
// a restore refused for a folder that holds files, a wrong current passphrase answered on screen, the
// transfer export's second passphrase field, and a transfer export run from the page as a job, its file imported
// as an upload.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { addMaterial } from '../../main/services/materials';
import { individual } from '../fixtures/drafts';
import { materialJpeg } from '../fixtures/materials';
import { createTestDatabase } from '../support/pgTestDatabase';
import { inTeamRun, shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'settings',
  seed: async ({ addClient, withStore }) => {
    const { filing: _f, ...record } = individual();
    await addClient(record);
    // a material file for the transfer export to carry
    await withStore((d) => materialJpeg('幕布照片').then((data) => addMaterial(d, { entityId: 1, kind: 'curtain', fileName: '幕布.jpg', data })));
  },
});
const PASS = desk.passphrase;
const work = desk.tempDir('restore');
const quiet = { out: () => undefined, err: () => undefined };

describe('设置', () => {
  it('makes a backup and restores it from the page into an empty folder, and refuses a folder that is not empty', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    // the suggested folders arrive after the page: fill in ours only once they are there, or they would replace it
    // (a team server's page asks for its accounts and operator report first: more than poll's default second)
    await expect.poll(() => page.getByLabel('备份目录').inputValue(), { timeout: 15_000 }).not.toBe('');
    await expect.poll(() => page.getByLabel('恢复到的空目录').inputValue(), { timeout: 15_000 }).not.toBe('');
    await page.getByLabel('备份目录').fill(join(work, 'backups'));
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.getByText(/已写出 .*\.bdbackup/).waitFor();
    expect(readdirSync(join(work, 'backups'))).toHaveLength(1);
    // the restore form takes the backup just written
    expect(await page.getByLabel('恢复的备份文件').inputValue()).toMatch(/\.bdbackup$/);

    const restored = join(work, 'restored');
    await page.getByLabel('恢复到的空目录').fill(restored);
    await page.getByLabel('备份的数据密码').fill(PASS);
    await page.getByRole('button', { name: '恢复', exact: true }).click();
    let listed = '';
    if (inTeamRun) {
      // A team database's backup is restored into an empty team database, which only the server's
      // terminal names (the page never carries database credentials): the page says how, nothing is
      // written, and that command brings the client back.
      await page.locator('.ant-alert-description', { hasText: '这是团队数据库（PostgreSQL）的备份：请用 --database postgres://… 指定一个空的团队数据库来恢复' }).waitFor();
      await page.screenshot({ path: join(shotsDir, 'settings-restore-team.png'), fullPage: true });
      expect(existsSync(restored)).toBe(false);
      const target = await createTestDatabase();
      const backup = await page.getByLabel('恢复的备份文件').inputValue();
      const store = ['--data', restored, '--database', target.url];
      expect(await runCli([...store, 'backup', 'restore', backup], quiet)).toBe(0);
      expect(await runCli([...store, '--json', 'entity', 'list'], { out: (s) => (listed += s), err: () => undefined })).toBe(0);
      await target.drop();
    } else {
      await page.getByText(`已恢复到 ${restored}`).waitFor();
      await page.screenshot({ path: join(shotsDir, 'settings-restore-done.png'), fullPage: true });
      expect(await runCli(['--data', restored, '--json', 'entity', 'list'], { out: (s) => (listed += s), err: () => undefined })).toBe(0);
    }
    expect((JSON.parse(listed) as { total: number }).total).toBe(1);

    const used = join(work, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'notes.txt'), 'keep me');
    await page.getByLabel('恢复到的空目录').fill(used);
    await page.getByRole('button', { name: '恢复', exact: true }).click();
    await page.getByText(/目标数据目录不是空的/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'settings-restore-refused.png'), fullPage: true });
    expect(readdirSync(used)).toEqual(['notes.txt']);
    await page.close();
  });

  it('says which backup folder cannot be made and why: a file in its way, a folder the system will not make (no hang)', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    await expect.poll(() => page.getByLabel('备份目录').inputValue(), { timeout: 15_000 }).not.toBe('');
    const aFile = join(work, 'a-file.txt');
    writeFileSync(aFile, 'x');
    const throughAFile = join(aFile, '备份');
    await page.getByLabel('备份目录').fill(throughAFile);
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.getByText(`无法写入文件夹“${throughAFile}”：路径中的“a-file.txt”是文件，不是文件夹。请换一个文件夹`).waitFor();
    await page.screenshot({ path: join(shotsDir, 'settings-backup-folder-refused.png'), fullPage: true });
    // Node's recursive mkdir loops for ever on a folder whose mkdir says ENOENT although its parent is
    // there (/proc/nope on Linux): the desk would stop answering, this message would never come
    if (existsSync('/proc/self')) {
      await page.getByLabel('备份目录').fill('/proc/nope');
      await page.getByRole('button', { name: '立即备份' }).click();
      await page.getByText('无法写入文件夹“/proc/nope”：无法在“/proc”中创建文件夹。请换一个文件夹').waitFor();
    }
    await page.close();
  });

  it('says so when the current passphrase is wrong, and asks for the transfer passphrase twice', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    await page.getByLabel('当前密码').fill('not-the-passphrase');
    await page.getByLabel('新密码', { exact: true }).fill('a-new-passphrase');
    await page.getByLabel('确认新密码').fill('a-new-passphrase');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('当前密码不正确', { exact: true }).waitFor();

    await page.getByLabel('传输密码', { exact: true }).fill('transfer-pass-1');
    await page.getByLabel('确认传输密码').fill('transfer-pass-2');
    await page.getByText('两次输入的传输密码不一致').waitFor();
    expect(await page.getByRole('button', { name: '导出', exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(shotsDir, 'settings-passphrase-transfer.png'), fullPage: true });
    await page.close();
  });

  it('exports the chosen client from the page as a job, shows the file it wrote, and imports that file as an upload (its body, not base64 inside JSON)', async () => {
    const page = await desk.openPage({ viewport: { width: 1400, height: 1100 } });
    await page.getByRole('menuitem', { name: /设置/ }).click();
    const card = page.locator('.ant-card', { hasText: '在电脑之间转移客户' });
    // the suggested folder arrives after the page: ours is typed once it is there, or it would replace it
    await expect.poll(() => card.getByLabel('转移文件目录').inputValue(), { timeout: 15_000 }).not.toBe('');
    const dir = desk.tempDir('transfer');
    await card.getByLabel('选择客户').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.keyboard.press('Escape');
    await card.getByLabel('传输密码', { exact: true }).fill('transfer-pass-1');
    await card.getByLabel('确认传输密码').fill('transfer-pass-1');
    await card.getByLabel('转移文件目录').fill(dir);
    await card.getByRole('button', { name: '导出', exact: true }).click();
    // the job's progress (the client, its one material file, the archive) and the file it wrote
    await card.getByText(/^已导出 1 个客户、1 个材料文件/).waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('transfer-export-job').innerText()).toContain('已完成 3 / 3');
    const [name] = readdirSync(dir);
    expect(name).toMatch(/^备案助手转移-1个客户-.*\.bdtransfer$/);
    const file = join(dir, name!);
    await card.getByText(file, { exact: true }).waitFor();
    await card.screenshot({ path: join(shotsDir, 'settings-transfer-exported.png') });

    await card.getByLabel('导入传输密码').fill('transfer-pass-1');
    const sent = page.waitForRequest((r) => r.url().endsWith('/upload/transfer.import'));
    await card.locator('input[type=file]').setInputFiles(file);
    expect((await sent).headers()['content-type']).toBe('application/octet-stream');
    // the same client again: merged into itself, nothing new
    await page.getByText('导入完成：新建 0 个客户，合并 1 个').waitFor();
    await page.screenshot({ path: join(shotsDir, 'settings-transfer-imported.png') });
    await page.close();
  });
});
