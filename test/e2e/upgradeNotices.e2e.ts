// A store upgraded at this start that holds one 主体 as two clients (builds before migration 0030 allowed it):
// the desktop app prints an upgrade's progress where nobody sees it, so the window tells what was found once
// it is unlocked. The single desk only: a team database is upgraded by its server, which prints it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../main/db/open';
import { companyRecord } from '../fixtures/records';
import { storeWithDuplicateEntity } from '../support/olderStore';
import { inTeamRun, shotsDir, useE2eDesk } from './support';

const desk = useE2eDesk({
  name: 'upgrade-notices',
  seed: async ({ addClient, dataDir }) => {
    if (inTeamRun) return;
    const { filing: _f, ...record } = companyRecord(1, { name: '深圳市升级示例科技有限公司' });
    await addClient(record);
    storeWithDuplicateEntity(join(dataDir, DB_FILE_NAME));
  },
});

describe.skipIf(inTeamRun)('an upgrade’s findings', () => {
  it('are shown once the desk is unlocked, naming the clients, and not again after 知道了', async () => {
    const page = await desk.openPage();
    const modal = page.locator('.ant-modal:visible', { hasText: '数据库已升级：有需要处理的事项' });
    await modal.waitFor();
    await modal.getByTestId('upgrade-notices').getByText(/同一主体只能是一个客户/).waitFor();
    expect(await modal.getByTestId('upgrade-notices').textContent()).toContain('深圳市升级示例科技有限公司（重复）');
    await page.screenshot({ path: join(shotsDir, 'upgrade-notices.png') });
    await modal.getByRole('button', { name: '知道了' }).click();
    await modal.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('menuitem', { name: /客户/ }).waitFor();
    expect(await page.locator('.ant-modal:visible', { hasText: '数据库已升级' }).count()).toBe(0);
    await page.close();
  }, 60_000);
});
