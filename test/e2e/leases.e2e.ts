// 出借与归还 in Chromium (issue 14): a client lent to a field laptop shows 出借中 in the list and on its
// page; the laptop's 归还 archive is checked in from 设置; the row both sides changed is listed with both
// values masked, and 采用笔记本版本 settles it; a website the laptop deleted and the server changed, and
// an order whose laptop state move the server's state no longer allows, are listed too and settled for
// the server; a material the laptop added under a 负责人 the server deleted is listed and can only be
// dropped; the last one settled ends the lease.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personFieldsOf } from '../../main/db/repositories/people';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { websiteFieldsOf } from '../../main/db/repositories/websites';
import { ordersOfEntity } from '../../main/db/repositories/orders';
import { createClients, editPerson, editWebsite, getClientClear, listClients, removePerson, removeWebsite } from '../../main/services/clients';
import { addMaterial } from '../../main/services/materials';
import { materialJpeg } from '../fixtures/materials';
import { advanceOrder, createOrder } from '../../main/services/orders';
import { checkOutClients, exportCheckin } from '../../main/services/leases';
import { importTransfer } from '../../main/services/transferImport';
import { companyRecord } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

const PASS = 'transfer-pass-1';
const laptopDir = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-lease-laptop-'));
const checkinFile = join(laptopDir, '归还.bdtransfer');
afterAll(() => rmSync(laptopDir, { recursive: true, force: true }));

async function editMobile(desk: Desk, entityId: number, mobile: string) {
  const p = (await getClientClear(desk, entityId)).people[0]!;
  await editPerson(desk, p.id, { ...personFieldsOf(p), mobile }, p.rowVersion);
}

