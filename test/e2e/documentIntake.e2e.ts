// 新建客户 with photos: pick a rendered 营业执照 and both sides of a 身份证 on the form; the desk reads them
// (OCR on the worker pool), proposes values with their boxes and confidence; accepting them fills the
// form, the rule panel reads 可提交 once the rest is typed, and saving stores the photos as materials.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ID, FAKE_USCC, ID_BACK, ID_FRONT, LICENCE, renderIdBack, renderIdFront, renderLicence } from '../fixtures/documents';
import { personId, uscc } from '../fixtures/records';
import { fillShenzhenNanshan, forgetJobsIn, shotsDir, useE2eDesk } from './support';

// an empty desk: the host sets the data passphrase up itself
const desk = useE2eDesk({ name: 'ocr' });
// The synthetic photos (invented people, no real ID) as the operator's files for the file picker.
const work = desk.tempDir('files');
// The ID photos every test picks, rendered once for the file (the same bytes each time: rendering is
// deterministic); each test writes them under its own file name, which is what it finds on the 材料 tab.
let idFront: Buffer;
let idBack: Buffer;
beforeAll(async () => {
  [idFront, idBack] = await Promise.all([renderIdFront(ID_FRONT, { jpegQuality: 85 }), renderIdBack(ID_BACK)]);
});
// The run's one retry of a failed UI test finds the first try's client saved: the retry's licence carries
// another code, since the desk rightly refuses a second client with the same 主体证件号码.
let attempt = 0;

