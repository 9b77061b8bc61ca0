// Filing rules as the operator meets them, in Chromium against the web host: a full-width ID typed in the
// new-client form is saved normalised; an expired ID is 阻断 on the person and on the client badge; a
// 负责人's ID with a wrong check digit is refused under its field, and the marks stay when a save is refused; the
// approval dialog refuses a 备案号 of another province and names a 经营许可证 as such.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { updateOrderState } from '../../main/db/repositories/orders';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { createOrder } from '../../main/services/orders';
import { individual } from '../fixtures/drafts';
import { companyRecord, personId, uscc } from '../fixtures/records';
import { fillShenzhenNanshan, pick, shotsDir, useE2eDesk } from './support';

let orderId = 0;
const fullWidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

const desk = useE2eDesk({
  name: 'rules',
  // A 广东 client whose 首次备案 is at the 管局, and a 企业 client, prepared in the store before the host starts.
  seed: ({ withStore }) =>
    withStore(async (store) => {
      const { filing: _f, ...rec } = individual();
      const [c] = await createClients(store, [clientRecordSchema.parse(rec), clientRecordSchema.parse(companyRecord(9))]);
      orderId = (await createOrder(store, { entityId: c!.id, type: '首次备案', provider: 'tencent' })).id;
      await store.sql.tx(() => updateOrderState(store.ctx, orderId, { state: '管局审核中' }));
    }),
});

async function open(hash: string): Promise<Page> {
  const page = await desk.screen(hash);
  await page.getByText('客户', { exact: true }).first().waitFor();
  return page;
}

const ID = personId(21, '19850612');

