import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { companyRecord } from '../../fixtures/records';
import { tempDir, testRouter } from '../../helpers';
import { sendToHost } from '../../support/hostRequest';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const send = sendToHost;

/** Sends raw bytes and returns the response's status line: for requests a normal client will not send. */
function rawStatusLine(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(raw));
    let got = '';
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      if (got.includes('\r\n')) {
        resolve(got.split('\r\n')[0]!);
        sock.destroy();
      }
    });
    sock.on('error', reject);
  });
}

async function start() {
  const renderer = tempDir();
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>备案助手</title>');
  const { router } = await testRouter();
  host = await startWebHost({ router, rendererDir: renderer });
  const token = new URL(host.openUrl).searchParams.get('token')!;
  return { port: host.port, token };
}

describe('web host', () => {
  it('listens on 127.0.0.1 with a random port and a long token', async () => {
    const { port, token } = await start();
    expect(host!.url).toBe(`http://127.0.0.1:${port}/`);
    expect(token.length).toBeGreaterThanOrEqual(32);
  });

  it('requires the token on every request', async () => {
    const { port } = await start();
    expect((await send(port, { path: '/' })).status).toBe(401);
    const api = await send(port, { method: 'POST', path: '/api/entity.list', body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe('UNAUTHORIZED');
    expect((await send(port, { path: '/?token=wrong' })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie and then serves UI and API', async () => {
    const { port, token } = await start();
    const first = await send(port, { path: `/?token=${token}` });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await send(port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const created = await send(port, { method: 'POST', path: '/api/entity.create', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ record: companyRecord(1) }) });
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { id: 1 } });
  });

  it('refuses a foreign Host or Origin (DNS rebinding, cross-site posts)', async () => {
    const { port, token } = await start();
    expect((await send(port, { path: '/', headers: { host: 'evil.example:80', 'x-desk-token': token } })).status).toBe(403);
    const r = await send(port, { method: 'POST', path: '/api/entity.list', headers: { 'x-desk-token': token, origin: 'http://evil.example' }, body: '{}' });
    expect(r.status).toBe(403);
  });

  it('answers malformed bodies with a specific error and keeps serving', async () => {
    const { port, token } = await start();
    const h = { 'x-desk-token': token };
    const notJson = await send(port, { method: 'POST', path: '/api/entity.list', headers: h, body: '{"limit": ' });
    expect(JSON.parse(notJson.body).error.code).toBe('BAD_REQUEST');
    const badUtf8 = await send(port, { method: 'POST', path: '/api/entity.list', headers: h, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(JSON.parse(badUtf8.body).error.code).toBe('BAD_REQUEST');
    expect(await rawStatusLine(port, `POST /api/entity.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-desk-token: ${token}\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n{`)).toBe('HTTP/1.1 413 Payload Too Large');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const nested = await send(port, { method: 'POST', path: '/api/entity.create', headers: h, body: deep });
    expect(JSON.parse(nested.body).ok).toBe(false);
    const ok = await send(port, { method: 'POST', path: '/api/entity.list', headers: h, body: '{}' });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { total: 0, totalCapped: false, items: [] } });
  });

  it('answers a streamed body over 80 MB with the 413 message, not a reset connection, and keeps serving', async () => {
    const { port, token } = await start();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // chunked, so no Content-Length announces the size: the host finds out while reading
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/entity.list', headers: { host: `127.0.0.1:${port}`, 'x-desk-token': token, 'transfer-encoding': 'chunked' } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      });
      // The host reads and drops the rest before answering, so no write fails: an EPIPE or a reset
      // here is exactly the fault this test is about.
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 90) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: { code: 'FILE_TOO_LARGE', message: '请求过大（超过 80 MB）' } });
    const ok = await send(port, { method: 'POST', path: '/api/entity.list', headers: { 'x-desk-token': token }, body: '{}' });
    expect(JSON.parse(ok.body).ok).toBe(true);
  }, 60_000);

  it('answers a malformed percent-encoding in an API path with 400 and a Chinese message', async () => {
    const { port, token } = await start();
    for (const path of ['/api/%E4%B8', '/api/entity.%ZZlist', '/api/%']) {
      const r = await send(port, { method: 'POST', path, headers: { 'x-desk-token': token }, body: '{}' });
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body).error).toEqual({ code: 'BAD_REQUEST', message: expect.stringContaining('百分号编码无效') });
    }
  });

  it('sends the same security headers with every response: page, API, refusals and errors', async () => {
    const { port, token } = await start();
    const h = { 'x-desk-token': token };
    const responses = {
      page: await send(port, { path: '/', headers: h }),
      api: await send(port, { method: 'POST', path: '/api/entity.list', headers: h, body: '{}' }),
      'API without token (401)': await send(port, { method: 'POST', path: '/api/entity.list', body: '{}' }),
      'page without token (401)': await send(port, { path: '/' }),
      'wrong URL token (401)': await send(port, { path: '/?token=wrong' }),
      'token redirect (302)': await send(port, { path: `/?token=${token}` }),
      'foreign host (403)': await send(port, { path: '/', headers: { ...h, host: 'evil.example:80' } }),
      'foreign origin (403)': await send(port, { method: 'POST', path: '/api/entity.list', headers: { ...h, origin: 'http://evil.example' }, body: '{}' }),
      'API GET (405)': await send(port, { path: '/api/entity.list', headers: h }),
      'bad JSON (400)': await send(port, { method: 'POST', path: '/api/entity.list', headers: h, body: '{' }),
      'bad percent-encoding (400)': await send(port, { method: 'POST', path: '/api/%E4', headers: h, body: '{}' }),
    };
    for (const [what, r] of Object.entries(responses)) {
      expect(r.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options'], what).toBe('nosniff');
      expect(r.headers['referrer-policy'], what).toBe('no-referrer');
      expect(r.headers['x-frame-options'], what).toBe('DENY');
    }
  });

  it('does not serve files outside the renderer folder', async () => {
    const { port, token } = await start();
    const r = await send(port, { path: '/../../../../etc/passwd', headers: { 'x-desk-token': token } });
    expect(r.body).toContain('<title>备案助手</title>');
  });
});
