// The UI's API client: the same typed contract over Electron IPC (preload's invoke) or the web host.
import type { ApiResult, ErrorBody, Method, MethodInput, MethodOutput } from '../main/api/contract';

declare global {
  interface Window {
    beianDesk?: { host: 'electron'; invoke(method: string, input: unknown): Promise<unknown>; pathForFile(file: File): string };
  }
}

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

async function transport(method: string, input: unknown, signal?: AbortSignal): Promise<ApiResult<unknown>> {
  if (window.beianDesk) return (await window.beianDesk.invoke(method, input)) as ApiResult<unknown>;
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
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接备案助手服务，请确认程序仍在运行' } };
  }
  try {
    return (await res.json()) as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `服务返回了无法识别的响应（HTTP ${res.status}）` } };
  }
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
  const r = await transport(method, input, signal);
  if (!r.ok) {
    if (r.error.code === 'LOCKED' || r.error.code === 'SETUP_REQUIRED') for (const l of lockListeners) l();
    throw new ApiError(r.error);
  }
  return r.value as MethodOutput<M>;
}

export const hostKind = (): 'electron' | 'web' => (window.beianDesk ? 'electron' : 'web');