async function pick(page: Page, selector: string, option: string) {
  await page.locator(selector).click();
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

describe('licence and ID photos on the new-client form', () => {
  it('proposes values with boxes, fills the form field by field, reads 可提交, and stores the photos as materials', async () => {
    const tryNo = attempt++;
    const code = tryNo === 0 ? FAKE_USCC : uscc(`91440300MA5F000${tryNo + 1}`); // another 组织机构代码 part, so another code
    const files = {
      licence: join(work, '营业执照.jpg'),
      front: join(work, '身份证人像面.jpg'),
      back: join(work, '身份证国徽面.png'),
    };
    writeFileSync(files.licence, await renderLicence({ ...LICENCE, uscc: code }, { jpegQuality: 85, rotate: 1 }));
    writeFileSync(files.front, idFront);
    writeFileSync(files.back, idBack);

    const page = await desk.screen('#/clients/new');
    await page.getByText('证件识别（可选）').waitFor();
    await page.getByTestId('document-reader').locator('input[type=file]').setInputFiles([files.licence, files.front, files.back]);
    const licence = page.getByTestId('reading-licence');
    await licence.waitFor({ timeout: 240_000 });
    const front = page.getByTestId('reading-id-front');
    const back = page.getByTestId('reading-id-back');
    await front.waitFor();
    await back.waitFor();
    // each value with its box on the photo and its confidence
    await licence.getByText(LICENCE.name).waitFor();
    await licence.getByText('二维码与代码一致').waitFor();
    expect(await licence.getByTestId('box-name').isVisible()).toBe(true);
    expect(await licence.getByTestId('box-uscc').isVisible()).toBe(true);
    expect(await front.getByTestId('box-number').isVisible()).toBe(true);
    await expect.poll(() => licence.locator('.ant-tag', { hasText: /^\d+%$/ }).count()).toBeGreaterThanOrEqual(6);
    await licence.getByRole('row', { name: /单位名称/ }).hover();
    await page.screenshot({ path: join(shotsDir, 'ocr-new-client-proposals.png'), fullPage: true });

    // nothing is filled until accepted
    expect(await page.locator('#entity_name').inputValue()).toBe('');
    for (const label of ['单位名称', '统一社会信用代码', '住所', '营业期限']) await licence.getByRole('button', { name: `采用${label}` }).click();
    for (const label of ['姓名', '公民身份号码']) await front.getByRole('button', { name: `采用${label}` }).click();
    await back.getByRole('button', { name: '采用有效期限' }).click();
    expect(await licence.getByText('已采用').count()).toBe(4);
    expect(await page.locator('#entity_name').inputValue()).toBe(LICENCE.name);
    expect(await page.locator('#entity_certNumber').inputValue()).toBe(code);
    expect(await page.locator('#entity_certAddress').inputValue()).toBe(LICENCE.address);
    expect(await page.locator('#entity_certValidTo').inputValue()).toBe('长期');
    expect(await page.locator('#people_0_name').inputValue()).toBe(ID_FRONT.name);
    expect(await page.locator('#people_0_certNumber').inputValue()).toBe(FAKE_ID);
    expect(await page.locator('#people_0_certValidFrom').inputValue()).toBe('2015-03-07');
    expect(await page.locator('#people_0_certValidTo').inputValue()).toBe('2035-03-07');

    // the rest is typed; the record is complete and the panel reads 可提交
    await fillShenzhenNanshan(page);
    await page.locator('#entity_investor').fill(ID_FRONT.name);
    await page.locator('#entity_mailingAddress').fill('广东省深圳市南山区粤海街道科技园路18号A座1201室');
    await page.locator('#people_0_mobile').fill('13812340001');
    await page.locator('#people_0_email').fill('lin@xinghe-shili.cn');
    await page.locator('#people_0_officePhone').fill('086-0755-26012345');
    const panel = page.locator('.ant-card', { hasText: '备案规则检查' });
    await panel.getByText('可提交').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shotsDir, 'ocr-new-client-filled.png'), fullPage: true });

    await page.getByRole('button', { name: '保存客户' }).click();
    await page.waitForURL(/#\/clients\/\d+$/, { timeout: 60_000 });
    await page.getByRole('tab', { name: /材料/ }).click();
    for (const name of ['营业执照.jpg', '身份证人像面.jpg', '身份证国徽面.png']) await page.getByText(name).waitFor();
    await page.screenshot({ path: join(shotsDir, 'ocr-client-materials.png') });

    // on the 材料 tab an accepted value is saved to the client at once, with the photo as a material
    await page.getByRole('button', { name: '识别证件照片' }).click();
    const backAgain = join(work, '新身份证国徽面.png');
    writeFileSync(backAgain, await renderIdBack({ authority: ID_BACK.authority, validity: '2016.04.01-2036.04.01' }));
    await page.getByTestId('document-reader').locator('input[type=file]').setInputFiles([backAgain]);
    const card = page.getByTestId('reading-id-back');
    await card.getByText('2016-04-01 至 2036-04-01').waitFor({ timeout: 240_000 });
    expect(await page.getByText('新身份证国徽面.png').count()).toBe(1); // only the reading card: nothing stored yet
    await card.getByRole('button', { name: '采用有效期限' }).click();
    await card.getByText('已采用').waitFor();
    await page.getByText(/已采用“有效期限”，照片已存为材料/).waitFor();
    await page.locator('.ant-table-row', { hasText: '新身份证国徽面.png' }).waitFor();
    await page.screenshot({ path: join(shotsDir, 'ocr-materials-tab-accepted.png'), fullPage: true });
    await page.getByRole('tab', { name: /负责人/ }).click();
    await page.getByText('2036-04-01').first().waitFor();
  }, 420_000);

  it('keeps an accepted ID photo with its person when a 负责人 row above is removed', async () => {
    const tryNo = attempt++;
    const front = join(work, '身份证人像面-移除.jpg');
    writeFileSync(front, idFront);
    const page = await desk.screen('#/clients/new');
    await page.getByText('证件识别（可选）').waitFor();
    const person = async (i: number, n: number, name?: string, number?: string) => {
      if (name) await page.locator(`#people_${i}_name`).fill(name);
      if (number) await page.locator(`#people_${i}_certNumber`).fill(number);
      await page.locator(`#people_${i}_mobile`).fill(`1381234000${n}`);
      await page.locator(`#people_${i}_email`).fill(`p${n}@xinghe-shili.cn`);
      await page.locator(`#people_${i}_officePhone`).fill('086-0755-26012345');
    };
    await page.getByRole('button', { name: '添加负责人' }).click();
    await page.getByRole('button', { name: '添加负责人' }).click();
    await person(0, 1, '王误加', personId(31, '19800101'));
    await person(1, 2); // name and number come from the photo
    await person(2, 3, '李四', personId(32, '19820202'));
    // the ID card is read for 负责人 2, the 主体负责人
    await pick(page, '#principalIndex', '负责人 2');
    await page.getByTestId('document-reader').locator('input[type=file]').setInputFiles([front]);
    const card = page.getByTestId('reading-id-front');
    await card.waitFor({ timeout: 240_000 });
    for (const label of ['姓名', '公民身份号码']) await card.getByRole('button', { name: `采用${label}` }).click();
    expect(await page.locator('#people_1_certNumber').inputValue()).toBe(FAKE_ID);
    // the row added by mistake goes: the photo's person is now 负责人 1, and still the 主体负责人
    await page.getByRole('button', { name: /移\s*除/ }).first().click();
    expect(await page.locator('#people_0_certNumber').inputValue()).toBe(FAKE_ID);
    const principal = page.locator('.ant-form-item', { hasText: '主体负责人' }).locator('.ant-select');
    await expect.poll(() => principal.innerText()).toContain(ID_FRONT.name);
    // the rule panel is read again for the rows as they now are: 负责人 2 (李四) has a valid number
    await page.locator('.ant-card', { hasText: '备案规则检查' }).getByText(/负责人2的证件号码/).waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: join(shotsDir, 'ocr-new-client-row-removed.png'), fullPage: true });

    await fillShenzhenNanshan(page);
    await pick(page, '#entity_nature', '企业');
    // the try number inside the 组织机构代码 part: uscc() puts the check character at position 17
    await page.locator('#entity_certNumber').fill(uscc(`91440300MA5F45${tryNo}0`));
    await page.locator('#entity_name').fill(LICENCE.name);
    await page.locator('#entity_investor').fill('王误加');
    await page.locator('#entity_certAddress').fill('深圳市南山区科技园路8号');
    await page.locator('#entity_mailingAddress').fill('广东省深圳市南山区科技园路8号B座808室');
    await page.getByRole('button', { name: '保存客户' }).click();
    await page.waitForURL(/#\/clients\/\d+$/, { timeout: 60_000 });
    await page.getByRole('tab', { name: /材料/ }).click();
    const row = page.locator('.ant-table-row', { hasText: '身份证人像面-移除.jpg' });
    await row.waitFor();
    // stored as 林晓明's, not as 李四's, who took index 1 when the row above went
    expect(await row.innerText()).toContain(`负责人：${ID_FRONT.name}`);
  }, 420_000);

  it('says so when the reading’s status cannot be read, and lets the operator pick the photo again', async () => {
    const back = join(work, '国徽面-重选.png');
    writeFileSync(back, idBack);
    const page = await desk.screen('#/clients/new');
    await page.getByText('证件识别（可选）').waitFor();
    // the desk forgets the job (as when its one-time result went to a request that never came back)
    const forgotten = await forgetJobsIn(page);
    const reader = page.getByTestId('document-reader');
    await reader.locator('input[type=file]').setInputFiles([back]);
    await page.getByText('无法读取任务进度：任务不存在或已过期，请重新选择照片').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shotsDir, 'ocr-status-lost.png') }); // while the message shows
    expect(forgotten.polls()).toBe(1); // the desk's own refusal is not asked again
    // no progress left running, and the picker takes a photo again
    await expect.poll(() => reader.locator('.ant-progress').count()).toBe(0);
    expect(await reader.locator('.ant-upload-disabled').count()).toBe(0);
    await forgotten.restore();
    await reader.locator('input[type=file]').setInputFiles([back]);
    await page.getByTestId('reading-id-back').getByText('2015-03-07 至 2035-03-07').waitFor({ timeout: 240_000 });
  }, 300_000);
});
