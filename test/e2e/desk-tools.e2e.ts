// The photo desk and batch sheets in Chromium: a photo's kind set in the grid checks that photo again and
// says which kinds were only guessed; the batch page's switch toggles from its label.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterprise } from '../fixtures/drafts';
import { companyRecord, filedRecord } from '../fixtures/records';
import { photographedSeal, penSignature } from '../fixtures/images';
import { curtainPhoto, idCardPicture } from '../fixtures/photos';
import { shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'tools',
  seed: async ({ addClient }) => {
    writeFileSync(join(photos, '幕布-王小明.jpg'), await curtainPhoto());
    writeFileSync(join(photos, 'IMG_0001.jpg'), await idCardPicture());
    // two clients' folders with a photo of the same name each, as PNG (a repair makes JPEG of them)
    for (const who of ['张三', '李四']) {
      mkdirSync(join(clientPhotos, who), { recursive: true });
      writeFileSync(join(clientPhotos, who, '幕布照片.png'), await sharp(await curtainPhoto()).png().toBuffer());
    }
    // both clients already filed: no material is due, so only their rule findings count in 检查全部客户
    const { filing: _f, ...record } = enterprise();
    await addClient(filedRecord(record as Parameters<typeof filedRecord>[0], 1));
    // ready to file, but 法人 is not the 负责人 of an 投资管理 company: a warning only (V-PER-02)
    const risky = companyRecord(7, { name: '深圳市示例投资管理有限公司' });
    risky.entity.investor = '王大明';
    await addClient(filedRecord(risky, 7));
  },
});
const photos = desk.tempDir('photos');
// a folder inside the desk's temp folder: the repair's output, offered beside it (…-已修复), is then removed with it
const clientPhotos = join(desk.tempDir('client-photos'), '客户照片');

