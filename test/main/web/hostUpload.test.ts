// The web host's /upload/<method> (host.ts, main/api/uploads.ts): a transfer or 归还 archive sent as the
// request's own body, streamed to the data folder's tmp and removed after — past the JSON body's 80 MB
// (about 60 MB of file once base64'd), which kept a field laptop's 归还 of a few clients' ID scans off the
// team server for good. The same token or login, Origin and role checks as /api/.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../../main/api/contract';
import { createAccount } from '../../../main/services/accounts';
import { addMaterial } from '../../../main/services/materials';
import { checkOutClientsTo, exportCheckinTo } from '../../../main/services/leases';
import { importTransfer } from '../../../main/services/transferImport';
import { MAX_BODY_BYTES, startWebHost, type WebHost } from '../../../main/web/host';
import type { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { materialJpeg, withComment } from '../../fixtures/materials';
import { tempDir, testRouter } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

// The cap lowered to 100 MB in this file, so a body streamed past it costs 100 MB, not 2 GB, of loopback
// traffic; the real figure is checked against the contract's schema below.
const TEST_CAP = vi.hoisted(() => 100 * 1024 * 1024);
vi.mock('../../../main/api/uploads', async (original) => ({ ...(await original<typeof import('../../../main/api/uploads')>()), MAX_ARCHIVE_BYTES: TEST_CAP }));

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const PASS = 'transfer-pass-1';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

interface Reply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** One POST; `body` a Buffer is sent as it is, or `chunks` as a chunked body without a Content-Length. */
function post(port: number, path: string, opts: { json?: unknown; file?: Buffer; chunks?: () => Iterable<Buffer>; headers?: Record<string, string> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = opts.file ?? (opts.json === undefined ? undefined : Buffer.from(JSON.stringify(opts.json)));
    const headers: Record<string, string | number> = { host: `127.0.0.1:${port}`, 'content-type': opts.json === undefined ? 'application/octet-stream' : 'application/json', ...opts.headers };
    if (data) headers['content-length'] ??= data.length;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Reply['body'] });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { ok: false, error: { code: 'NOT_JSON', message: text.slice(0, 200) } } });
        }
      });
    });
    req.on('error', reject);
    if (opts.chunks) {
      const write = async () => {
        for (const c of opts.chunks!()) if (!req.write(c)) await new Promise((ok) => req.once('drain', ok));
        req.end();
      };
      // the server may answer (413) and close before the last chunk: that is the point, not a failure
      write().catch(() => undefined);
    } else req.end(data);
  });
}

const inputHeader = (input: unknown) => ({ 'x-desk-input': encodeURIComponent(JSON.stringify(input)) });
const tmpOf = (desk: Desk) => readdirSync(join(desk.files.root, 'tmp'));
const sessionOf = async (port: number, username: string, password: string) => {
  const r = await new Promise<string>((resolve, reject) => {
    const body = JSON.stringify({ username, password });
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String((res.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0]!));
    });
    req.on('error', reject);
    req.end(body);
  });
  return r;
};

describe('the archive upload’s limit', () => {
  it('is the 2 GB the contract’s schemas allow as base64', async () => {
    const real = await vi.importActual<typeof import('../../../main/api/uploads')>('../../../main/api/uploads');
    expect(real.MAX_ARCHIVE_BYTES).toBe(2 * 1024 ** 3);
    for (const m of ['lease.checkin', 'transfer.import'] as const) {
      const shape = (contract[m].input as unknown as { shape: { contentBase64: { maxLength: number } } }).shape;
      expect(shape.contentBase64.maxLength).toBe(Math.ceil((real.MAX_ARCHIVE_BYTES * 4) / 3));
    }
  });
});

// The JSON body's limit lowered on this host to 2 MB, so a 归还 archive past it (two 2 MB scans) shows the upload
// taking what the JSON call cannot, at a 30th of the 80 MB's cost (a 64 MB archive's encryption, packing and
// check-in were about 16 s of CPU a store); the real 80 MB is host.test.ts's, and the 61 MB upload below is
// past it as base64.
const TEST_JSON_LIMIT = 2 * 1024 * 1024;

