// A search of the client list for a personal number (证件号码, 手机号, 邮箱) stays out of the page's address:
// the browser keeps every address it visits in its history on disk (Chromium's History database), in
// clear — for every operator of a team server and in the single desk's browser mode. A search that cannot
// be personal stays in the address (reload keeps it); either kind comes back with the back button.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { individual } from '../fixtures/drafts';
import { companyRecord, personId } from '../fixtures/records';
import { inTeamRun, shotsDir, TEAM_ADMIN, useE2eDesk } from './support';

// a number of her own: the companies' people have personId(1…130)
const { filing: _filing, ...person } = individual((r) => {
  r.entity.certNumber = r.people[0].certNumber = personId(900, '19850612');
});
const certNumber: string = person.people[0].certNumber;
const mobile: string = person.people[0].mobile;
const email: string = person.people[0].email;
const COMPANIES = 130; // two pages of 100 for a search (示例) that finds them all

const desk = useE2eDesk({
  name: 'search-history',
  seed: async ({ withStore }) => {
    const records = [person, ...Array.from({ length: COMPANIES }, (_, i) => companyRecord(i + 1))];
    await withStore((d) => createClients(d, records.map((r) => clientRecordSchema.parse(r))));
  },
});

/** The full browser: the headless shell the other tests drive keeps no history. */
const FULL_CHROMIUM = '/usr/bin/chromium';

const rows = (page: Page) => page.locator('.ant-table-row');

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: '搜索客户' });
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until the list has found `total` clients and shows one holding `text` (the table draws only the rows in view). */
async function listShows(page: Page, text: string, total: number): Promise<void> {
  await page.locator('h4').getByText(`共 ${total} 个`, { exact: true }).waitFor();
  await rows(page).filter({ hasText: text }).first().waitFor();
}

const activePage = (page: Page) => page.locator('.ant-pagination-item-active').getAttribute('title');

describe('client search and the browser history', () => {
  it('keeps a searched 证件号码, 手机号 or 邮箱 out of the page address and the History database; other searches stay in it', async () => {
    expect(existsSync(FULL_CHROMIUM), `${FULL_CHROMIUM} (apt-get install chromium) keeps the history this test reads`).toBe(true);
    const profile = mkdtempSync(join(tmpdir(), 'beian-desk-e2e-search-history-profile-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: FULL_CHROMIUM,
        headless: true,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking'],
        viewport: { width: 1400, height: 900 },
        reducedMotion: 'reduce',
        ...(inTeamRun ? { ignoreHTTPSErrors: true } : {}),
      });
      if (inTeamRun) {
        const answer = await context.request.post(new URL('/auth/login', desk.host.openUrl).href, { data: { username: TEAM_ADMIN.username, password: TEAM_ADMIN.password } });
        expect(answer.ok()).toBe(true);
      }
      const page = await context.newPage();
      page.on('pageerror', (e) => {
        throw e;
      });
      await page.goto(`${desk.host.openUrl}#/clients`);
      const box = page.getByRole('searchbox', { name: '搜索客户' });
      await rows(page).first().waitFor();

      // each personal number finds its client, and the address never carries it
      for (const number of [certNumber, mobile, email, `  ${certNumber.slice(0, 6)} ${certNumber.slice(6)} `]) {
        await search(page, number);
        await listShows(page, '王小明', 1);
        expect(decodeURIComponent(page.url())).not.toContain(number.trim().slice(0, 6));
      }
      await search(page, certNumber);
      await listShows(page, '王小明', 1);
      await page.screenshot({ path: join(shotsDir, 'client-list-personal-search.png') });

      // back from the client: the same search, in the box and in the list
      await rows(page).filter({ hasText: '王小明' }).click();
      await page.waitForURL(/#\/clients\/\d+/);
      await page.getByRole('tab').first().waitFor();
      await page.goBack();
      await listShows(page, '王小明', 1);
      await expect.poll(() => box.inputValue()).toBe(certNumber);

      // a search that cannot be personal is in the address: paged, left and found again by back and
      // forward, kept by a reload (which forgets a personal one: it was only in the window's memory)
      await search(page, '示例');
      await listShows(page, '示例', COMPANIES);
      expect(decodeURIComponent(page.url())).toContain('q=示例');
      await page.locator('.ant-pagination').getByTitle('2', { exact: true }).click();
      await expect.poll(() => activePage(page)).toBe('2');
      await page.screenshot({ path: join(shotsDir, 'client-list-search-page-2.png') });
      await page.goBack();
      await listShows(page, '王小明', 1);
      await expect.poll(() => box.inputValue()).toBe(certNumber);
      await page.goForward();
      await listShows(page, '示例', COMPANIES);
      await expect.poll(() => box.inputValue()).toBe('示例');
      await expect.poll(() => activePage(page)).toBe('1');
      await page.reload();
      await listShows(page, '示例', COMPANIES);
      await expect.poll(() => box.inputValue()).toBe('示例');

      // clearing the box shows every client again
      await page.locator('.ant-input-clear-icon').click();
      await listShows(page, '示例', COMPANIES + 1);
      await expect.poll(() => box.inputValue()).toBe('');
      await page.screenshot({ path: join(shotsDir, 'client-list-search-cleared.png') });

      // Chromium writes its history a few seconds late, and at the latest when the browser closes
      await context.close();
      const historyFile = join(profile, 'Default', 'History');
      const db = new Database(historyFile, { readonly: true });
      const urls = (db.prepare('SELECT url FROM urls').all() as { url: string }[]).map((r) => decodeURIComponent(r.url));
      db.close();
      // the history was written, with the search that may be kept
      expect(urls.some((u) => u.includes('q=示例'))).toBe(true);
      for (const number of [certNumber, mobile, email, certNumber.slice(0, 6)]) expect(urls.filter((u) => u.includes(number))).toEqual([]);
      // nor anywhere else in the profile (sessions and their history states, form entries, caches)
      const holding = readdirSync(profile, { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => join(f.parentPath, f.name))
        .filter((file) => [certNumber, mobile, email].some((number) => readFileSync(file).includes(number)));
      expect(holding).toEqual([]);
    } finally {
      // closed here too when the test failed before, so that it is not still writing to the folder removed
      await context?.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
