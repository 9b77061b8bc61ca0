// 新增网站 in the 新建订单 dialog, in Chromium against the web host: the operator says whether the 原备案 is
// at this provider; a choice the filed state contradicts is refused with the reason, the right one creates
// the order and the order page names it (seed 004).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { websiteFieldsOf } from '../../main/db/repositories/websites';
import { clientRecordSchema } from '../../main/domain/schemas';
import { addWebsite, createClients, getClientClear } from '../../main/services/clients';
import { recordExistingFiling } from '../../main/services/filedState';
import { companyRecord } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

let clientId = 0;

const desk = useE2eDesk({
  name: 'newsite',
  // an enterprise filed at 腾讯云 before this desk, with a second website not filed yet
  seed: ({ withStore }) =>
    withStore(async (store) => {
      const [c] = await createClients(store, [clientRecordSchema.parse(companyRecord(7))]);
      clientId = c!.id;
      await recordExistingFiling(store, clientId, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
      const first = (await getClientClear(store, clientId)).websites[0]!;
      await addWebsite(store, clientId, { ...websiteFieldsOf(first), name: '示例公司新品展示', domains: ['xinpin-example.cn'], homepages: ['www.xinpin-example.cn'], icpNumber: null });
    }),
});

describe('新增网站: 原备案在本接入商 or 不在', () => {
  it('is asked in the dialog, a choice the filed state contradicts is refused, and the order shows the choice', async () => {
    const page = await desk.openPage({ hash: `#/clients/${clientId}` });
    await page.getByRole('tab', { name: '订单' }).click();
    await page.getByRole('button', { name: '新建订单' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('备案类型').click();
    await page.locator('.ant-select-item-option', { hasText: /^新增网站$/ }).click();
    await dialog.getByText('原备案所在接入商').waitFor();
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await dialog.getByText('请选择原备案是否在本接入商').waitFor();

    await dialog.getByText('原备案不在本接入商', { exact: true }).click();
    await dialog.getByText(/不能选择：已备案信息显示主体已在该接入商接入（tencent）：应选“原备案在本接入商”/).waitFor();
    await dialog.getByText(/主办者性质、证件类型、证件号码须与原备案一致/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'new-site-origin-refused.png') });

    await dialog.getByText('原备案在本接入商', { exact: true }).click();
    await dialog.getByText(/沿用本接入商处已备案的主体信息/).waitFor();
    // the type check asks again with the new choice: the refusal goes away
    await expect.poll(() => dialog.getByText(/不能选择/).count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: join(shotsDir, 'new-site-origin-dialog.png') });
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await page.waitForURL(/#\/orders\/\d+$/);
    await page.getByText(/订单 #\d+ · 新增网站/).waitFor();
    await page.locator('.ant-tag', { hasText: '原备案在本接入商' }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'new-site-origin-order.png') });
    await page.close();
  });
});
