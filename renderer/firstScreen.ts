// What the window's first screen needs, asked for at once (issue 20: first paint of the client list).
// This module runs on its own before the UI's other modules have loaded: the built page loads it as a
// script of its own in <head> (electron.vite.config.ts, firstScreenScript), so its calls are on the wire
// while the browser still fetches and compiles React and antd. It imports nothing at run time: a
// chunk of its own with no imports, which the rest of the UI imports as well (evaluated once).
// Before, each gate asked in turn once the one before had answered and rendered (account.me →
// session.status → providers.list → entity.list): 1.2 s of a 2.2 s first paint on a quiet machine.
// renderer/boot.ts hands these answers to the gates and the query cache.
import type { ApiResult, Method, MethodInput, MethodOutput } from '../main/api/contract';
import { showFirstPaint } from './firstPaint';

declare global {
  interface Window {
    beianDesk?: { host: 'electron'; invoke(method: string, input: unknown): Promise<unknown>; pathForFile(file: File): string };
  }
}

/** A call over the preload's IPC (Electron) or the web host's /api/; `loginRequired`: a team server's 401 asking for a login. */
/** A call's answer; `unreached` when it never got one from the desk (no connection, or an answer that was not the desk's). */
export type HostAnswer = { result: ApiResult<unknown>; loginRequired: boolean; unreached?: true };

export async function callHost(method: string, input: unknown, signal?: AbortSignal): Promise<HostAnswer> {
  if (window.beianDesk) {
    try {
      return { result: (await window.beianDesk.invoke(method, input)) as ApiResult<unknown>, loginRequired: false };
    } catch {
      // the desk's router answers every call, refusals included: a rejected invoke is the bridge's own fault (an answer
      // it cannot carry, no handler), which asking again does not mend — not "unreached"
      return { result: { ok: false, error: { code: 'INTERNAL', message: '备案助手内部通信失败，请重启程序' } }, loginRequired: false };
    }
  }
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
      ...(signal ? { signal } : {}),
    });
  } catch {
    return { result: { ok: false, error: { code: 'INTERNAL', message: '无法连接备案助手服务，请确认程序仍在运行' } }, loginRequired: false, unreached: true };
  }
  // A team server says "log in" this way (the single desk's 401 means a wrong token, which a login cannot fix).
  const loginRequired = res.status === 401 && res.headers.get('x-desk-auth') === 'login';
  try {
    return { result: (await res.json()) as ApiResult<unknown>, loginRequired };
  } catch {
    return { result: { ok: false, error: { code: 'INTERNAL', message: `服务返回了无法识别的响应（HTTP ${res.status}）` } }, loginRequired, unreached: true };
  }
}

// ---- the client list's page, as the list asks for it (renderer/pages/ClientListPage.tsx) ----

export type ClientListInput = MethodInput<'entity.list'>;
export type ClientListSort = { by: NonNullable<ClientListInput['sortBy']>; dir: 'asc' | 'desc' };

export const CLIENT_LIST_PAGE_SIZE = 100;
export const CLIENT_LIST_SORT: ClientListSort = { by: 'updatedAt', dir: 'desc' };

/** entity.list's input for page `page` (from 1) of the list searched for `query` ('' for none). */
export const clientListInput = (query: string, page: number, pageSize: number, sort: ClientListSort): ClientListInput => ({
  query: query || undefined,
  offset: (page - 1) * pageSize,
  limit: pageSize,
  sortBy: sort.by,
  sortDir: sort.dir,
});

/**
 * The history state of a visit of the client list with a search (ClientListPage): the search itself, or,
 * for one that may hold a personal number, the id it is kept under in the window's memory only. Never the
 * page's address: the browser keeps every address in its history on disk and offers it back in the
 * address bar, and a copied link carries it; a client is found by its 负责人's name too.
 */
export type ClientListState = { search: string } | { searchId: string };

/** The search a visit's state (ClientListState) carries itself, if any. */
export function searchInState(state: unknown): string | undefined {
  const search = (state as { search?: unknown } | null)?.search;
  return typeof search === 'string' ? search : undefined;
}

/**
 * The search of the client list when the window opens on it (`#/clients`, or no route: the landing page),
 * else null: another screen opens and the list's page is not asked for. The search is the one the visit's
 * history state carries (a reload keeps it; `historyState` is window.history.state, where the router
 * keeps a visit's state as `usr`), or an address's `?q=` from before the search left it (ClientListPage
 * moves it into the state). A personal number's search was in the window's memory only: the list opens
 * without it.
 */
export function clientListSearchAt(hash: string, historyState: unknown): string | null {
  const m = /^#?\/?(?:clients\/?)?(\?.*)?$/.exec(hash);
  if (!m) return null;
  return new URLSearchParams(m[1] ?? '').get('q') ?? searchInState((historyState as { usr?: unknown } | null)?.usr) ?? '';
}

// ---- the calls, started when this module is evaluated ----

/** The first screen's reads: the gates' facts, then what the client list shows. */
export type FirstCall = 'account.me' | 'session.status' | 'providers.list' | 'retention.due' | 'entity.list';

