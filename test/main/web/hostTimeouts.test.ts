// How long the web host waits for a request's body. Node's own five minutes for a whole request
// (server.requestTimeout) cut a 归还 archive's upload (up to 2 GB) over a slow link with a bare 408: the host
// turns it off and gives up an upload only when it stalls, and a JSON body when it takes too long in all.
import type * as http from 'node:http';
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { testRouter } from '../../helpers';

const servers = vi.hoisted(() => [] as http.Server[]);
vi.mock('node:http', async (original) => {
  const real = await original<typeof import('node:http')>();
  return {
    ...real,
    createServer: (...args: Parameters<typeof real.createServer>) => {
      const server = real.createServer(...args);
      servers.push(server);
      return server;
    },
  };
});

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** A POST whose body is written `chunks` times, `every` ms apart; the answer, or the error that cut it. */
function trickle(port: number, path: string, headers: Record<string, string>, chunks: number, every: number): Promise<{ status: number; text: string } | { cut: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', (err) => resolve({ cut: String(err) }));
    let sent = 0;
    const timer = setInterval(() => {
      if (req.destroyed) return clearInterval(timer);
      if (sent++ >= chunks) {
        clearInterval(timer);
        req.end();
        return;
      }
      req.write(Buffer.alloc(1024, 7));
    }, every);
  });
}

describe('the web host’s request timeouts', () => {
  it('has no limit on a whole request’s time (Node’s 5 minutes cut a slow 归还 upload)', async () => {
    const { router } = await testRouter();
    host = await startWebHost({ router });
    expect(servers.at(-1)!.requestTimeout).toBe(0);
    // headers still have Node's own limit
    expect(servers.at(-1)!.headersTimeout).toBeGreaterThan(0);
  });

  it('takes an upload slower in all than its idle limit while bytes keep coming, and gives up one that stalls', async () => {
    const { router } = await testRouter();
    host = await startWebHost({ router, timeouts: { uploadIdleMs: 600 } });
    const token = new URL(host.openUrl).searchParams.get('token')!;
    const headers = { 'x-desk-token': token, 'content-type': 'application/octet-stream', 'x-desk-input': encodeURIComponent(JSON.stringify({ passphrase: 'transfer-pass-1' })) };
    // 1.5 s in all, never 600 ms without a byte: it reaches the importer, which reads it as no archive
    const moving = await trickle(host.port, '/upload/transfer.import', headers, 10, 150);
    expect(moving).toMatchObject({ status: 200 });
    expect(JSON.parse((moving as { text: string }).text)).toMatchObject({ ok: false, error: { code: 'ARCHIVE_INVALID' } });
    // one chunk, then nothing: given up, the connection closed
    const stalled = await trickle(host.port, '/upload/transfer.import', headers, 1, 5_000);
    expect(stalled).toHaveProperty('cut');
  }, 30_000);

  it('gives up a JSON body trickled past its time', async () => {
    const { router } = await testRouter();
    host = await startWebHost({ router, timeouts: { jsonBodyMs: 500 } });
    const token = new URL(host.openUrl).searchParams.get('token')!;
    const slow = await trickle(host.port, '/api/entity.list', { 'x-desk-token': token, 'content-type': 'application/json' }, 20, 100);
    expect(slow).toHaveProperty('cut');
  }, 30_000);
});
