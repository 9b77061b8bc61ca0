// The single desk's page carries the first screen's answers (main/web/firstAnswers.ts): the same answers
// the API gives for the same calls, read afresh for each request of the page, never kept by a cache,
// inert inside the page, and only on the single desk's own page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { answersElement, FIRST_ANSWERS_ID, FIRST_LIST_INPUT, inertJson, splitPage } from '../../../main/web/firstAnswers';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { CLIENT_LIST_PAGE_SIZE, CLIENT_LIST_SORT, clientListInput, sameListInput } from '../../../renderer/firstScreen';
import { companyRecord } from '../../fixtures/records';
import { tempDir, testRouter } from '../../helpers';
import { sendToHost } from '../../support/hostRequest';

// the built page's shape (out/renderer/index.html): a head with the stylesheet and scripts, an empty root
const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <title>备案助手</title>
    <script type="module" async crossorigin src="./assets/firstScreen.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** A request with the desk's cookie when one is given. */
const send = (port: number, opts: { method?: string; path: string; cookie?: string; body?: string }) =>
  sendToHost(port, { method: opts.method, path: opts.path, body: opts.body, headers: opts.cookie ? { cookie: opts.cookie } : {} });

async function deskWithClients(n: number) {
  const { desk, router } = await testRouter();
  if (n) await createClients(desk, Array.from({ length: n }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
  const renderer = tempDir();
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), PAGE);
  return { desk, router, renderer };
}

async function loggedIn(h: WebHost) {
  const token = new URL(h.openUrl).searchParams.get('token')!;
  const first = await send(h.port, { path: `/?token=${token}` });
  return String(first.headers['set-cookie']).split(';')[0]!;
}

/** The answers the page carries, read as renderer/firstScreen.ts reads them (null when it carries none). */
function answersIn(html: string): { listInput: unknown; answers: Record<string, unknown> } | null {
  const m = new RegExp(`<script type="application/json" id="${FIRST_ANSWERS_ID}">([^<]*)</script>`).exec(html);
  return m ? JSON.parse(m[1]!) : null;
}

describe('the first screen’s answers in the single desk’s page', () => {
  it('are the answers the API gives for the same five calls, the list’s input the one the page asks with', async () => {
    const { router, renderer } = await deskWithClients(3);
    host = await startWebHost({ router, rendererDir: renderer });
    const cookie = await loggedIn(host);
    const page = await send(host.port, { path: '/', cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="desk-first-answers" content="inline">');
    const carried = answersIn(page.body)!;
    expect(carried.listInput).toEqual(FIRST_LIST_INPUT);
    const api = async (method: string, input: unknown) => JSON.parse((await send(host!.port, { method: 'POST', path: `/api/${method}`, cookie, body: JSON.stringify(input) })).body);
    for (const [method, input] of [['account.me', {}], ['session.status', {}], ['providers.list', {}], ['retention.due', {}], ['entity.list', FIRST_LIST_INPUT]] as const) {
      expect(carried.answers[method], method).toEqual(await api(method, input));
    }
    expect((carried.answers['entity.list'] as { value: { items: unknown[] } }).value.items).toHaveLength(3);
    // the page uses the list's answer for its own input only (renderer/firstScreen.ts)
    const pageInput = clientListInput('', 1, CLIENT_LIST_PAGE_SIZE, CLIENT_LIST_SORT);
    expect(sameListInput(FIRST_LIST_INPUT, pageInput)).toBe(true);
    expect(sameListInput(FIRST_LIST_INPUT, clientListInput('科技', 1, CLIENT_LIST_PAGE_SIZE, CLIENT_LIST_SORT))).toBe(false);
    expect(sameListInput(FIRST_LIST_INPUT, clientListInput('', 1, CLIENT_LIST_PAGE_SIZE, { by: 'name', dir: 'asc' }))).toBe(false);
  });

  it('are read afresh for each request of the page, which no cache keeps', async () => {
    const { desk, router, renderer } = await deskWithClients(2);
    host = await startWebHost({ router, rendererDir: renderer });
    const cookie = await loggedIn(host);
    const before = await send(host.port, { path: '/', cookie });
    expect(before.headers['cache-control']).toBe('no-store');
    expect((answersIn(before.body)!.answers['entity.list'] as { value: { total: number } }).value.total).toBe(2);
    await createClients(desk, [clientRecordSchema.parse(companyRecord(3))]);
    const after = await send(host.port, { path: '/', cookie });
    expect((answersIn(after.body)!.answers['entity.list'] as { value: { total: number } }).value.total).toBe(3);
  });

  it('are not in the page without the token, nor at another path, nor on a team server', async () => {
    const { desk, router, renderer } = await deskWithClients(1);
    host = await startWebHost({ router, rendererDir: renderer });
    const refused = await send(host.port, { path: '/' });
    expect(refused.status).toBe(401);
    expect(refused.body).not.toContain(FIRST_ANSWERS_ID);
    const cookie = await loggedIn(host);
    const elsewhere = await send(host.port, { path: '/some/where', cookie });
    expect(elsewhere.status).toBe(200);
    expect(answersIn(elsewhere.body)).toBeNull();
    expect(elsewhere.body).not.toContain('desk-first-answers');
    await host.close();
    host = await startWebHost({ router, rendererDir: renderer, team: { desk, host: '127.0.0.1' } });
    const team = await send(host.port, { path: '/' });
    expect(team.status).toBe(200);
    expect(team.body).not.toContain('desk-first-answers');
  });

  it('cannot close their element or open a comment, whatever a client’s text holds', () => {
    const hostile = { name: '</script><script>alert(1)</script><!-- & \u2028\u2029 -->' };
    const element = answersElement(hostile);
    expect(element.match(/<\/script>/g)).toHaveLength(1);
    expect(element).not.toContain('<!--');
    const inner = /<script type="application\/json" id="desk-first-answers">(.*)<\/script>/s.exec(element)![1]!;
    expect(JSON.parse(inner)).toEqual(hostile);
    expect(inertJson('a<b>c&d')).toBe('"a\\u003cb\\u003ec\\u0026d"');
  });

  it('go at the end of the page, their marker first in its head', () => {
    const parts = splitPage(PAGE)!;
    expect(parts.head.indexOf('desk-first-answers')).toBeLessThan(parts.head.indexOf('<script'));
    expect(parts.head).toContain('<div id="root"></div>');
    expect(parts.tail.startsWith('</body>')).toBe(true);
    expect(splitPage('<!doctype html><title>x</title>')).toBeNull();
  });
});