describe('photo desk and batch sheets', () => {
  it('sets one photo’s kind in the grid and checks that photo again', async () => {
    // the file's page, loaded here at the client list (its first paint) as an operator opens the desk: the
    // first screen the file asks for is a page load, and the tests after this one take the same page on
    const page = await desk.screen('#/clients');
    // loaded just now, not taken on from another screen: its history is the blank page it opened at and the
    // desk (each change of screen would add an entry)
    expect(await page.evaluate(() => window.history.length)).toBe(2);
    await page.getByRole('menuitem', { name: /照片检查/ }).click();
    await page.getByLabel('照片文件夹').fill(photos);
    // the client list's first paint, if it was still up, left with the list: it does not cover the photo desk
    expect(await page.locator('#desk-first-paint').count()).toBe(0);
    await page.getByRole('button', { name: '开始检查' }).click();
    const card = page.locator('.ant-card', { hasText: 'IMG_0001.jpg' }).last();
    await card.getByText('文件名看不出类型，已按幕布照片检查，请确认').waitFor({ timeout: 90_000 });
    await page.locator('.ant-card', { hasText: '幕布-王小明.jpg' }).last().getByText('类型按文件名判断，不对请改').waitFor();
    // checked as a portrait curtain photo, the landscape scan is too small
    await expect(card.textContent()).resolves.toContain('至少 600×800');
    await page.screenshot({ path: join(shotsDir, 'photos-kind-guessed.png') });

    await card.getByLabel('类型 IMG_0001.jpg').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '证件正面' }).click();
    await card.getByText('文件名看不出类型').waitFor({ state: 'detached' });
    await expect(card.textContent()).resolves.toContain('证件正面');
    await expect(card.textContent()).resolves.not.toContain('至少 600×800');
    // the other photo keeps its own kind and its own result
    await expect(page.locator('.ant-card', { hasText: '幕布-王小明.jpg' }).last().textContent()).resolves.toContain('幕布照片');
    await page.screenshot({ path: join(shotsDir, 'photos-kind-set.png') });
  });

  it('repairs two clients’ photos of the same name into their own folders, then checks the copies', async () => {
    const page = await desk.screen('#/photos');
    await page.getByLabel('照片文件夹').fill(clientPhotos);
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByText('共 2 张').waitFor({ timeout: 90_000 });
    for (const box of await page.getByLabel('选择 幕布照片.png').all()) await box.check();
    // the output folder offered is beside the checked one, never in it
    await expect(page.getByLabel('修复输出文件夹').inputValue()).resolves.toBe(`${clientPhotos}-已修复`);
    await page.getByRole('button', { name: '修复所选（2）' }).click();
    await page.locator('.ant-message-notice', { hasText: '已修复 2 张到' }).waitFor({ timeout: 60_000 });
    // the copies are checked next: two JPEGs, one per client folder
    await page.getByLabel('选择 幕布照片.jpg').nth(1).waitFor({ timeout: 90_000 });
    await expect(page.getByLabel('照片文件夹').inputValue()).resolves.toBe(`${clientPhotos}-已修复`);
    // a repair of the repaired copies is offered a folder of its own again
    await expect(page.getByLabel('修复输出文件夹').inputValue()).resolves.toBe(`${clientPhotos}-已修复-2`);
    expect(existsSync(join(`${clientPhotos}-已修复`, '张三', '幕布照片.jpg'))).toBe(true);
    expect(existsSync(join(`${clientPhotos}-已修复`, '李四', '幕布照片.jpg'))).toBe(true);
    await page.screenshot({ path: join(shotsDir, 'photos-repaired.png') });
  });

  it('warns in the stamp preview when the seal is moved onto the signature', async () => {
    const page = await desk.screen('#/sheets', { viewport: { width: 1400, height: 1000 } });
    await page.getByLabel('选择客户').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('input[type=file][accept="image/jpeg,image/png"]').nth(0).setInputFiles({ name: 'seal.jpg', mimeType: 'image/jpeg', buffer: await photographedSeal() });
    await page.getByAltText('上传公章照片').waitFor();
    await page.locator('input[type=file][accept="image/jpeg,image/png"]').nth(1).setInputFiles({ name: 'sig.png', mimeType: 'image/png', buffer: await penSignature() });
    await page.getByAltText('上传签名照片').waitFor();
    await page.getByAltText('第 1 页').waitFor({ timeout: 60_000 });
    // at the layout's anchors the two stand apart: no warning
    expect(await page.getByText(/公章与签名重叠/).count()).toBe(0);
    // the offset is typed once the page has settled; a value overwritten by a late reload is typed again
    const warning = page.getByText(/公章与签名重叠（盖住签名约 \d+%）/);
    for (let attempt = 0; attempt < 3 && !(await warning.count()); attempt++) {
      await page.getByLabel('公章右移').fill('-40');
      await page.getByLabel('公章右移').blur();
      await warning.waitFor({ timeout: 20_000 }).catch(() => undefined);
    }
    await warning.waitFor({ timeout: 30_000 });
    await page.getByAltText('第 1 页').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(shotsDir, 'sheets-stamp-overlap.png') });
  });

  it('检查全部客户 lists a client that has only warnings, with its rule, and no empty state', async () => {
    const page = await desk.screen('#/clients');
    await page.getByRole('button', { name: '检查全部客户' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('检查完成：共 2 个客户，重新检查了有变动的 2 个，其余沿用上次结果').waitFor();
    await drawer.getByText('有警告（可以提交，建议先处理）：1 个客户').waitFor();
    const row = drawer.locator('.ant-list-item', { hasText: '深圳市示例投资管理有限公司' });
    await expect(row.textContent()).resolves.toContain('V-PER-02');
    expect(await drawer.getByText(/有阻断问题（不能提交）/).count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'check-all-drawer.png') });
    expect(await drawer.locator('.ant-empty').count()).toBe(0);
    // run again: nothing changed, every verdict is kept, the list is the same
    await drawer.getByRole('button', { name: '重新检查' }).click();
    await drawer.getByText('检查完成：共 2 个客户，重新检查了有变动的 0 个，其余沿用上次结果').waitFor();
    await expect(drawer.locator('.ant-list-item', { hasText: '深圳市示例投资管理有限公司' }).textContent()).resolves.toContain('V-PER-02');
    await page.screenshot({ path: join(shotsDir, 'check-all-drawer-kept.png') });
  });

  /** The 批量生成 tab with the 投资管理 client chosen. */
  const batchPageForInvestmentClient = async () => {
    const page = await desk.screen('#/sheets');
    await page.getByRole('tab', { name: '批量生成' }).click();
    await page.locator('.ant-select:visible').first().click();
    await page.keyboard.type('投资管理');
    await page.locator('.ant-select-item-option', { hasText: '深圳市示例投资管理有限公司' }).first().click();
    await page.keyboard.press('Escape');
    return page;
  };

  it('batch sheets into a folder through a file: the job says which folder and why, not 任务失败', async () => {
    const page = await batchPageForInvestmentClient();
    const aFile = join(desk.tempDir('batch'), 'a-file.txt');
    writeFileSync(aFile, 'x');
    const throughAFile = join(aFile, '核验单');
    await page.getByLabel('输出目录').fill(throughAFile);
    await page.getByRole('button', { name: '开始生成' }).click();
    await page.getByText(`无法写入文件夹“${throughAFile}”：路径中的“a-file.txt”是文件，不是文件夹。请换一个文件夹`).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('任务失败');
    await page.screenshot({ path: join(shotsDir, 'sheets-batch-folder-refused.png') });
  });

  it('shows under a finished batch what its sheets leave blank, as the single sheet’s preview does', async () => {
    const page = await batchPageForInvestmentClient();
    await page.getByLabel('输出目录').fill(join(desk.tempDir('batch-warnings'), '核验单'));
    await page.getByRole('button', { name: '开始生成' }).click();
    await page.getByText('已写出 1 个文件（1 个网站').waitFor({ timeout: 60_000 });
    // the client has no filing order: its sheet's 接入服务提供者 box is blank, and the page says so
    const site = companyRecord(7).websites![0]!.name;
    await page.getByText(`网站“${site}”的核验单：不知道该网站的接入商（还没有包含它的备案订单）`).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(shotsDir, 'sheets-batch-warnings.png') });
  });

  it('toggles the batch page’s 合并 switch from its label', async () => {
    const page = await desk.screen('#/sheets');
    await page.getByRole('tab', { name: '批量生成' }).click();
    const toggle = page.getByRole('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await page.getByText('合并为一个打印文件（按份数重复：单位 2 份、个人 1 份）').click();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await page.screenshot({ path: join(shotsDir, 'sheets-batch-switch.png') });
  });
});