export interface FirstCalls {
  /** Each call's answer as the host gave it (never rejects). */
  answers: Partial<Record<FirstCall, Promise<{ result: ApiResult<unknown>; loginRequired: boolean }>>>;
  /** The input of the entity.list call, when the window opens on the client list. */
  listInput: ClientListInput | null;
}

// ---- the answers the web host wrote into the page (main/web/firstAnswers.ts) ----

/** What the single desk's web host writes at the end of the page: each call's answer, and the list's input it answered. */
interface InlineAnswers {
  listInput: ClientListInput;
  answers: Partial<Record<FirstCall, ApiResult<unknown>>>;
}

/** The same entity.list input (the keys the list sets; an absent query and undefined are the same). */
export const sameListInput = (a: ClientListInput, b: ClientListInput): boolean =>
  (['query', 'offset', 'limit', 'sortBy', 'sortDir'] as const).every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * The answers written into the page, once it is parsed, when its head says they follow (the web host of
 * the single desk); null when they do not (Electron, a team server, a page served without them).
 */
function inlineAnswers(doc: Document): Promise<InlineAnswers | null> | null {
  if (!doc.querySelector('meta[name="desk-first-answers"][content="inline"]')) return null;
  return new Promise((resolve) => {
    const read = () => {
      try {
        const text = doc.getElementById('desk-first-answers')?.textContent;
        resolve(text ? (JSON.parse(text) as InlineAnswers) : null);
      } catch {
        resolve(null);
      }
    };
    void parsed(doc).then(read);
  });
}

/** Settles once the page's markup is parsed (readyState 'interactive'): before DOMContentLoaded, which also waits for the UI's deferred scripts. */
function parsed(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((ok) => {
    const done = () => {
      if (doc.readyState === 'loading') return;
      doc.removeEventListener('readystatechange', done);
      ok();
    };
    doc.addEventListener('readystatechange', done);
  });
}

function startFirstCalls(): FirstCalls {
  const inline = window.beianDesk ? null : inlineAnswers(document);
  // an answer the page carries for this very call, else the host is asked
  const ask = <M extends Method & FirstCall>(method: M, input: MethodInput<M>) => {
    if (!inline) return callHost(method, input);
    return inline.then((a) => {
      const result = a?.answers[method];
      const fits = result && (method !== 'entity.list' || sameListInput(a.listInput, input as ClientListInput));
      return fits ? { result, loginRequired: false } : callHost(method, input);
    });
  };
  const search = clientListSearchAt(window.location.hash, window.history.state);
  const listInput = search === null ? null : clientListInput(search, 1, CLIENT_LIST_PAGE_SIZE, CLIENT_LIST_SORT);
  // On a locked desk or a team server before its login, the reads behind them are refused (LOCKED,
  // UNAUTHORIZED) without effect; the gates then ask again once they let the screen through.
  return {
    answers: {
      'account.me': ask('account.me', {}),
      'session.status': ask('session.status', {}),
      'providers.list': ask('providers.list', {}),
      ...(listInput ? { 'retention.due': ask('retention.due', {}), 'entity.list': ask('entity.list', listInput) } : {}),
    },
    listInput,
  };
}

// Outside a page (the renderer's modules loaded by unit tests under node) there is no host to ask.
export const firstCalls: FirstCalls = typeof window === 'undefined' ? { answers: {}, listInput: null } : startFirstCalls();

const valueIfOk = async <M extends FirstCall>(method: M): Promise<MethodOutput<M> | undefined> => {
  const answer = await firstCalls.answers[method];
  return answer?.result.ok ? (answer.result.value as MethodOutput<M>) : undefined;
};

/**
 * The client list's first page drawn as soon as it is answered (renderer/firstPaint.ts), while React and
 * antd still load: on the single desk (no team login), unlocked, with no retention warning over the list.
 * Any other first screen is left to React.
 */
async function paintFirstPage(): Promise<boolean> {
  const input = firstCalls.listInput;
  if (!input) return false;
  const [list, me, session, due] = await Promise.all([valueIfOk('entity.list'), valueIfOk('account.me'), valueIfOk('session.status'), valueIfOk('retention.due')]);
  if (!list || !me || me.caller || session?.state !== 'unlocked' || !due || due.length) return false;
  await parsed(document);
  return showFirstPaint(document, { list, search: input.query ?? '', pageSize: input.limit ?? CLIENT_LIST_PAGE_SIZE, viewportHeight: window.innerHeight, webHost: !window.beianDesk });
}

/** How long the UI's scripts wait at most for the first paint (a slow host's answers do not hold React back longer). */
const FIRST_PAINT_WAIT_MS = 800;

/**
 * Settles once the client list's first page is drawn and a frame with it is on screen, or once it is
 * clear that it will not be drawn, or after FIRST_PAINT_WAIT_MS: renderer/entry.ts then runs the UI.
 */
export const firstPaintSettled: Promise<void> =
  typeof window === 'undefined'
    ? Promise.resolve()
    : new Promise<void>((settle) => {
        // a function written out, not a name: the Electron security review (electronegativity) reads a timer
        // given a name it cannot resolve as possibly a string of code
        setTimeout(() => settle(), FIRST_PAINT_WAIT_MS);
        paintFirstPage().then(
          (drawn) => (drawn ? requestAnimationFrame(() => setTimeout(() => settle(), 0)) : settle()),
          () => settle(),
        );
      });
