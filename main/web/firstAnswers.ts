// The first screen's answers written into the page the single desk's web host serves (issue 20: first
// paint of the client list). renderer/firstScreen.ts asks for account.me, session.status, providers.list,
// retention.due and the client list's first page as soon as it runs; over HTTP those five calls queued
// behind the UI's seventeen script files on the browser's six connections to the host, and the list's page
// came back 0.45–0.75 s after navigation. The host now runs the same five reads while it sends the page
// and writes their answers at its end, so they are in when the page is: no second round trip.
// - The same answers: the same router, the same inputs, no caller (as handleApi for the single desk).
//   The list's input is the one the page asks for when it opens on the list with no search
//   (renderer/firstScreen.ts clientListInput; test/main/web/firstAnswers.test.ts checks they agree); the
//   page uses an answer only for the very input it would have asked with, and asks the host otherwise.
// - Never stale: the reads run for each request of the page, and the page is sent with no-store, so no
//   cache keeps it; the page takes them as it takes any answer (renderer/boot.ts).
// - Only the single desk's own page, after its token: a team server's page holds no data (its answers
//   depend on who logs in).
// - Inert data: a JSON block (type application/json is never run, so the page's CSP allows it) with `<`,
//   `>`, `&` and the two JSON line separators escaped, so no client's name can close the element.
import type { Router } from '../api/router';

/** The client list's first page when the window opens on it with no search (renderer/firstScreen.ts). */
export const FIRST_LIST_INPUT = { offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' } as const;

/** The marker in <head> telling renderer/firstScreen.ts that the answers follow at the end of the page. */
export const FIRST_ANSWERS_MARKER = '<meta name="desk-first-answers" content="inline">';
/** The id of the JSON block holding the answers (renderer/firstScreen.ts reads it). */
export const FIRST_ANSWERS_ID = 'desk-first-answers';

const CALLS = [
  ['account.me', {}],
  ['session.status', {}],
  ['providers.list', {}],
  ['retention.due', {}],
  ['entity.list', FIRST_LIST_INPUT],
] as const;

/** The five reads as the page would ask for them, each answer as the API would send it, and the list's input. */
export async function firstAnswers(router: Router): Promise<{ listInput: typeof FIRST_LIST_INPUT; answers: Record<string, unknown> }> {
  const results = await Promise.all(CALLS.map(([method, input]) => router.invoke(method, input)));
  return { listInput: FIRST_LIST_INPUT, answers: Object.fromEntries(CALLS.map(([method], i) => [method, results[i]])) };
}

/** JSON that can stand inside a <script> element: nothing in it can end the element or open a comment. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The page's markup split where the answers go: the head with the marker (sent at once), and its end. */
export function splitPage(html: string): { head: string; tail: string } | null {
  const headAt = html.indexOf('<head>');
  const bodyEnd = html.lastIndexOf('</body>');
  if (headAt < 0 || bodyEnd < 0) return null;
  const afterHead = headAt + '<head>'.length;
  return { head: `${html.slice(0, afterHead)}\n    ${FIRST_ANSWERS_MARKER}${html.slice(afterHead, bodyEnd)}`, tail: html.slice(bodyEnd) };
}

/** The element carrying the answers. */
export const answersElement = (answers: unknown): string => `<script type="application/json" id="${FIRST_ANSWERS_ID}">${inertJson(answers)}</script>\n  `;
