// Team server logins over HTTP: POST /auth/login trades a user name and password for a session cookie,
// POST /auth/logout ends it. The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's
// page sends it) and Secure under TLS; only the SHA-256 of its token is stored (services/accounts.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_MAX_HOURS } from '../domain/accounts';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { login, logout, resolveSession, type Caller } from '../services/accounts';
import type { LoginThrottle } from './loginThrottle';

export const SESSION_COOKIE = 'beian_desk_session';
/** The header that tells the page a 401 means "log in" (a team server), not "wrong token" (the single desk). */
export const LOGIN_HEADER = 'x-desk-auth';

export function cookieValue(req: IncomingMessage, name: string): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return '';
}

export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_MAX_HOURS * 3600): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** What the window asks by itself every few seconds: answered, but not counted as the operator's activity. */
const POLLS = new Set(['session.status', 'account.me']);

export async function callerOfRequest(desk: Desk, req: IncomingMessage, method: string): Promise<Caller | null> {
  const token = cookieValue(req, SESSION_COOKIE);
  return token ? await resolveSession(desk, token, !POLLS.has(method)) : null;
}

const STATUS_OF: Partial<Record<string, number>> = { UNAUTHORIZED: 401, ACCOUNT_LOCKED: 423, TOO_MANY_LOGINS: 429, FORBIDDEN: 403, BAD_REQUEST: 400 };

/** A refused password or a locked account counts against the address it came from. */
const COUNTED = new Set(['UNAUTHORIZED', 'ACCOUNT_LOCKED']);

export interface AuthReply {
  status: number;
  body: unknown;
  cookie?: string;
}

/** /auth/login and /auth/logout; `body` is the request's JSON text. */
export async function authRoute(desk: Desk, req: IncomingMessage, path: string, body: string, secure: boolean, throttle: LoginThrottle): Promise<AuthReply> {
  if (path === '/auth/logout') {
    const token = cookieValue(req, SESSION_COOKIE);
    if (token) await logout(desk, token);
    return { status: 200, body: { ok: true, value: null }, cookie: sessionCookie('', secure, 0) };
  }
  if (path !== '/auth/login') return { status: 404, body: { ok: false, error: { code: 'BAD_REQUEST', message: '未知的登录操作' } } };
  let input: { username?: unknown; password?: unknown };
  try {
    input = JSON.parse(body) as typeof input;
  } catch {
    input = {};
  }
  if (typeof input.username !== 'string' || typeof input.password !== 'string' || !input.username.trim() || !input.password || input.username.length > 64 || input.password.length > 256) {
    return { status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请输入用户名和密码' } } };
  }
  const address = req.socket.remoteAddress ?? '';
  // counted as a wrong login from the start, so logins sent at once cannot all get past the limit
  // while their passwords are being checked; handed back unless it turns out to be one
  const attempt = throttle.reserve(address);
  if (attempt.refusal !== null) return { status: 429, body: { ok: false, error: { code: 'TOO_MANY_LOGINS', message: attempt.refusal } } };
  let counted = false;
  try {
    const { token, caller } = await login(desk, input.username, input.password);
    return { status: 200, body: { ok: true, value: caller }, cookie: sessionCookie(token, secure) };
  } catch (err) {
    if (!(err instanceof DeskError)) throw err;
    counted = COUNTED.has(err.code);
    return { status: STATUS_OF[err.code] ?? 400, body: { ok: false, error: { code: err.code, message: err.message } } };
  } finally {
    if (!counted) attempt.reservation.release();
  }
}
