// The UI's API client tells a call that never reached the desk (HostUnreachable: worth asking again) from the
// desk's own refusal, INTERNAL included (its failure, answered): job screens retry the one and not the other.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, HostUnreachable, onLoginRequired } from '../../renderer/api';
import { cancelJob } from '../../renderer/components/JobProgress';

/** The page as the web host serves it (no Electron bridge), its fetch answering with `respond`. */
function webPage(respond: () => Promise<Response>) {
  vi.stubGlobal('window', {});
  vi.stubGlobal('fetch', vi.fn(respond));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('refuses a call whose request failed as HostUnreachable, with the message to show', async () => {
    webPage(() => Promise.reject(new TypeError('Failed to fetch')));
    const call = api('jobs.get', { id: '0123456789abcdef' });
    await expect(call).rejects.toBeInstanceOf(HostUnreachable);
    await expect(call).rejects.toMatchObject({ body: { code: 'INTERNAL', message: '无法连接备案助手服务，请确认程序仍在运行' } });
  });

  it('refuses an answer that is not the desk’s (a proxy’s error page) as HostUnreachable, naming the HTTP status', async () => {
    webPage(async () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const call = api('jobs.get', { id: '0123456789abcdef' });
    await expect(call).rejects.toBeInstanceOf(HostUnreachable);
    await expect(call).rejects.toMatchObject({ body: { code: 'INTERNAL', message: '服务返回了无法识别的响应（HTTP 502）' } });
  });

  it('refuses the desk’s own INTERNAL answer as an ApiError that is not HostUnreachable', async () => {
    const body = { ok: false, error: { code: 'INTERNAL', message: '内部错误，操作未完成；数据未被修改' } };
    webPage(async () => new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } }));
    const call = api('jobs.get', { id: '0123456789abcdef' });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.not.toBeInstanceOf(HostUnreachable);
    await expect(call).rejects.toMatchObject({ body: { code: 'INTERNAL' } });
  });

  it('tells the login listeners of a team server’s "log in" before refusing its unreadable answer as HostUnreachable', async () => {
    webPage(async () => new Response('<html>请登录</html>', { status: 401, headers: { 'x-desk-auth': 'login' } }));
    const told = vi.fn();
    const stop = onLoginRequired(told);
    try {
      await expect(api('jobs.get', { id: '0123456789abcdef' })).rejects.toBeInstanceOf(HostUnreachable);
      expect(told).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });

  it('refuses a call the Electron bridge rejects as the desk’s failure in Chinese, not as HostUnreachable', async () => {
    vi.stubGlobal('window', { beianDesk: { invoke: () => Promise.reject(new Error("Error invoking remote method 'desk:invoke': An object could not be cloned.")) } });
    const call = api('jobs.get', { id: '0123456789abcdef' });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.not.toBeInstanceOf(HostUnreachable);
    await expect(call).rejects.toMatchObject({ body: { code: 'INTERNAL', message: '备案助手内部通信失败，请重启程序' } });
  });

  it('says a 取消 that cannot reach the desk, instead of dropping it', async () => {
    webPage(() => Promise.reject(new TypeError('Failed to fetch')));
    const said: string[] = [];
    await cancelJob('0123456789abcdef', (text) => said.push(text));
    expect(said).toEqual(['未能取消：无法连接备案助手服务，请确认程序仍在运行']);
  });
});
