// After submission, in Chromium against the web host: an order at 初审中 (seeded with every material
// attached) is rejected with two field reasons; both show on the order and in red on the
// client's forms; going back to 待提交 is refused until both fields changed; after the fix the order
// moves on, is rejected a second time, and its history shows both rounds.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../main/domain/enums';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { advanceOrder, createOrder } from '../../main/services/orders';
import { individual } from '../fixtures/drafts';
import { fillOrder, goodMaterial } from '../fixtures/materials';
import { personId } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'followups',
  seedTimeoutMs: 180_000,
  // Seeded through the services in this process (the CLI's `order advance` is the same advanceOrder after the
  // same photo measuring, which fillOrder does once): the UI is what the tests are about, not the seeding.
  seed: ({ withStore }) =>
    withStore(async (store) => {
      const { filing: _f, ...record } = individual();
      // a second client whose 首次备案 is approved: its 公安备案 follow-up
      const { filing: _g, ...second } = individual((r) => {
        r.entity.certNumber = r.people[0].certNumber = personId(9);
        r.people[0].mobile = '13900000009';
        r.websites[0].name = '李四的旅行日记';
        r.websites[0].domains = ['lisi-travel.cn'];
        r.websites[0].homepages = ['www.lisi-travel.cn'];
      });
      // a third client's 首次备案 at the provider's 复审: its curtain photo is rejected there (驳回→重拍)
      const { filing: _h, ...third } = individual((r) => {
        r.entity.certNumber = r.people[0].certNumber = personId(10);
        r.people[0].mobile = '13900000010';
        r.websites[0].name = '赵五的读书笔记';
        r.websites[0].domains = ['zhaowu-books.cn'];
        r.websites[0].homepages = ['www.zhaowu-books.cn'];
      });
      const clients = await createClients(store, [record, second, third].map((r) => clientRecordSchema.parse(r)));
      // each client's 首次备案 with every material attached (a set of scans of its own: variant 0, 1, 2), moved on to its state
      const orders: number[] = [];
      for (const [i, states] of [
        ['待提交', '初审中'],
        ['待提交', '初审中', '待拍照核验', '复审中', '管局审核中'],
        ['待提交', '初审中', '待拍照核验', '复审中'],
      ].entries()) {
        const o = await createOrder(store, { entityId: clients[i]!.id, type: '首次备案', provider: 'tencent' });
        await fillOrder(store, o.id, { variant: i });
        for (const to of states) await advanceOrder(store, o.id, { to: to as OrderState });
        orders.push(o.id);
      }
      const site = clients[1]!.websiteIds[0]!;
      await advanceOrder(store, orders[1]!, { to: '已通过', entityIcpNumber: '粤ICP备2026654321号', websiteIcpNumbers: { [site]: '粤ICP备2026654321号-1' } });
      // the tests open them by number: clients and orders 1, 2, 3 of a fresh desk
      expect([clients.map((c) => c.id), orders]).toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
    }),
});

/** Opens the state dialog for `to` on the order page and returns it. */
async function advanceDialog(page: Page, to: string) {
  await page.getByRole('button', { name: to === '初审中' ? '提交初审' : `改为“${to}”` }).click();
  const dialog = page.locator('.ant-modal:visible', { hasText: `将订单改为“${to}”` });
  await dialog.waitFor();
  return dialog;
}