describe('filing rules in the UI', () => {
  it('saves a full-width ID normalised and shows an expired ID as 阻断 on the person and the client', async () => {
    const page = await open('#/clients/new');
    await page.getByText('主体信息').first().waitFor();
    await page.locator('#entity_province').click();
    await page.keyboard.type('广东');
    await page.keyboard.press('Enter');
    await page.locator('#entity_city').fill('深圳市');
    await pick(page, '#entity_nature', '企业');
    await page.locator('#entity_certNumber').fill(uscc('91440300MA5RULE01'));
    await page.locator('#entity_name').fill('深圳市星河云科技有限公司');
    await page.locator('#entity_investor').fill('周星');
    await page.locator('#entity_certAddress').fill('深圳市南山区科技园路9号');
    await page.locator('#entity_mailingAddress').fill('广东省深圳市南山区科技园路9号C座909室');
    await page.locator('#entity_certValidTo').fill('长期');

    await page.locator('#people_0_name').fill('周星');
    await page.locator('#people_0_certNumber').fill(fullWidth(ID));
    await page.locator('#people_0_certValidFrom').click();
    // leaving the field shows the number as it will be saved; the form accepts it
    expect(await page.locator('#people_0_certNumber').inputValue()).toBe(ID);
    await page.locator('#people_0_certValidFrom').fill('2010-01-01');
    await page.locator('#people_0_certValidTo').fill('2020-01-01');
    await page.locator('#people_0_mobile').fill('１３９ ２２２２ ３３３３');
    await page.locator('#people_0_email').fill('zhou@xinghe-yun.cn');
    await page.locator('#people_0_officePhone').fill('086-0755-23456789');

    // the side panel and the field say the same: the ID has expired
    const panel = page.locator('.ant-card', { hasText: '备案规则检查' });
    await panel.getByText('负责人“周星”的证件已过期（有效期至 2020-01-01）').waitFor();
    await panel.locator('.ant-tag', { hasText: '阻断' }).first().waitFor();
    await page.locator('.ant-form-item:has(#people_0_certValidTo)').getByText(/已过期/).waitFor();
    expect(await page.locator('.ant-form-item:has(#people_0_certNumber) .ant-form-item-explain-error').count()).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'new-client-expired-id.png') });

    await page.getByRole('button', { name: '保存客户' }).click();
    await page.waitForURL(/#\/clients\/\d+$/);
    const badge = page.getByLabel('检查结果');
    await badge.getByText(/阻断/).waitFor();
    await page.getByRole('tab', { name: '负责人（1）' }).click();
    const row = page.locator('.ant-table-row', { hasText: '周星' });
    await row.locator('.ant-tag', { hasText: '阻断' }).waitFor();
    await row.getByText('2020-01-01').waitFor();
    await page.screenshot({ path: join(shotsDir, 'client-people-expired-id.png') });
    await row.getByRole('button', { name: '显示' }).click();
    await page.getByText(ID, { exact: true }).waitFor();
    await page.getByText('13922223333', { exact: true }).waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' });
  });

  it('refuses a 负责人 ID with a wrong check digit under the field, and keeps the marks when 保存客户 is refused', async () => {
    const good = personId(22);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const page = await open('#/clients/new');
    const errorOf = (id: string) => page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`);
    let creates = 0;
    page.on('request', (r) => void (r.url().includes('/api/entity.create') && creates++));
    await page.getByText('主体信息').first().waitFor();
    await fillShenzhenNanshan(page);
    await pick(page, '#entity_nature', '企业');
    // the number of a client already on the desk: the save is refused for it once the form has nothing left to say
    await page.locator('#entity_certNumber').fill(companyRecord(9).entity.certNumber);
    await page.locator('#entity_name').fill('深圳市校验位科技有限公司');
    await page.locator('#entity_investor').fill('赵校');
    await page.locator('#entity_certAddress').fill('深圳市南山区科技园路8号');
    await page.locator('#entity_mailingAddress').fill('广东省深圳市南山区科技园路8号B座808室');
    await page.locator('#people_0_name').fill('赵校');
    await page.locator('#people_0_certNumber').fill(bad);
    await page.locator('#people_0_mobile').fill('13812345678');
    await page.locator('#people_0_email').fill('zhao@jiaoyan.cn');
    await page.locator('#people_0_officePhone').fill('086-0755-12345678');
    await page.getByRole('button', { name: '添加网站' }).click();
    await page.locator('#websites_0_name').fill('校验位官网');
    await page.locator('#websites_0_domains_0').fill('jiao yan.cn');
    await page.locator('#websites_0_homepages_0').fill('www.jiaoyan.cn');
    await page.locator('#websites_0_name').click();

    // the field's own check (the 编辑负责人 drawer's), not only the live rule, reads the 证件类型 of this 负责人
    const idMessage = '居民身份证号码校验位不正确，请核对证件逐位重新输入';
    await errorOf('people_0_certNumber').getByText(idMessage).waitFor();
    // the live check's mark on the 首页URL (not under the domain list) is there before saving
    await errorOf('websites_0_homepages_0').getByText(/V-URL-01/).waitFor({ timeout: 15_000 });

    // the live check the refused save runs again (the form's onFinishFailed), its answer awaited below
    const recheckAfter = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rules.check');
    let rechecked = recheckAfter();
    await page.getByRole('button', { name: '保存客户' }).click();
    await page.getByText('有字段未通过校验，请按提示修改').waitFor();
    // the form's validation on 保存客户 cleared every field's messages before the refusal asked for the live
    // check again: the live marks come back with its answer
    await rechecked;
    await errorOf('websites_0_homepages_0').getByText(/V-URL-01/).waitFor({ timeout: 15_000 });
    expect(await errorOf('people_0_certNumber').allInnerTexts()).toEqual([idMessage]);
    expect(await errorOf('websites_0_domains_0').count()).toBe(1);
    await page.locator('#people_0_certNumber').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir, 'new-client-id-check-digit-refused.png') });

    // with the domain corrected, the wrong ID alone still keeps the client from being saved
    await page.locator('#websites_0_domains_0').fill('jiaoyan.cn');
    await errorOf('websites_0_homepages_0').waitFor({ state: 'detached', timeout: 15_000 });
    rechecked = recheckAfter();
    await page.getByRole('button', { name: '保存客户' }).click();
    // refused in the page: the check the refusal runs again has answered (a save let through would have sent
    // entity.create before it, and one that succeeded none), and no create was sent
    await rechecked;
    await page.getByText('有字段未通过校验，请按提示修改').waitFor();
    await errorOf('people_0_certNumber').getByText(idMessage).waitFor();
    expect(creates).toBe(0);
    await page.locator('#people_0_certNumber').fill(good);
    await errorOf('people_0_certNumber').waitFor({ state: 'detached' });
    // the API refuses the 主体证件号码 of another client: its message lands on that field, not nowhere
    await page.getByRole('button', { name: '保存客户' }).click();
    await page.getByText('请修改标红的字段后再保存').waitFor();
    await errorOf('entity_certNumber').getByText('该主体证件号码已登记为客户“深圳市示例000009科技有限公司”', { exact: false }).waitFor();
    expect(creates).toBe(1);
    await page.locator('#entity_certNumber').fill(uscc('91440300MA5CHK001'));
    await errorOf('entity_certNumber').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '保存客户' }).click();
    await page.waitForURL(/#\/clients\/\d+$/);
  });

  it('refuses a 备案号 of another province and names a 经营许可证 in the approval dialog', async () => {
    const page = await open(`#/orders/${orderId}`);
    await page.getByRole('button', { name: '改为“已通过”' }).click();
    const dialog = page.locator('.ant-modal');
    const entityIcp = dialog.getByLabel('主体备案号');
    await entityIcp.fill('京ICP备12345678号');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText(/与客户的地域广东省（粤）不符/).waitFor();
    await entityIcp.fill('粤B2-20090059');
    await dialog.getByText('“粤B2-20090059”是增值电信业务经营许可证编号，不是备案号', { exact: false }).waitFor();
    await dialog.getByLabel('网站 1 的网站备案号').fill('粤ICP备12345678号');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText(/网站备案号须带“-序号”/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'order-approval-icp-refused.png') });
    await entityIcp.fill('粤ICP备12345678号');
    await dialog.getByLabel('网站 1 的网站备案号').fill('粤ICP备12345678号-1');
    // the corrected values are checked as typed: submit once their refusals are gone (a loaded machine
    // was seen to submit while the old refusal still stood, and the dialog stayed open)
    await dialog.getByText(/网站备案号须带“-序号”/).waitFor({ state: 'detached' });
    await dialog.getByText(/增值电信业务经营许可证编号/).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '改为“已通过”' }).waitFor({ state: 'detached' });
  });
});