const desk = useE2eDesk({
  name: 'lease',
  seedTimeoutMs: 60_000,
  seed: ({ withStore }) =>
    withStore(async (server) => {
      const [c] = await createClients(server, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
      const order = await createOrder(server, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
      const { leaseId, archive } = await checkOutClients(server, [c!.id], '拍照点笔记本', PASS);
      const laptop = await Desk.open({ dataDir: join(laptopDir, 'data'), actor: '外勤小王', kdfLog2n: 12 });
      try {
        await laptop.vault.setup('laptop-passphrase-1');
        const file = join(laptopDir, '出借.bdtransfer');
        writeFileSync(file, archive);
        await importTransfer(laptop, file, PASS);
        const here = (await listClients(laptop, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
        await editMobile(laptop, here, '13622223333');
        await editMobile(server, c!.id, '13911112222');
        // the laptop deletes the website the server renamed; it moves the order the server abandoned
        const lent = await getClientClear(server, c!.id);
        const site = lent.websites[0]!;
        await editWebsite(server, site.id, { ...websiteFieldsOf(site), name: '服务器改名官网', principalPersonId: lent.people[0]!.id }, site.rowVersion);
        // the server deletes 李…, under whom the laptop adds a material: listed, never added
        await removePerson(server, lent.people[1]!.id);
        const laptopPeople = (await getClientClear(laptop, here)).people;
        await addMaterial(laptop, { entityId: here, personId: laptopPeople[1]!.id, kind: 'other', fileName: '李的补充材料.jpg', data: await materialJpeg('e2e-lease-orphan') });
        await removeWebsite(laptop, (await getClientClear(laptop, here)).websites[0]!.id);
        await advanceOrder(server, order.id, { to: '已放弃', reason: '客户不做了' });
        await advanceOrder(laptop, (await ordersOfEntity(laptop.ctx, here))[0]!.id, { to: '待提交' });
        writeFileSync(checkinFile, await exportCheckin(laptop, leaseId, PASS));
      } finally {
        await laptop.close();
      }
    }),
});

describe('出借与归还', () => {
  it('shows 出借中, checks the laptop’s archive in, and settles each kind of conflict', async () => {
    const page = await desk.openPage({ viewport: { width: 1440, height: 1000 } });
    const row = page.locator('.ant-table-row', { hasText: '深圳市示例000001科技有限公司' });
    await row.getByText('出借中').waitFor();
    await expect(page.locator('.ant-table-row', { hasText: '深圳市示例000002科技有限公司' }).getByText('出借中').count()).resolves.toBe(0);
    await page.evaluate(() => (window.location.hash = '#/clients/1'));
    await page.getByText(/出借中：.* 借给“拍照点笔记本”离线工作/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'lease-client-page.png') });

    await page.getByRole('menuitem', { name: /设置/ }).click();
    const card = page.locator('.ant-card', { hasText: '出借与归还' });
    await card.locator('.ant-table-row', { hasText: '拍照点笔记本' }).getByText('出借中').waitFor();
    await card.getByLabel('归还传输密码').fill(PASS);
    // the page sends the picked file itself as the body (main/api/uploads.ts), not base64 inside JSON
    const sent = page.waitForRequest((r) => r.url().endsWith('/upload/lease.checkin'));
    await card.locator('input[type=file]').setInputFiles(checkinFile);
    const upload = await sent;
    expect(upload.headers()['content-type']).toBe('application/octet-stream');
    await card.getByText('已归还 1 个客户，有 4 处冲突待处理').waitFor();
    await card.screenshot({ path: join(shotsDir, 'lease-checked-in.png') });
    await card.getByRole('button', { name: '处理冲突' }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: '处理归还冲突' });
    await modal.getByText('负责人“张000001”').waitFor();
    expect(await modal.locator('.ant-table-row').first().textContent()).toBe('手机号码139****2222136****3333');
    const person = modal.locator('.ant-card', { hasText: '负责人“张000001”' });
    const site = modal.locator('.ant-card', { hasText: '网站“服务器改名官网”' });
    const order = modal.locator('.ant-card', { hasText: '订单“首次备案 · tencent”' });
    await site.getByText('笔记本已删除，服务器已修改').waitFor();
    expect(await order.locator('.ant-table-row').first().textContent()).toBe('状态已放弃待提交');
    await order.getByText(/服务器上订单现在处于“已放弃”，不能这样变更/).waitFor();
    const material = modal.locator('.ant-card', { hasText: '笔记本新增的材料“李的补充材料.jpg”' });
    await material.getByText('服务器已删除负责人“李000001”，笔记本在其下新增了材料“李的补充材料.jpg”：未添加').waitFor();
    // its file was not kept: it can only be dropped
    await expect(material.getByRole('button').count()).resolves.toBe(1);
    await page.screenshot({ path: join(shotsDir, 'lease-conflicts.png'), fullPage: true });
    await material.getByRole('button', { name: '确认删除' }).click();
    await page.getByText(/笔记本新增的材料“李的补充材料.jpg”：已确认删除/).waitFor();
    await person.getByRole('button', { name: '采用笔记本版本' }).click();
    await page.getByText(/负责人“张000001”：已采用笔记本版本/).waitFor();
    await site.getByRole('button', { name: '保留服务器的这一行' }).click();
    await page.getByText(/网站“服务器改名官网”：已保留服务器的这一行/).waitFor();
    await order.getByRole('button', { name: '采用笔记本版本' }).click();
    // the refusal's own message: the card says the same words all along, so waiting on the text alone went on at
    // once, and under load the next click landed while this request was still running (a clean clone's failure)
    await page.locator('.ant-message-notice', { hasText: '订单已放弃，如需继续请新建订单' }).waitFor();
    await order.getByRole('button', { name: '保留服务器版本' }).click();
    await page.getByText(/已保留服务器版本；该客户的出借已结束/).waitFor();
    await modal.getByText('没有待处理的冲突').waitFor();
    await modal.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await card.locator('.ant-table-row', { hasText: '拍照点笔记本' }).getByText('已归还').waitFor();
    await page.screenshot({ path: join(shotsDir, 'lease-settled.png'), fullPage: true });
    const stored = await page.evaluate(async () => (await (await fetch('/api/entity.reveal', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":1,"purpose":"核对"}' })).json()) as { value: { people: { mobile: string }[] } });
    expect(stored.value.people[0]!.mobile).toBe('13622223333');
    await page.close();
  });
});