async function pick(page: Page, dialog: ReturnType<Page['locator']>, label: string, row: number, option: string) {
  await dialog.getByLabel(label).nth(row).click();
  // the field list is long (and virtual): type to narrow it
  if (label === '驳回字段') await page.keyboard.type(option.split(' · ')[1]!);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('the 驳回 loop', () => {
  it('shows two field reasons on the order and the forms, refuses resubmission until both changed, then moves on and keeps both rounds', async () => {
    const page = await desk.screen('#/orders/1');
    await page.getByText('初审中', { exact: true }).first().waitFor();

    // 初审驳回 with the provider's text and two field reasons
    let dialog = await advanceDialog(page, '初审驳回');
    await dialog.getByRole('button', { name: '添加驳回原因' }).click();
    await dialog.getByRole('button', { name: '添加驳回原因' }).click();
    await pick(page, dialog, '驳回字段', 0, '王小明的摄影博客 · 网站名称');
    await pick(page, dialog, '驳回原因类型', 0, '网站名称与网站内容不符');
    await dialog.getByLabel('驳回说明').nth(0).fill('名称看不出是摄影');
    await pick(page, dialog, '驳回字段', 1, '主体 · 通信地址');
    await pick(page, dialog, '驳回原因类型', 1, '通信地址不够详细');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请填写驳回原文（接入商或管局的原话）').waitFor();
    await dialog.getByLabel('驳回原文').fill('网站名称与内容不符；通信地址不详细');
    await page.screenshot({ path: join(shotsDir, 'followups-reject-dialog.png') });
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const panel = page.getByTestId('rejections');
    await panel.getByText('2 个原因未修改').waitFor();
    await panel.getByText('网站“王小明的摄影博客”的网站名称——网站名称与网站内容不符：名称看不出是摄影').waitFor();
    await panel.getByText('主体的通信地址——通信地址不够详细').waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-rejected-order.png') });

    // going back to 待提交 is refused, naming both
    dialog = await advanceDialog(page, '待提交');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.locator('.ant-alert li', { hasText: /网站“王小明的摄影博客”的网站名称未修改/ }).waitFor();
    await dialog.locator('.ant-alert li', { hasText: /主体的通信地址未修改/ }).waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // both show in red on the client's forms
    await page.getByRole('link', { name: '王小明' }).or(page.locator('a', { hasText: '王小明' })).first().click();
    await page.waitForURL(/#\/clients\/1$/);
    await page.getByRole('button', { name: /编辑主体信息/ }).click();
    const entityDrawer = page.locator('.ant-drawer-open', { hasText: '编辑主体信息' });
    const address = entityDrawer.locator('.ant-form-item', { hasText: '通信地址' }).filter({ has: page.locator('textarea, input') }).first();
    await address.locator('.ant-form-item-explain-error', { hasText: '驳回（第 1 轮）：通信地址不够详细' }).waitFor();
    await entityDrawer.getByText(/驳回原因 1 个/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-entity-form-marked.png') });
    const addressInput = address.locator('textarea, input').first();
    await addressInput.fill('广东省深圳市南山区某路1号2栋301室（科技园8号楼）');
    // the mark goes as soon as the field is edited
    await address.locator('.ant-form-item-explain-error', { hasText: '驳回' }).waitFor({ state: 'detached' });
    await entityDrawer.getByRole('button', { name: '保存' }).click();
    await entityDrawer.waitFor({ state: 'hidden' });

    // one still untouched: the order is still refused, naming only that one
    await page.goto(desk.urlOf('#/orders/1'));
    await page.getByTestId('rejections').getByText('1 个原因未修改').waitFor();
    dialog = await advanceDialog(page, '待提交');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.locator('.ant-alert', { hasText: /1 个驳回原因/ }).waitFor();
    expect(await dialog.locator('.ant-alert li', { hasText: /通信地址/ }).count()).toBe(0);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.goto(desk.urlOf('#/clients/1'));
    await page.getByRole('tab', { name: /网站/ }).click();
    await page.locator('.ant-card', { hasText: '王小明的摄影博客' }).getByRole('button', { name: '编辑' }).click();
    const siteDrawer = page.locator('.ant-drawer-open', { hasText: '编辑网站' });
    const siteName = siteDrawer.locator('.ant-form-item', { hasText: '网站名称' }).first();
    await siteName.locator('.ant-form-item-explain-error', { hasText: '驳回（第 1 轮）：网站名称与网站内容不符——名称看不出是摄影' }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-website-form-marked.png') });
    await siteName.locator('input').fill('王小明摄影作品集');
    await siteDrawer.getByRole('button', { name: '保存' }).click();
    await siteDrawer.waitFor({ state: 'hidden' });

    // after the fix it moves on: 待提交, 提交初审 — once the 核验单, which printed the old name, is signed again
    await page.goto(desk.urlOf('#/orders/1'));
    await page.getByTestId('rejections').getByText('已修改，待重新提交').first().waitFor();
    await page.getByRole('tab', { name: /材料清单/ }).click();
    const sheetRow = page.locator('.ant-table-row', { hasText: /核验单/ });
    await sheetRow.getByText(/核验单上印的信息在核验单生成后改过/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-sheet-stale.png') });
    await sheetRow.locator('input[type=file]').setInputFiles({ name: '核验单-已签字.jpg', mimeType: 'image/jpeg', buffer: await goodMaterial('sheet', 7) }); // a scan no client has yet
    await sheetRow.getByText('已有').waitFor();
    dialog = await advanceDialog(page, '待提交');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    dialog = await advanceDialog(page, '初审中');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-tag', { hasText: /^初审中$/ }).waitFor();

    // a second round
    dialog = await advanceDialog(page, '初审驳回');
    await dialog.getByRole('button', { name: '添加驳回原因' }).click();
    await pick(page, dialog, '驳回字段', 0, '王小明 · 手机号码');
    await pick(page, dialog, '驳回原因类型', 0, '联系方式无法联系或不是本人');
    await dialog.getByLabel('驳回原文').fill('电话无法接通');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('rejections').getByText('第 2 轮 · 初审驳回').waitFor();
    await page.getByTestId('rejections').getByText(/网站“王小明摄影作品集”的网站名称已修改/).waitFor();

    await page.getByRole('tab', { name: '历史' }).click();
    await page.getByText(/第 1 轮驳回（初审驳回），2 个原因：网站“王小明的摄影博客”的网站名称——网站名称与网站内容不符：名称看不出是摄影；主体的通信地址——通信地址不够详细/).waitFor();
    await page.getByText(/驳回原因已处理，重新提交：网站“王小明摄影作品集”的网站名称已修改；主体的通信地址已修改/).waitFor();
    await page.getByText(/第 2 轮驳回（初审驳回），1 个原因：负责人“王小明”的手机号码——联系方式无法联系或不是本人/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-history.png') });

    // a 备案授权码 that runs out soon is warned on the order
    const codes = page.getByTestId('auth-codes');
    await codes.getByRole('button', { name: '添加' }).click();
    await codes.getByLabel('授权码').fill('TC-2026-0001');
    await codes.getByLabel('对应资源').fill('ins-8k2j3h（203.0.113.10）');
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await codes.getByLabel('有效期至').fill(soon);
    await codes.getByRole('button', { name: '保存' }).click();
    await codes.getByText(new RegExp(`备案授权码“TC-2026-0001”（ins-8k2j3h（203.0.113.10））将于 ${soon} 过期`)).waitFor();
    await codes.getByText('即将过期').waitFor();
    await codes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir, 'followups-auth-code.png') });

    // 工作台 lists it as waiting on the agency after a rejection
    await page.getByRole('menuitem', { name: /工作台/ }).click();
    await page.getByTestId('rejected-orders').getByText('1 个原因未修改').waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-dashboard.png') });
  }, 240_000);
});

describe('公安备案 after approval', () => {
  it('gives the approved order its prefilled follow-up; done with a 公安备案号, the deadline is gone from the order and 工作台', async () => {
    const page = await desk.screen('#/dashboard');
    await page.getByRole('menuitem', { name: /工作台/ }).click();
    const row = page.getByTestId('upcoming').locator('.ant-list-item', { hasText: '公安备案' });
    await row.waitFor();
    await row.getByText('打开订单').click();
    await page.waitForURL(/#\/orders\/2$/);
    await page.locator('.ant-alert', { hasText: /公安备案：截止/ }).waitFor();

    const panel = page.getByTestId('gongan');
    const card = panel.locator('.ant-card', { hasText: '李四的旅行日记' }).first();
    await card.getByText('预填').waitFor();
    await card.getByText('腾讯云计算（北京）有限责任公司').waitFor();
    await card.getByText('北京市市辖区海淀区').waitFor();
    await card.getByText('lisi-travel.cn', { exact: true }).waitFor();
    await card.getByText('粤ICP备2026654321号-1').first().waitFor();
    await card.getByText('请至少填写一个网站 IP（服务器公网 IP）').waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-prefilled.png'), fullPage: true });

    // 已完成 is refused while the IP is missing
    await card.getByRole('button', { name: '标记已完成' }).click();
    let done = page.locator('.ant-modal:visible', { hasText: '公安备案已完成' });
    await done.getByLabel('公安备案号').fill('粤公网安备44030002017573号');
    await done.getByRole('button', { name: '标记已完成' }).click();
    await done.getByText(/还有 1 个问题/).waitFor();
    await done.getByRole('button', { name: '取消' }).click();
    await done.waitFor({ state: 'hidden' });

    // the IP is typed on the form; a wrong one is named
    await card.getByRole('button', { name: '填写' }).click();
    const drawer = page.locator('.ant-drawer-open', { hasText: '公安备案信息' });
    const ips = drawer.locator('.ant-form-item', { hasText: 'IP（服务器公网 IP）' }).locator('input');
    await ips.fill('300.1.2.3');
    await ips.press('Enter');
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await card.getByText('IP 地址“300.1.2.3”格式不正确，如 203.0.113.10').waitFor();
    await card.getByRole('button', { name: '填写' }).click();
    await drawer.locator('.ant-select-selection-item-remove').first().click();
    await ips.fill('203.0.113.10');
    await ips.press('Enter');
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await card.getByText('203.0.113.10').waitFor();
    // the card is read again after the save: its old problem count may still show for a moment
    await expect.poll(() => card.getByText(/还有 \d+ 个问题/).count()).toBe(0);

    // two operators on the same form: the form opened here before another page's save is not saved over it
    await card.getByRole('button', { name: '填写' }).click();
    await expect.poll(() => drawer.locator('#siteName').inputValue()).toBe('李四的旅行日记');
    const other = await desk.openPage({ hash: '#/orders/2' });
    const otherCard = other.getByTestId('gongan').locator('.ant-card', { hasText: '李四的旅行日记' }).first();
    await otherCard.getByRole('button', { name: '填写' }).click();
    const otherDrawer = other.locator('.ant-drawer-open', { hasText: '公安备案信息' });
    await otherDrawer.locator('#siteName').fill('李四的旅行日记（新版）');
    await otherDrawer.getByRole('button', { name: '保存' }).click();
    await otherDrawer.waitFor({ state: 'hidden' });
    await other.close();
    await drawer.locator('#siteName').fill('过时的网站名称');
    await drawer.getByRole('button', { name: '保存' }).click();
    const conflict = page.locator('.ant-modal:visible', { hasText: '记录已被他人修改' });
    await conflict.waitFor();
    await conflict.getByText(/您打开这份公安备案信息之后/).waitFor();
    expect(await conflict.locator('.ant-tag').allTextContents()).toEqual(['网站名称']);
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-conflict.png') });
    // 重新载入: the stored form, the stale edit dropped; saved again over the version it now shows
    await conflict.getByRole('button', { name: '重新载入' }).click();
    await expect.poll(() => drawer.locator('#siteName').inputValue()).toBe('李四的旅行日记（新版）');
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await card.getByText('李四的旅行日记（新版）').waitFor();

    // the printable summary
    await card.getByRole('button', { name: '打印摘要' }).click();
    await page.waitForURL(/#\/gongan\/2\/\d+$/);
    await page.locator('.gongan-summary td', { hasText: '203.0.113.10' }).waitFor();
    await page.locator('.gongan-summary td', { hasText: '北京新网数码信息技术有限公司' }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-print.png') });
    await page.getByRole('button', { name: '返回订单' }).click();

    // a number of the wrong form is refused; the right one clears the deadline
    await card.getByRole('button', { name: '标记已完成' }).click();
    done = page.locator('.ant-modal:visible', { hasText: '公安备案已完成' });
    await done.getByLabel('公安备案号').fill('粤ICP备2026654321号-1');
    await done.getByRole('button', { name: '标记已完成' }).click();
    await done.getByText(/公安备案号“粤ICP备2026654321号-1”格式不正确/).waitFor();
    await done.getByLabel('公安备案号').fill('粤公网安备44030002017573号');
    await done.getByRole('button', { name: '标记已完成' }).click();
    await done.waitFor({ state: 'hidden' });
    await card.getByText('已完成', { exact: true }).waitFor();
    await card.getByText('粤公网安备44030002017573号').waitFor();
    await page.locator('.ant-alert', { hasText: /公安备案：截止/ }).waitFor({ state: 'detached' });
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-done.png'), fullPage: true });

    await page.getByRole('menuitem', { name: /工作台/ }).click();
    await page.getByTestId('upcoming').getByText(/近期没有到期的事项/).waitFor();
    expect(await page.getByTestId('upcoming').locator('.ant-list-item', { hasText: '公安备案' }).count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-dashboard.png') });

    // the website deleted since: the order's panel says nothing is left to file with the 公安, not "0/0 已完成"
    await page.goto(desk.urlOf('#/clients/2'));
    await page.getByRole('tab', { name: /网站/ }).click();
    await page.locator('.ant-card', { hasText: '李四的旅行日记' }).first().getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: '删除' }).click();
    await page.getByText('网站已删除').waitFor();
    await page.goto(desk.urlOf('#/orders/2'));
    await page.getByTestId('gongan').getByText('本订单的网站均已注销、取消接入或删除，无需再办理公安备案。').waitFor();
    expect(await page.getByTestId('gongan').getByText(/已完成/).count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'followups-gongan-none-left.png'), fullPage: true });
  }, 180_000);
});

describe('the 复审’s 驳回→重拍', () => {
  it('is offered in 复审中 as 复审驳回 with the reasons dialog, recorded as a round, and sends the order back to 待拍照核验', async () => {
    const page = await desk.screen('#/orders/3');
    await page.locator('.ant-tag', { hasText: /^复审中$/ }).waitFor();
    await page.getByRole('button', { name: '复审驳回（重新拍照）' }).click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '复审驳回：订单退回“待拍照核验”，重新拍照' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '添加驳回原因' }).click();
    await dialog.getByLabel('驳回字段').nth(0).click();
    await page.keyboard.type('幕布');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '幕布' }).first().click();
    await pick(page, dialog, '驳回原因类型', 0, '幕布照片人像不清晰');
    // the provider's text is asked for as for any 驳回
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请填写驳回原文（接入商或管局的原话）').waitFor();
    await dialog.getByLabel('驳回原文').fill('幕布照片人像不清晰，请重新拍照');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-tag', { hasText: /^待拍照核验$/ }).waitFor();
    await page.getByTestId('rejections').getByText('第 1 轮 · 复审驳回').waitFor();
    await page.getByTestId('rejections').getByText('原文：幕布照片人像不清晰，请重新拍照').waitFor();
    await page.getByTestId('rejections').getByText('1 个原因未修改').waitFor();
    await page.screenshot({ path: join(shotsDir, 'followups-review-rejection.png'), fullPage: true });
  }, 120_000);
});
