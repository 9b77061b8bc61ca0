// The team server over HTTPS on 127.0.0.1 with its self-signed certificate: no API call without a login,
// the session cookie's flags, wrong passwords and the lockout, a 拍照点 refused, and no plain HTTP off
// this machine.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../main/api/contract';
import { createAccount } from '../../../main/services/accounts';
import { selfSignedCertificate, TLS_DIR, type ServerCertificate } from '../../../main/web/certificate';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { companyRecord } from '../../fixtures/records';
import { tempDir, testRouter } from '../../helpers';
import { BUNDLE_DIR, ensureNodeBundle } from '../../../electron/node-bundle.mjs';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const root = join(__dirname, '..', '..', '..');

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  fingerprint: string;
}

function send(port: number, path: string, opts: { body?: unknown; raw?: string; cookie?: string; origin?: string; method?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = opts.raw ?? (opts.body === undefined ? '' : JSON.stringify(opts.body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'POST',
        // the desk pins the certificate by its fingerprint (checked below), not by a CA
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.origin ? { origin: opts.origin } : {}) },
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let body: Reply['body'];
          try {
            body = JSON.parse(text) as Reply['body'];
          } catch {
            body = { ok: false, error: { code: 'HTML', message: text } };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const cookieOf = (r: Reply) => String((r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '');
const sessionPair = (r: Reply) => cookieOf(r).split(';')[0]!;

async function startTeam(): Promise<{ port: number; certificate: ServerCertificate; dataDir: string; desk: Awaited<ReturnType<typeof testRouter>>['desk'] }> {
  const dataDir = tempDir();
  const { router, desk } = await testRouter(undefined);
  const certificate = await selfSignedCertificate(dataDir, '127.0.0.1');
  await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: 'Admin-Pass-001' });
  await createAccount(desk, { username: 'paizhao', displayName: '拍照点一', role: 'photo', password: 'Photo-Pass-001' });
  host = await startWebHost({ router, team: { desk, host: '127.0.0.1', tls: { cert: certificate.cert, key: certificate.key } } });
  return { port: host.port, certificate, dataDir, desk };
}

describe('team server over HTTPS', () => {
  it('serves TLS with the certificate whose fingerprint it printed, and refuses every API method without a login', async () => {
    const { port, certificate } = await startTeam();
    expect(host!.url).toBe(`https://127.0.0.1:${port}/`);
    const methods = Object.keys(contract);
    expect(methods.length).toBeGreaterThan(90);
    const replies = await Promise.all(methods.map((m) => send(port, `/api/${encodeURIComponent(m)}`, { body: {} })));
    expect(replies.map((r, i) => `${methods[i]} ${r.status}`).filter((s) => !s.endsWith(' 401'))).toEqual([]);
    expect(replies.every((r) => r.headers['x-desk-auth'] === 'login' && r.body.error?.code === 'UNAUTHORIZED')).toBe(true);
    expect(replies[0]!.fingerprint).toBe(certificate.fingerprint256);
    // a forged or stale cookie is no login either
    expect((await send(port, '/api/entity.list', { body: {}, cookie: 'beian_desk_session=forged-token' })).status).toBe(401);
  });

  it('logs in with an HttpOnly, SameSite=Strict, Secure session cookie that opens the API, and logs out', async () => {
    const { port, desk } = await startTeam();
    const login = await send(port, '/auth/login', { body: { username: 'admin', password: 'Admin-Pass-001' } });
    expect(login.status).toBe(200);
    expect(login.body.value).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = cookieOf(login);
    expect(cookie).toMatch(/^beian_desk_session=[A-Za-z0-9_-]{40,};/);
    for (const flag of ['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/']) expect(cookie).toContain(flag);
    const list = await send(port, '/api/entity.create', { body: { record: companyRecord(77) }, cookie: sessionPair(login) });
    expect(list.body.ok).toBe(true);
    const actor = desk.sql.raw.prepare("SELECT actor FROM audit_log WHERE action = 'entity.create'").get() as { actor: string };
    expect(actor.actor).toBe('管理员甲（admin）');
    const out = await send(port, '/auth/logout', { cookie: sessionPair(login) });
    expect(cookieOf(out)).toContain('Max-Age=0');
    expect((await send(port, '/api/entity.list', { body: {}, cookie: sessionPair(login) })).status).toBe(401);
  });

  it('answers a wrong password with the rule, and locks the account after five with when to come back', async () => {
    const { port } = await startTeam();
    const wrong = await send(port, '/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error!.message).toBe('用户名或密码不正确（连续输错 5 次，账户将锁定 15 分钟）');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    for (let i = 0; i < 3; i++) await send(port, '/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    const locked = await send(port, '/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    expect(locked.status).toBe(423);
    expect(locked.body.error!.message).toMatch(/账户已锁定 15 分钟：请于 \d\d:\d\d（北京时间）后再试/);
    expect((await send(port, '/auth/login', { body: { username: 'admin', password: 'Admin-Pass-001' } })).status).toBe(423);
  });

  it('refuses an address after 20 wrong logins over any user names, before trying the password, with 429', async () => {
    const { port } = await startTeam();
    for (let i = 0; i < 20; i++) {
      const r = await send(port, '/auth/login', { body: { username: `guess${i % 7}`, password: 'not-the-password' } });
      expect(r.status).toBe(401);
    }
    // the right password of an account that never failed is refused from this address now
    const refused = await send(port, '/auth/login', { body: { username: 'admin', password: 'Admin-Pass-001' } });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_LOGINS' });
    expect(refused.body.error!.message).toMatch(/^此电脑 15 分钟内登录失败已达 20 次，暂停登录：请于 \d\d:\d\d（北京时间）后再试$/);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });

  it('tries at most 20 passwords from one address even when they are all sent at once', async () => {
    const { port, desk } = await startTeam();
    for (let i = 0; i < 10; i++) await createAccount(desk, { username: `op${i}`, displayName: `操作员${i}`, role: 'operator', password: `Right-Pass-${i}00` });
    // 4 guesses on each of 10 accounts (under the per-account lockout of 5), all at once: each is counted
    // when it starts, so the 21st finds the address spent while the first 20 passwords are still being checked
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => send(port, '/auth/login', { body: { username: `op${i % 10}`, password: `guess-${i}` } }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBe(20);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
    expect((await send(port, '/auth/login', { body: { username: 'admin', password: 'Admin-Pass-001' } })).status).toBe(429);
  });

  it('hands back the count of a login that succeeds, also among logins sent at once', async () => {
    const { port } = await startTeam();
    const wrong = () => send(port, '/auth/login', { body: { username: 'paizhao', password: 'not-the-password' } });
    // two wrong passwords, then the right one: the account's own count starts again (as before)
    for (let i = 0; i < 2; i++) expect((await wrong()).status).toBe(401);
    const statuses = await Promise.all([
      send(port, '/auth/login', { body: { username: 'paizhao', password: 'Photo-Pass-001' } }),
      ...Array.from({ length: 16 }, (_, i) => send(port, '/auth/login', { body: { username: `guess${i % 8}`, password: 'not-the-password' } })),
    ]).then((rs) => rs.map((r) => r.status));
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 401)).toBe(true);
    // 18 wrong logins counted for the address, the success not: two more are tried, the next is refused
    // (guess0 has four wrong passwords then, one short of its own lockout: names that are no account lock too)
    for (let i = 0; i < 2; i++) expect((await send(port, '/auth/login', { body: { username: 'guess0', password: 'not-the-password' } })).status).toBe(401);
    expect((await wrong()).status).toBe(429);
  });

  it('refuses a login posted from another site’s page', async () => {
    const { port } = await startTeam();
    const r = await send(port, '/auth/login', { body: { username: 'admin', password: 'Admin-Pass-001' }, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a 拍照点 session the client list and every personal number', async () => {
    const { port } = await startTeam();
    const login = await send(port, '/auth/login', { body: { username: 'paizhao', password: 'Photo-Pass-001' } });
    const cookie = sessionPair(login);
    for (const m of ['entity.list', 'entity.reveal', 'person.reveal', 'order.list', 'export.clientsXlsx']) {
      const r = await send(port, `/api/${m}`, { body: m === 'entity.reveal' || m === 'person.reveal' ? { id: 1 } : {}, cookie });
      expect(r.body.error?.code, m).toBe('FORBIDDEN');
    }
    // refused before its body is read: what it sent is not even parsed (a call it may make still is)
    expect((await send(port, '/api/entity.list', { raw: '{"not json', cookie })).body.error?.code).toBe('FORBIDDEN');
    expect((await send(port, '/api/photo.tasks', { raw: '{"not json', cookie })).body.error?.code).toBe('BAD_REQUEST');
    expect((await send(port, '/api/photo.tasks', { body: {}, cookie })).body).toEqual({ ok: true, value: [] });
    expect((await send(port, '/api/account.me', { body: {}, cookie })).body.value).toMatchObject({ teamMode: false, caller: { username: 'paizhao', role: 'photo' } });
  });

  it('keeps the self-signed certificate owner-only and makes it once', async () => {
    const dataDir = tempDir();
    const first = await selfSignedCertificate(dataDir, '127.0.0.1');
    const again = await selfSignedCertificate(dataDir, '127.0.0.1');
    expect(again.fingerprint256).toBe(first.fingerprint256);
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, TLS_DIR)).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, TLS_DIR, 'server-key.pem')).mode & 0o777).toBe(0o600);
    }
  });
});

describe('TLS off this machine', () => {
  it('will not start a plain-HTTP team host on a LAN address', async () => {
    const { router, desk } = await testRouter();
    await expect(startWebHost({ router, team: { desk, host: '0.0.0.0' } })).rejects.toThrow(/拒绝在 0\.0\.0\.0 上以明文 HTTP 提供服务/);
  });

  it('npm run server refuses --listen on a LAN address without TLS before opening anything, and asks for --listen', async () => {
    const dataDir = join(tempDir(), 'never-created');
    await ensureNodeBundle();
    const run = (args: string[]) => spawnSync(process.execPath, [join(BUNDLE_DIR, 'server.js'), '--data', dataDir, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const lan = run(['--listen', '192.168.1.10:8443']);
    expect(lan.status).toBe(2);
    expect(lan.stderr).toContain('离开本机（127.0.0.1）的连接必须使用 TLS');
    expect(lan.stderr).toContain('--tls-self-signed');
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--listen');
    expect(() => statSync(dataDir)).toThrow();
  }, 120_000);
});
