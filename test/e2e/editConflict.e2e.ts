// Two pages editing the same client (issue 14, optimistic concurrency): the second save finds the record
// saved by the first since it was opened. The drawer says so in Chinese — the fields, who and when — and
// the operator chooses 重新载入 (the stored record, their edits dropped) or 仍然保存 (their edits over the
// newest version). Nothing is overwritten without the operator seeing it.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { setOperatorName } from '../../main/services/operator';
import { companyRecord } from '../fixtures/records';
import { inTeamRun, shotsDir, TEAM_ADMIN, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'conflict',
  seed: ({ withStore }) =>
    withStore(async (store) => {
      await setOperatorName(store, '张三');
      await createClients(store, [clientRecordSchema.parse(companyRecord(1))]);
    }),
});

/** Who the first save names: the desk's operator, or on a team server the logged-in account. */
const savedBy = inTeamRun ? `${TEAM_ADMIN.name}（${TEAM_ADMIN.username}）` : '张三';

const drawer = (page: Page) => page.locator('.ant-drawer-open');

/** The first operator's page (the file's) or the second's (a page of its own) on client 1 with 编辑主体信息 open and loaded. */
async function editing(who: 'first' | 'second'): Promise<Page> {
  const viewport = { width: 1440, height: 900 };
  const page = who === 'first' ? await desk.screen('#/clients/1', { viewport }) : await desk.openPage({ viewport, hash: '#/clients/1' });
  await page.getByText('客户', { exact: true }).first().waitFor();
  await page.getByRole('heading', { name: '深圳市示例000001科技有限公司' }).waitFor();
  await page.getByRole('button', { name: '编辑主体信息' }).click();
  await expect.poll(() => drawer(page).locator('#name').inputValue()).toBe('深圳市示例000001科技有限公司');
  return page;
}

async function save(page: Page) {
  await drawer(page).getByRole('button', { name: '保存' }).click();
}

describe('two operators editing one client', () => {
  it('shows who changed which fields, and 仍然保存 writes the second edit over the first', async () => {
    const first = await editing('first');
    const second = await editing('second');
    await drawer(first).locator('#remark').fill('第一位操作员的备注');
    await drawer(first).locator('#investor').fill('第一位的投资人');
    await save(first);
    await drawer(first).waitFor({ state: 'hidden' });

    await drawer(second).locator('#remark').fill('第二位操作员的备注');
    await save(second);
    const modal = second.locator('.ant-modal:visible', { hasText: '记录已被他人修改' });
    await modal.waitFor();
    await expect(modal.textContent()).resolves.toMatch(new RegExp(`${savedBy} 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 保存了修改`));
    expect((await modal.locator('.ant-tag').allTextContents()).sort()).toEqual(['主体备注', '投资人或主管单位'].sort());
    await second.screenshot({ path: join(shotsDir, 'edit-conflict-dialog.png') });
    // nothing of the second edit is stored yet
    const before = await second.evaluate(async () => (await (await fetch('/api/entity.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":1}' })).json()) as { value: { remark: string; investor: string } });
    expect(before.value).toMatchObject({ remark: '第一位操作员的备注', investor: '第一位的投资人' });

    await modal.getByRole('button', { name: '仍然保存' }).click();
    await drawer(second).waitFor({ state: 'hidden' });
    const after = await second.evaluate(async () => (await (await fetch('/api/entity.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":1}' })).json()) as { value: { remark: string; investor: string; rowVersion: number } });
    // 仍然保存 writes the whole form: the investor the second page showed (the old one) goes back too, knowingly
    expect(after.value.remark).toBe('第二位操作员的备注');
    expect(after.value.rowVersion).toBe(3);
    await second.close();
  });

  it('重新载入 drops the stale edits and shows the stored record', async () => {
    const first = await editing('first');
    const second = await editing('second');
    await drawer(first).locator('#remark').fill('已保存的新备注');
    await save(first);
    await drawer(first).waitFor({ state: 'hidden' });

    await drawer(second).locator('#remark').fill('过时的备注');
    await save(second);
    const modal = second.locator('.ant-modal:visible', { hasText: '记录已被他人修改' });
    await modal.waitFor();
    await modal.getByRole('button', { name: '重新载入' }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => drawer(second).locator('#remark').inputValue()).toBe('已保存的新备注');
    // saved again from the reloaded record, it goes through
    await drawer(second).locator('#remark').fill('在最新内容上改的备注');
    await save(second);
    await drawer(second).waitFor({ state: 'hidden' });
    await second.close();
  });
});

describe('two operators saving 设置', () => {
  /** The first operator's page (the file's) or the second's (a page of its own) on 设置 with the security and retention form loaded. */
  async function onSettings(who: 'first' | 'second'): Promise<Page> {
    const viewport = { width: 1440, height: 900 };
    const page = who === 'first' ? await desk.screen('#/settings', { viewport }) : await desk.openPage({ viewport, hash: '#/settings' });
    await page.getByText('客户', { exact: true }).first().waitFor();
    await expect.poll(() => page.locator('#retentionMonths').inputValue(), { timeout: 20_000 }).not.toBe('');
    return page;
  }

  it('asks instead of overwriting the other save, and 仍然保存 writes over the newer version', async () => {
    const first = await onSettings('first');
    const second = await onSettings('second');
    await first.locator('#retentionMonths').fill('36');
    await first.getByRole('button', { name: '保存设置' }).click();
    await first.getByText('设置已保存').waitFor();

    await second.locator('#idleLockMinutes').fill('5');
    await second.getByRole('button', { name: '保存设置' }).click();
    const modal = second.locator('.ant-modal:visible', { hasText: '记录已被他人修改' });
    await modal.waitFor();
    expect(await modal.locator('.ant-tag').allTextContents()).toEqual(['默认保留期限（月）']);
    await expect(modal.textContent()).resolves.toContain(`您打开这份设置之后，${savedBy}`);
    await second.screenshot({ path: join(shotsDir, 'settings-conflict-dialog.png') });
    const stored = async () => (await second.evaluate(async () => (await (await fetch('/api/settings.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { value: { idleLockMinutes: number; retentionMonths: number; rowVersion: number } })).value;
    expect(await stored()).toMatchObject({ idleLockMinutes: 15, retentionMonths: 36, rowVersion: 1 });

    await modal.getByRole('button', { name: '仍然保存' }).click();
    await second.getByText('设置已保存').waitFor();
    // the whole form is written: the 24 months the second page still showed goes back too, knowingly
    expect(await stored()).toMatchObject({ idleLockMinutes: 5, retentionMonths: 24, rowVersion: 2 });
    await second.close();
  });
});
