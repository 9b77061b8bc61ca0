// An order from creation to export, in Chromium against the web host: create the order on the client
// page, upload each material on the checklist (real photos built with sharp), see the failing curtain
// photo block 提交 and 导出 with its reason, accept it with a written reason, export the package twice (a job:
// its progress and the file it wrote shown in the dialog), then abandon the order and find it read-only. A
// client with no material is not 可提交.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterprise, individual } from '../fixtures/drafts';
import { goodMaterial, groupPhoto } from '../fixtures/materials';
import { shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'orders',
  seed: async ({ addClient }) => {
    for (const make of [individual, enterprise]) {
      const { filing: _f, ...record } = make();
      await addClient(record);
    }
  },
});
const outDir = desk.tempDir('export');

describe('filing order', () => {
  it('is blocked by a failing curtain photo with its reason, exported once the photo is accepted with a reason, then read-only when abandoned', async () => {
    const page = await desk.screen('#/clients');
    await page.getByRole('menuitem', { name: /客户/ }).click();
    await page.locator('.ant-table-row', { hasText: '王小明' }).click();
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);
    await page.getByRole('tab', { name: /材料清单（0\/4）/ }).waitFor();

    const rows = page.locator('.ant-table-row');
    expect(await rows.count()).toBe(4);
    const kinds: [RegExp, () => Promise<Buffer>][] = [
      [/证件正面/, () => goodMaterial('id-front')],
      [/证件背面/, () => goodMaterial('id-back')],
      [/幕布照片/, groupPhoto],
      [/核验单扫描件|已签字的核验单/, () => goodMaterial('sheet')],
    ];
    let uploaded = 0;
    for (const [label, make] of kinds) {
      await page.locator('.ant-table-row', { hasText: label }).locator('input[type=file]').setInputFiles({ name: `${label.source.slice(0, 4)}.jpg`, mimeType: 'image/jpeg', buffer: await make() });
      uploaded++;
      // the curtain photo fails its checks: it does not count as 已有
      await page.getByRole('tab', { name: new RegExp(`材料清单（${uploaded >= 3 ? uploaded - 1 : uploaded}/4）`) }).waitFor();
    }
    const curtainRow = page.locator('.ant-table-row', { hasText: '幕布照片' });
    await curtainRow.getByText('不通过').first().waitFor();
    await curtainRow.getByText(/幕布照片须竖拍/).waitFor();
    await page.getByText(/未就绪：1 个问题/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'order-photo-failed.png') });

    // 提交 is refused with the reason, naming the slot
    await page.getByRole('button', { name: '改为“待提交”' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await page.locator('.ant-modal').first().waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '提交初审' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await page.locator('.ant-modal .ant-alert li', { hasText: /照片检查不通过：王小明的摄影博客：网站负责人王小明的幕布照片——.*幕布照片须竖拍/ }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'order-submit-refused.png') });
    await page.locator('.ant-modal').getByRole('button', { name: '取消' }).click();
    await page.locator('.ant-modal').first().waitFor({ state: 'hidden' });

    // 导出 is refused with the same reason, and writes nothing
    await page.getByRole('button', { name: '导出提交包' }).click();
    await page.getByLabel('导出目录').fill(join(outDir, 'refused'));
    await page.locator('.ant-modal').getByRole('button', { name: '导出', exact: true }).click();
    await page.locator('.ant-modal-confirm li', { hasText: /照片检查不通过：王小明的摄影博客：网站负责人王小明的幕布照片——.*幕布照片须竖拍/ }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    await page.locator('.ant-modal').getByRole('button', { name: '取消' }).click();
    expect(() => readdirSync(join(outDir, 'refused'))).toThrow();

    // accepting needs a written reason
    await curtainRow.getByRole('button', { name: /接受/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '接受不通过的照片' });
    await dialog.getByRole('button', { name: '接受' }).click();
    await dialog.getByText('请填写接受这张照片的理由').waitFor();
    await dialog.getByRole('textbox').fill('人工核对：确为网站负责人本人，检测误判');
    await dialog.getByRole('button', { name: '接受' }).click();
    await page.getByRole('tab', { name: /材料清单（4\/4）/ }).waitFor();
    await curtainRow.getByText('已接受').waitFor();
    await curtainRow.getByText(/已由 .* 接受：人工核对：确为网站负责人本人，检测误判/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'order-photo-accepted.png') });

    for (const dir of ['a', 'b']) {
      await page.getByRole('button', { name: '导出提交包' }).click();
      // the dialog that is open now (closed ones stay in the page, hidden)
      const exportDialog = page.locator('.ant-modal:visible', { hasText: '按接入商命名' });
      await exportDialog.getByLabel('导出目录').fill(join(outDir, dir));
      await exportDialog.locator('.ant-btn-primary').click();
      // a job: its progress, then the file it wrote, in the dialog (the first package starts the sheet workers: allow for a cold start)
      await exportDialog.getByText(`${join(outDir, dir)}/`).waitFor({ timeout: 90_000 });
      await exportDialog.getByText('已导出 5 个文件').waitFor();
      await exportDialog.getByText('已完成 6 / 6 项').waitFor();
      if (dir === 'a') await page.screenshot({ path: join(shotsDir, 'order-export-done.png') });
      await exportDialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
      await exportDialog.waitFor({ state: 'hidden' });
    }
    await page.getByRole('tab', { name: '历史' }).click();
    await page.getByText(/接受照片检查不通过的“王小明的摄影博客：网站负责人王小明的幕布照片”：人工核对：确为网站负责人本人，检测误判/).waitFor();

    // abandoned: read-only, no 上传, no 导出
    await page.getByRole('button', { name: '改为“已放弃”' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await page.getByText('订单已放弃，只能查看：不能再上传材料、导出提交包或修改；如需继续请新建订单').waitFor();
    await page.getByRole('tab', { name: /材料清单/ }).click();
    expect(await page.getByRole('button', { name: '导出提交包' }).count()).toBe(0);
    expect(await page.locator('.ant-table-row input[type=file]').count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'order-abandoned-read-only.png') });

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
    expect(manifest.acceptedPhotos).toHaveLength(1);
    expect(manifest.acceptedPhotos[0]).toMatchObject({ label: '王小明的摄影博客：网站负责人王小明的幕布照片', path: `${root}/腾讯云/王小明的摄影博客-幕布照片-王小明.jpg`, reason: '人工核对：确为网站负责人本人，检测误判' });
    expect(manifest.acceptedPhotos[0].failedChecks.map((c: { id: string }) => c.id)).toContain('face');
  });

  it('does not call a client with no material 可提交: the badge counts what its filing lacks', async () => {
    const page = await desk.screen('#/clients');
    await page.getByRole('menuitem', { name: /客户/ }).click();
    await page.locator('.ant-table-row', { hasText: '深圳市示例000001科技有限公司' }).click();
    await page.getByLabel('检查结果').getByText(/阻断 \d+/).waitFor();
    expect(await page.getByLabel('检查结果').getByText('可提交').count()).toBe(0);
    await page.getByLabel('检查结果').click();
    await page.getByText(/下一次备案缺少材料：主体证件/).first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'client-badge-no-material.png') });

    // the sheet settings override 接入服务提供者 and 服务器放置地点 per provider, showing each profile's own name
    await page.getByRole('menuitem', { name: /核验单/ }).click();
    await page.getByRole('tab', { name: '核验单设置' }).click();
    await expect.poll(() => page.getByLabel('阿里云的接入服务提供者').getAttribute('placeholder')).toBe('阿里云计算有限公司');
    expect(await page.getByLabel('腾讯云的接入服务提供者').getAttribute('placeholder')).toBe('腾讯云计算（北京）有限责任公司');
    expect(await page.getByLabel('青云的接入服务提供者').getAttribute('placeholder')).toBe('无来源，请填写全称');
    await page.getByLabel('阿里云的服务器放置地点').fill('浙江省');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.screenshot({ path: join(shotsDir, 'sheet-settings-per-provider.png') });
  });
});