describeEachStore('归还 on the team server as an upload', (openDesk) => {
  it('checks in a 归还 archive too large for the JSON body (two scans) sent as the body, then leaves nothing in tmp', async () => {
    const { router, desk } = await testRouter(await openDesk());
    await createAccount(desk, { username: 'zhangwei', displayName: '张伟', role: 'operator', password: 'Oper-Pass-0001' });
    await createAccount(desk, { username: 'paizhao', displayName: '拍照点', role: 'photo', password: 'Photo-Pass-001' });
    host = await startWebHost({ router, team: { desk, host: '127.0.0.1' }, maxJsonBytes: TEST_JSON_LIMIT });
    const port = host.port;
    // the lender: one client with two large scans, lent to a field laptop that sends its 归还 back unchanged
    const made = await router.invoke('entity.create', { record: companyRecord(71) });
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const entityId = (made.value as { id: number }).id;
    const base = await materialJpeg('big');
    for (const n of [1, 2]) await addMaterial(desk, { entityId, kind: 'other', fileName: `扫描件${n}.jpg`, data: withComment(base, randomBytes(TEST_JSON_LIMIT)) });
    const out = await checkOutClientsTo(desk, [entityId], '外勤笔记本', PASS, tempDir());
    const laptop = await openDesk();
    await importTransfer(laptop, out.file, PASS);
    const back = await exportCheckinTo(laptop, out.leaseId, PASS, tempDir());
    expect(statSync(back.file).size).toBeGreaterThan(2 * TEST_JSON_LIMIT);
    const file = readFileSync(back.file);

    // not logged in, a page of another site, a 拍照点: refused, nothing stored
    expect((await post(port, '/upload/lease.checkin', { file, headers: inputHeader({ passphrase: PASS }) })).status).toBe(401);
    const operator = await sessionOf(port, 'zhangwei', 'Oper-Pass-0001');
    const foreign = await post(port, '/upload/lease.checkin', { file, headers: { cookie: operator, origin: 'https://evil.example', ...inputHeader({ passphrase: PASS }) } });
    expect(foreign.status).toBe(403);
    const photo = await post(port, '/upload/lease.checkin', { file, headers: { cookie: await sessionOf(port, 'paizhao', 'Photo-Pass-001'), ...inputHeader({ passphrase: PASS }) } });
    expect(photo.body.error?.code).toBe('FORBIDDEN');
    expect(tmpOf(desk)).toEqual([]);
    // the same 归还 as base64 in the JSON call is past the body's limit (streamed, so the server reads it to the 413)
    const json = Buffer.from(JSON.stringify({ contentBase64: file.toString('base64'), passphrase: PASS }));
    const asJson = await post(port, '/api/lease.checkin', {
      chunks: function* () {
        for (let at = 0; at < json.length; at += 256 * 1024) yield json.subarray(at, at + 256 * 1024);
      },
      headers: { cookie: operator, 'content-type': 'application/json' },
    });
    expect(asJson).toMatchObject({ status: 413, body: { ok: false, error: { code: 'FILE_TOO_LARGE', message: '请求过大（超过 2 MB）' } } });

    const r = await post(port, '/upload/lease.checkin', { file, headers: { cookie: operator, ...inputHeader({ passphrase: PASS }) } });
    expect(r).toMatchObject({ status: 200, body: { ok: true, value: { clients: 1, closed: true } } });
    expect(tmpOf(desk)).toEqual([]);
  }, 120_000);
});

describe('archive uploads on the single desk', () => {
  async function start() {
    const { router, desk } = await testRouter();
    host = await startWebHost({ router });
    return { port: host.port, desk, token: new URL(host.openUrl).searchParams.get('token')! };
  }

  it('hands a 61 MB transfer file to the importer, which reads it from the data folder’s tmp and removes it', async () => {
    const { port, desk, token } = await start();
    // as base64 in a JSON call it would be past the real body limit
    expect(Math.ceil((61 * 1024 * 1024) / 3) * 4).toBeGreaterThan(MAX_BODY_BYTES);
    // stands for a .bdtransfer of 61 MB: its content is not what is tested, only that it reaches the importer
    const r = await post(port, '/upload/transfer.import', { file: randomBytes(61 * 1024 * 1024), headers: { 'x-desk-token': token, ...inputHeader({ passphrase: PASS }) } });
    expect(r.status).toBe(200);
    expect(r.body.error?.code).toBe('ARCHIVE_INVALID');
    expect(tmpOf(desk)).toEqual([]);
  }, 60_000);

  it('needs the token, a POST from this origin, an upload method and the passphrase; says which', async () => {
    const { port, desk, token } = await start();
    const file = randomBytes(1024);
    expect((await post(port, '/upload/transfer.import', { file, headers: inputHeader({ passphrase: PASS }) })).status).toBe(401);
    expect((await post(port, '/upload/transfer.import', { file, headers: { 'x-desk-token': token, origin: 'http://evil.example', ...inputHeader({ passphrase: PASS }) } })).status).toBe(403);
    const other = await post(port, '/upload/entity.delete', { file, headers: { 'x-desk-token': token, ...inputHeader({ id: 1 }) } });
    expect(other.body.error).toMatchObject({ code: 'UNKNOWN_METHOD' });
    const noPass = await post(port, '/upload/transfer.import', { file, headers: { 'x-desk-token': token } });
    expect(noPass.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('请输入传输密码') as string });
    const broken = await post(port, '/upload/transfer.import', { file, headers: { 'x-desk-token': token, 'x-desk-input': '%E4%B8' } });
    expect(broken.body.error?.code).toBe('BAD_REQUEST');
    expect(tmpOf(desk)).toEqual([]);
  });

  it('refuses a file over the limit with 413 naming the file and its limit: at once when its length says so, else once the stream passes it', async () => {
    const { port, desk, token } = await start();
    const declared = await new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/upload/lease.checkin', headers: { host: `127.0.0.1:${port}`, 'x-desk-token': token, 'content-type': 'application/octet-stream', 'content-length': TEST_CAP + 1, ...inputHeader({ passphrase: PASS }) } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Reply['body'] }));
      });
      req.on('error', reject);
      req.write(randomBytes(1024));
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/^归还文件 101 MB 超过上限/) as string });

    const chunk = randomBytes(1024 * 1024);
    const streamed = await post(port, '/upload/transfer.import', {
      chunks: function* () {
        for (let i = 0; i <= TEST_CAP / chunk.length; i++) yield chunk;
      },
      headers: { 'x-desk-token': token, ...inputHeader({ passphrase: PASS }) },
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/^传输文件超过上限 .*分几次导出/) as string });
    expect(tmpOf(desk)).toEqual([]);
    // and it keeps serving
    expect((await post(port, '/api/session.status', { json: {}, headers: { 'x-desk-token': token } })).status).toBe(200);
  }, 60_000);
});
