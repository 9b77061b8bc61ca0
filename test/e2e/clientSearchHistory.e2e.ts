// A search of the client list stays out of the page's address: the browser keeps every address it visits
// in its history on disk (Chromium's History database, its address-bar suggestions), in clear — for every
// operator of a team server and in the single desk's browser mode — and an address is what a copied link
// carries. A client is found by its 负责人's name too, so any search may be personal. A personal number
// (证件号码, 手机号, 邮箱) is kept in the window's memory only; any other search rides in the visit's history
// state, which back, forward and a reload bring back.
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
/** A 负责人 found by her name alone: her company's names and domain hold neither it nor 示例. */
const PRINCIPAL = '赵丽华';
const herCompany = ((r) => ({
  ...r,
  people: r.people!.map((p, i) => (i === 0 ? { ...p, name: PRINCIPAL } : p)),
  websites: r.websites!.map((w) => ({ ...w, name: '星河贸易官网' })),
}))(companyRecord(COMPANIES + 1, { name: '广州星河贸易有限公司', domains: ['xinghe-trade.cn'] }));

const desk = useE2eDesk({
  name: 'search-history',
  seed: async ({ withStore }) => {
    const records = [person, herCompany, ...Array.from({ length: COMPANIES }, (_, i) => companyRecord(i + 1))];
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
  it('keeps every search out of the page address and the History database, a searched 证件号码, 手机号 or 邮箱 out of the whole profile', async () => {
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

      // any other search is not in the address either: paged, left and found again by back and forward,
      // kept by a reload (which forgets a personal one: it was only in the window's memory)
      await search(page, '示例');
      await listShows(page, '示例', COMPANIES);
      expect(decodeURIComponent(page.url())).not.toContain('示例');
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

      // a 负责人's name: her client found, and the name in no address — after a visit of the client, back,
      // a reload, and back and forward over it
      await search(page, PRINCIPAL);
      await listShows(page, '星河', 1);
      expect(decodeURIComponent(page.url())).not.toContain(PRINCIPAL);
      await page.screenshot({ path: join(shotsDir, 'client-list-name-search.png') });
      await rows(page).filter({ hasText: '星河' }).click();
      await page.waitForURL(/#\/clients\/\d+/);
      await page.getByRole('tab').first().waitFor();
      await page.goBack();
      await listShows(page, '星河', 1);
      await expect.poll(() => box.inputValue()).toBe(PRINCIPAL);
      await page.reload();
      await listShows(page, '星河', 1);
      await expect.poll(() => box.inputValue()).toBe(PRINCIPAL);
      await page.goBack();
      await listShows(page, '示例', COMPANIES);
      await expect.poll(() => box.inputValue()).toBe('示例');
      await page.goForward();
      await listShows(page, '星河', 1);
      await expect.poll(() => box.inputValue()).toBe(PRINCIPAL);
      expect(decodeURIComponent(page.url())).not.toContain(PRINCIPAL);

      // clearing the box shows every client again
      await page.locator('.ant-input-clear-icon').click();
      await listShows(page, '示例', COMPANIES + 2);
      await expect.poll(() => box.inputValue()).toBe('');
      await page.screenshot({ path: join(shotsDir, 'client-list-search-cleared.png') });

      // Chromium writes its history a few seconds late, and at the latest when the browser closes
      await context.close();
      const historyFile = join(profile, 'Default', 'History');
      const db = new Database(historyFile, { readonly: true });
      const urls = (db.prepare('SELECT url FROM urls').all() as { url: string }[]).map((r) => decodeURIComponent(r.url));
      db.close();
      // the history was written (the clients visited), and holds no search
      expect(urls.some((u) => /#\/clients\/\d+$/.test(u))).toBe(true);
      for (const text of [certNumber, mobile, email, certNumber.slice(0, 6), PRINCIPAL, '示例', 'q=']) expect(urls.filter((u) => u.includes(text))).toEqual([]);
      // nor anywhere else in the profile (sessions and their history states, form entries, caches)
      const holding = readdirSync(profile, { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => join(f.parentPath, f.name))
        .filter((file) => [certNumber, mobile, email].some((number) => readFileSync(file).includes(number)));
      expect(holding).toEqual([]);
      // a searched name is only where the browser keeps its tabs' history states to restore them (its
      // session files: the visit's state, which a reload needs), written there as V8 writes a string
      const holdingName = readdirSync(profile, { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile() && !f.parentPath.endsWith(join('Default', 'Sessions')))
        .map((f) => join(f.parentPath, f.name))
        .filter((file) => [PRINCIPAL, '示例'].some((text) => readFileSync(file).includes(text) || readFileSync(file).includes(Buffer.from(text, 'utf16le'))));
      expect(holdingName).toEqual([]);
    } finally {
      // closed here too when the test failed before, so that it is not still writing to the folder removed
      await context?.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it("opens an address from before the search left it (a bookmark's ?q=) at its search, and takes the search out of the address", async () => {
    const page = await desk.openPage({ hash: '#/clients?q=星河' });
    const box = page.getByRole('searchbox', { name: '搜索客户' });
    await listShows(page, '星河', 1);
    await expect.poll(() => box.inputValue()).toBe('星河');
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/#\/clients$/);
    await page.reload();
    await listShows(page, '星河', 1);
    await expect.poll(() => box.inputValue()).toBe('星河');
    await page.close();
  });
});
