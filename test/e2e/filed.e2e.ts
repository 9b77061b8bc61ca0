// The desk keeps what was filed (issue 13), in Chromium against the web host: a 个人's 首次备案 is approved
// with its 备案号s; the 负责人's mobile changes; 新建订单 offers 变更备案 only (the others refused with the
// reason); the order shows the old and new mobile masked, says nothing needs uploading again, and its
// package carries a fresh 核验单. A 湖南 enterprise whose 法定代表人 changed is held to 变更备案 with new ID
// scans, a curtain photo and the 授权书. A client filed before this desk with its two sites at two
// providers is registered site by site, and 新建订单 at the second offers 取消接入, not 接入备案.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entityFieldsOf } from '../../main/db/repositories/entities';
import { updateOrderState } from '../../main/db/repositories/orders';
import { personFieldsOf } from '../../main/db/repositories/people';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients, editPerson, getClientClear, updateClientEntity } from '../../main/services/clients';
import { recordExistingFiling } from '../../main/services/filedState';
import { createOrder } from '../../main/services/orders';
import { individual } from '../fixtures/drafts';
import { companyRecord, personId } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

let firstOrder = 0;
let hunanId = 0;
let unfiledId = 0;
let cancelId = 0;
let twoProvidersId = 0;

const desk = useE2eDesk({
  name: 'filed',
  // the store as the operator left it: a 个人's 首次备案 at the 管局, and a 湖南 enterprise filed before this desk
  seed: ({ withStore }) =>
    withStore(async (store) => {
      const { filing: _f, ...rec } = individual();
      const hunan = companyRecord(9);
      Object.assign(hunan.entity, { province: '湖南省', city: '长沙市', district: '岳麓区', mailingAddress: '湖南省长沙市岳麓区麓山路1号' });
      const other = (n: number) => {
        const { filing: _g, ...r } = individual((x) => {
          x.entity.name = x.people[0].name = `客户${n}`;
          x.entity.certNumber = x.people[0].certNumber = personId(40 + n);
          x.people[0].mobile = `1390000004${n}`;
          x.websites[0].domains = [`kehu-${n}.cn`];
          x.websites[0].homepages = [`www.kehu-${n}.cn`];
        });
        return clientRecordSchema.parse(r);
      };
      // two sites filed before this desk, 客户3的网站 at 腾讯云 and 客户3的商城 at 阿里云; the 商城's number typed in the dialog
      const twoSites = other(3);
      twoSites.entity.icpNumber = '粤ICP备23456789号';
      twoSites.websites[0]!.name = '客户3的网站';
      twoSites.websites[0]!.icpNumber = '粤ICP备23456789号-1';
      twoSites.websites.push({ ...twoSites.websites[0]!, name: '客户3的商城', domains: ['kehu-3-shop.cn'], homepages: ['www.kehu-3-shop.cn'], icpNumber: null });
      const [person, company, unfiled, toCancel, two] = await createClients(store, [clientRecordSchema.parse(rec), clientRecordSchema.parse(hunan), other(1), other(2), clientRecordSchema.parse(twoSites)]);
      twoProvidersId = two!.id;
      unfiledId = unfiled!.id;
      cancelId = toCancel!.id;
      await recordExistingFiling(store, cancelId, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '粤ICP备87654321号', websiteIcpNumbers: { [toCancel!.websiteIds[0]!]: '粤ICP备87654321号-1' } });
      const o = await createOrder(store, { entityId: person!.id, type: '首次备案', provider: 'tencent' });
      await store.sql.tx(() => updateOrderState(store.ctx, o.id, { state: '管局审核中' }));
      firstOrder = o.id;
      hunanId = company!.id;
      await recordExistingFiling(store, hunanId, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '湘ICP备12345678号', websiteIcpNumbers: { [company!.websiteIds[0]!]: '湘ICP备12345678号-1' } });
      // the new 法定代表人 is the new 主体负责人
      const e = await getClientClear(store, hunanId);
      const principal = e.people.find((p) => p.id === e.principalPersonId)!;
      await editPerson(store, principal.id, { ...personFieldsOf(principal), name: '赵新', certNumber: personId(88, '19800808') });
      await updateClientEntity(store, hunanId, { ...entityFieldsOf(await getClientClear(store, hunanId)), investor: '赵新' });
    }),
});
const outDir = desk.tempDir('out');

