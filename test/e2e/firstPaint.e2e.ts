// The client list's first page drawn before React has loaded (renderer/firstPaint.ts, issue 20): the same
// rows as the React table, in the same places, and gone in the same task as the React table's rows appear.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients } from '../../main/services/clients';
import { companyRecord } from '../fixtures/records';
import { inTeamRun, shotsDir, useE2eDesk } from './support';

const CLIENTS = 130; // two pages of 100

const desk = useE2eDesk({
  name: 'first-paint',
  seed: async ({ withStore }) => {
    const records = Array.from({ length: CLIENTS }, (_, i) => companyRecord(i + 1));
    await withStore((d) => createClients(d, records.map((r) => clientRecordSchema.parse(r))));
  },
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Drawn {
  rows: string[][];
  header: Box[];
  firstRowCells: Box[];
  inert: boolean;
  ariaHidden: string | null;
  cursor: string;
}
interface Seen {
  drawn?: Drawn;
  /** When the layer left: were the React table's rows in the page at that moment? */
  removedWithReactRows?: boolean;
  /** The React rows came while the layer was there: was it still there in the next task? */
  stillThereAfter?: boolean | 'pending';
}

// Installed before the page's scripts: what the layer showed when it was added (rows, places) and whether
// the React rows were there when it left.
const WATCH = `(() => {
  const seen = (window.__firstPaint = {});
  const box = (e) => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  new MutationObserver(() => {
    const layer = document.getElementById('desk-first-paint');
    if (layer && !seen.drawn) {
      seen.drawn = {
        rows: [...layer.querySelectorAll('.ant-table-row')].map((r) => [...r.children].map((c) => c.textContent)),
        header: [...layer.querySelectorAll('.fp-th')].map(box),
        firstRowCells: [...layer.querySelector('.ant-table-row').children].map(box),
        inert: layer.inert,
        ariaHidden: layer.getAttribute('aria-hidden'),
        cursor: getComputedStyle(layer).cursor,
      };
    }
    const reactRows = !!document.querySelector('#root .ant-table-tbody .ant-table-row');
    if (!layer && seen.drawn && seen.removedWithReactRows === undefined) seen.removedWithReactRows = reactRows;
    // React's rows are in while the layer still is: is it gone by the next task?
    if (layer && reactRows && seen.stillThereAfter === undefined) {
      seen.stillThereAfter = 'pending';
      setTimeout(() => { seen.stillThereAfter = !!document.getElementById('desk-first-paint'); }, 0);
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

async function reactRows(page: Page): Promise<{ rows: string[][]; header: Box[]; firstRowCells: Box[] }> {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const rows = [...document.querySelectorAll('#root .ant-table-tbody .ant-table-row')].sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y);
    return {
      rows: rows.map((r) => [...r.querySelectorAll('.ant-table-cell')].map((c) => c.textContent ?? '')),
      header: [...document.querySelectorAll('#root .ant-table-thead th')].map(box),
      firstRowCells: [...rows[0]!.querySelectorAll('.ant-table-cell')].map(box),
    };
  });
}

const near = (a: Box[], b: Box[]) =>
  a.length === b.length && a.every((x, i) => Math.abs(x.x - b[i]!.x) <= 1 && Math.abs(x.y - b[i]!.y) <= 1 && Math.abs(x.width - b[i]!.width) <= 1 && Math.abs(x.height - b[i]!.height) <= 1);

describe('the client list’s first paint', () => {
  // A team server shows its login first: the first page is drawn only on the single desk.
  it.skipIf(inTeamRun)('draws the first page before React, the same rows in the same places, and hands over to the React table', async () => {
    const page = await desk.browser.newPage({ viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });
    await page.addInitScript(WATCH);
    await page.goto(desk.host.openUrl);
    await page.locator('#root .ant-table-tbody .ant-table-row').first().waitFor();
    await page.waitForFunction(() => (window as unknown as { __firstPaint: Seen }).__firstPaint.removedWithReactRows !== undefined);
    const seen = await page.evaluate(() => (window as unknown as { __firstPaint: Seen }).__firstPaint);
    const drawn = seen.drawn!;
    // a picture of the list, not a second list: hidden from assistive technology, inert, showing progress
    expect(drawn.inert).toBe(true);
    expect(drawn.ariaHidden).toBe('true');
    expect(drawn.cursor).toBe('progress');
    // the layer left in the same task as the React rows came: the two lists are never on screen together
    expect(seen.removedWithReactRows).toBe(true);
    expect(seen.stillThereAfter ?? false).toBe(false);
    expect(await page.locator('#desk-first-paint').count()).toBe(0);

    const react = await reactRows(page);
    // the rows the window shows (900 px: 22 and a part), the same text cell by cell, in the same order
    const compared = Math.min(drawn.rows.length, react.rows.length);
    expect(compared).toBeGreaterThanOrEqual(20);
    expect(drawn.rows.slice(0, compared)).toEqual(react.rows.slice(0, compared));
    expect(drawn.rows[0]).toHaveLength(9);
    // in the same places: the header's cells and the first row's cells
    expect(near(drawn.header, react.header), JSON.stringify({ drawn: drawn.header, react: react.header })).toBe(true);
    expect(near(drawn.firstRowCells, react.firstRowCells), JSON.stringify({ drawn: drawn.firstRowCells, react: react.firstRowCells })).toBe(true);
    await page.screenshot({ path: join(shotsDir, 'first-paint-react.png') });
    await page.close();
  });

  it.skipIf(inTeamRun)('stays a picture while the UI loads: nothing in it takes a click', async () => {
    const page = await desk.browser.newPage({ viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });
    // the UI's scripts held back: only the first paint is on screen
    await page.route(/\/assets\/main-[^/]*\.js$/, (route) => route.abort());
    await page.goto(desk.host.openUrl);
    const layer = page.locator('#desk-first-paint');
    await layer.locator('.ant-table-row').first().waitFor();
    await page.screenshot({ path: join(shotsDir, 'first-paint-layer.png') });
    expect(await layer.getByText(`共 ${CLIENTS} 个`, { exact: true }).count()).toBe(1);
    const before = page.url();
    await page.mouse.click(400, 130); // on the first row
    await page.mouse.click(1320, 56); // on 新建客户
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.close();
  });
});
