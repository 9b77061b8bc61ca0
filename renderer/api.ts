// The UI's API client: the same typed contract over Electron IPC (preload's invoke) or the web host.
import type { ApiResult, ErrorBody, Method, MethodInput, MethodOutput } from '../main/api/contract';
import { callHost } from './firstScreen';

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/**
 * A call that never reached the desk, or whose answer was not the desk's (no connection, a proxy's error page, no
 * answer in time): worth asking again, unlike the desk's own refusals — INTERNAL included, which is the desk's failure.
 */
export class HostUnreachable extends ApiError {
  readonly unreached = true;
}

async function transport(method: string, input: unknown, signal?: AbortSignal): Promise<ApiResult<unknown>> {
  const answer = await callHost(method, input, signal);
  const result = answered(answer);
  if (!result.ok && answer.unreached) throw new HostUnreachable(result.error);
  return result;
}

/** A call's answer as callHost gave it: a team server's request for a login tells the login listeners. */
export function answered({ result, loginRequired }: { result: ApiResult<unknown>; loginRequired: boolean }): ApiResult<unknown> {
  if (loginRequired) for (const l of loginListeners) l();
  return result;
}

const loginListeners = new Set<() => void>();

/** Called whenever a team server refuses a call for want of a login (never logged in, expired, logged out). */
export function onLoginRequired(listener: () => void): () => void {
  loginListeners.add(listener);
  return () => loginListeners.delete(listener);
}

/** Team server login: the server sets the session cookie; the answer is the account, or the refusal's message. */
export async function loginRequest(username: string, password: string): Promise<ApiResult<MethodOutput<'account.me'>['caller']>> {
  try {
    const res = await fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify({ username, password }) });
    return (await res.json()) as ApiResult<MethodOutput<'account.me'>['caller']>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接团队服务器，请检查网络或服务器是否在运行' } };
  }
}

export async function logoutRequest(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
}

type LockListener = () => void;
const lockListeners = new Set<LockListener>();

/** Called whenever a call is refused because the desk is locked (idle lock, or locked elsewhere). */
export function onLocked(listener: LockListener): () => void {
  lockListeners.add(listener);
  return () => lockListeners.delete(listener);
}

/** `signal`: the query layer cancels a read nobody waits for any more (the web host drops the request). */
export async function api<M extends Method>(method: M, input: MethodInput<M>, signal?: AbortSignal): Promise<MethodOutput<M>> {
  return valueOf<M>(await transport(method, input, signal));
}

/** The value of a call's answer, or its refusal thrown as an ApiError (a locked desk tells the lock listeners). */
export function valueOf<M extends Method>(r: ApiResult<unknown>): MethodOutput<M> {
  if (!r.ok) {
    if (r.error.code === 'LOCKED' || r.error.code === 'SETUP_REQUIRED') for (const l of lockListeners) l();
    throw new ApiError(r.error);
  }
  return r.value as MethodOutput<M>;
}

export const hostKind = (): 'electron' | 'web' => (window.beianDesk ? 'electron' : 'web');