describe('orders against the filed state', () => {
  it('a 个人 mobile change after approval: 变更备案 only, the diff masked, nothing to upload again, a fresh 核验单 in the package', async () => {
    // approval with the 备案号s
    const page = await desk.screen(`#/orders/${firstOrder}`);
    await page.getByRole('button', { name: '改为“已通过”' }).click();
    const approve = page.locator('.ant-modal:visible');
    await approve.getByLabel('主体备案号').fill('粤ICP备12345678号');
    await approve.getByLabel('网站 1 的网站备案号').fill('粤ICP备12345678号-1');
    await approve.getByRole('button', { name: '确定' }).click();
    await page.getByText(/订单已通过，已结束/).waitFor();

    // the client page: 已备案信息, then the mobile changes
    await page.locator('a', { hasText: '王小明' }).first().click();
    await page.getByRole('tab', { name: '已备案信息' }).click();
    await page.getByText('粤ICP备12345678号-1').first().waitFor();
    await page.getByText('当前信息与已备案信息一致').waitFor();
    await page.getByRole('tab', { name: /负责人/ }).click();
    await page.locator('.ant-table-row', { hasText: '王小明' }).getByRole('button', { name: '编辑' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await drawer.getByLabel('手机号码').fill('13912345678');
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByText('负责人已保存').waitFor();
    await page.getByRole('tab', { name: '已备案信息' }).click();
    const diff = page.getByRole('table').filter({ hasText: '手机号码' });
    await diff.getByText('138****8007').waitFor();
    await diff.getByText('139****5678').waitFor();
    expect(await page.getByText('13912345678').count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'filed-client-differences.png') });

    // 新建订单: 变更备案 only, the others refused with the reason
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: '变更主体（不可选）' }).waitFor();
    await page.locator('.ant-select-item-option', { hasText: '变更网站（不可选）' }).waitFor();
    expect(await page.locator('.ant-select-item-option', { hasText: '变更备案（不可选）' }).count()).toBe(0);
    await page.locator('.ant-select-item-option', { hasText: '变更主体' }).click();
    await dialog.getByText(/不能选择：个人备案修改联系方式.*须选“变更备案”.*V-CHG-04/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-new-order-refused.png') });
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: /^变更备案$/ }).click();
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);

    // the order: the diff, nothing to upload again, the package with a fresh 核验单
    const card = page.locator('.ant-card', { hasText: '本次变更' });
    await card.getByText('138****8007').waitFor();
    await card.getByText('139****5678').waitFor();
    await page.getByTestId('change-note').getByText(/无需重新上传材料/).waitFor();
    await page.getByText(/可提交/).first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-change-order.png'), fullPage: true });
    await page.getByRole('button', { name: '导出提交包' }).click();
    const exportDialog = page.locator('.ant-modal:visible', { hasText: '按接入商命名' });
    await exportDialog.getByLabel('导出目录').fill(outDir);
    await exportDialog.locator('.ant-btn-primary').click();
    await page.getByText(/已导出 1 个文件/).first().waitFor({ timeout: 90_000 });
    const [zip] = readdirSync(outDir);
    const listing = execFileSync('unzip', ['-l', join(outDir, zip!)], { encoding: 'utf8' });
    expect(listing).toMatch(/王小明-变更备案-订单\d+\/腾讯云\/王小明的摄影博客-核验单\.pdf/);
  });

  it('a 湖南 enterprise whose 法定代表人 changed is held to 变更备案, with new ID scans, a curtain photo and the 授权书', async () => {
    const page = await desk.screen(`#/clients/${hunanId}`);
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: '变更主体（不可选）' }).click();
    await dialog.getByText(/不能选择：.*主体负责人（法定代表人）变更须选择“变更备案”.*V-CHG-03/).waitFor();
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: /^变更备案$/ }).click();
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);
    for (const label of [/赵新的证件正面/, /赵新的证件背面/, /幕布照片/, /网站负责人授权书/, /主体证件/]) await page.locator('.ant-table-row', { hasText: label }).first().waitFor();
    await page.getByText(/法定代表人变更须提供新的网站负责人授权书/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-hunan-legal-rep.png'), fullPage: true });
  });

  it('注销主体: refused without a 备案号 with the reason; with one, submission waits for the 备案密码 and a confirmed consequence', async () => {
    const page = await desk.screen(`#/clients/${unfiledId}`);
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    let dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: '注销主体（不可选）' }).click();
    await dialog.getByText(/不能选择：主体还没有备案号/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-cancel-refused.png') });
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.goto(desk.urlOf(`#/clients/${cancelId}`));
    // the filed client's own page (its 主体备案号 in the header), not the previous client's still on screen
    await page.getByText('粤ICP备87654321号').first().waitFor();
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('备案类型').click();
    // the type options have come from the desk once a filed client's 首次备案 is marked 不可选
    await page.locator('.ant-select-item-option', { hasText: '首次备案（不可选）' }).waitFor();
    await page.locator('.ant-select-item-option', { hasText: /^注销主体$/ }).click();
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);
    await page.getByRole('button', { name: '改为“待提交”' }).click();
    await page.locator('.ant-modal:visible').getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '提交初审' }).click();
    const submit = page.locator('.ant-modal:visible');
    await submit.getByText(/注销主体将把该主体以及主体下的所有网站从管局备案中注销.*无法撤回/).waitFor();
    await submit.getByRole('button', { name: '确定' }).click();
    await submit.getByText('请确认已了解上述后果').waitFor();
    await submit.getByText('我已了解上述后果，确认提交').click();
    await submit.getByRole('button', { name: '确定' }).click();
    await submit.getByText(/缺少备案密码/).first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-cancel-confirm.png') });
  });

  it('当前信息即已备案信息 takes each site\'s 接入商: 新建订单 at the second offers 取消接入 and not 接入备案', async () => {
    const page = await desk.screen(`#/clients/${twoProvidersId}`, { viewport: { width: 1366, height: 768 } });
    await page.getByRole('tab', { name: '已备案信息' }).click();
    await page.getByRole('button', { name: '当前信息即已备案信息…' }).click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '当前信息即已备案信息' });
    await dialog.getByLabel(/网站备案号：客户3的商城/).fill('粤ICP备23456789号-2');
    await dialog.getByLabel('客户3的商城的接入商').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '阿里云' }).click();
    await dialog.getByTitle('阿里云').waitFor();
    await page.screenshot({ path: join(shotsDir, 'filed-record-two-providers.png') });
    await dialog.getByRole('button', { name: '登记' }).click();
    await page.getByText('已登记已备案信息').waitFor();
    await page.getByText('腾讯云、阿里云').waitFor();
    await page.getByText(/客户3的网站：粤ICP备23456789号-1（腾讯云；/).waitFor();
    await page.getByText(/客户3的商城：粤ICP备23456789号-2（阿里云；/).waitFor();

    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    const order = page.locator('.ant-modal:visible', { hasText: '新建备案订单' });
    await order.getByLabel('接入商').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '阿里云' }).click();
    await order.getByLabel('备案类型').click();
    // the options at 阿里云 have come from the desk once 接入备案 is marked 不可选 there
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '接入备案（不可选）' }).waitFor();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^取消接入$/ }).click();
    expect(await order.getByText(/不能选择/).count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'filed-two-providers-cancel.png') });
  });
});
