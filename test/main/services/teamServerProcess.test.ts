// 设置 → 团队服务器 → 在本机运行团队服务器: the real server bundle started as the desk's child against the
// unit run's PostgreSQL cluster — reachable over HTTPS with the fingerprint it reported, its secrets
// nowhere another process of the user can read them, stopped and its port free again, a wrong database
// reported in the server's own words, and the methods refused to an 操作员.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, ensureNodeBundle } from '../../../electron/node-bundle.mjs';
import { openPostgresStore } from '../../../main/db/openPostgres';
import type { Desk } from '../../../main/desk';
import { parseReadyLine } from '../../../main/domain/serverPipe';
import { LOCAL_TEAM_SERVER_FILE } from '../../../main/files/localTeamServerFile';
import { createAccount, type Caller } from '../../../main/services/accounts';
import { localTeamServerView, startLocalTeamServer, stopLocalTeamServer } from '../../../main/services/localTeamServer';
import { childEnvironment, TeamServerProcess } from '../../../main/services/teamServerProcess';
import { openTestDesk, TEST_PASSPHRASE, testRouter } from '../../helpers';
import { describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const DB_PASSWORD = 'Db-Secret-Pass-9';
const onLinux = existsSync('/proc/self/cmdline');

interface Reply {
  status: number;
  body: string;
  fingerprint: string;
}

function fetchTls(port: number, path: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const req = request(
      // the fingerprint is the check, as on a desk that pins it
      { host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), fingerprint }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const settings = (database: string) => ({ database, listenHost: '127.0.0.1', port: 0, tls: 'selfSigned' as const, certFile: '', keyFile: '', passphrase: TEST_PASSPHRASE, databasePassword: DB_PASSWORD });

describePostgres('the team server started from 设置 (a child process of the desk)', () => {
  let desk: Desk;
  let url: string;
  let server: TeamServerProcess;

  beforeAll(async () => {
    await ensureNodeBundle();
  }, 180_000);

  // the helpers close desks and remove their folders after each test
  beforeEach(async () => {
    url = (await migratedTestDatabase()).url;
    // the admin's data folder (keyring) over the team database, with a 管理员 account
    desk = await openTestDesk(undefined, { store: await openPostgresStore(url, { poolSize: 2 }) });
    await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: 'Admin-Pass-001' });
  }, 180_000);

  afterEach(async () => {
    await server?.stop();
  });

  it('starts, answers over HTTPS with the login page and the fingerprint it reported, keeps its secrets off /proc, and stops with its port free', async () => {
    server = new TeamServerProcess();
    // a desk started with the passphrase in its environment must not hand it down
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    try {
      const started = startLocalTeamServer(desk, false, settings(url), server);
      expect(started.status.state).toBe('starting');
      expect(started.status.database).toContain(':***@');
      expect(started.status.database).not.toContain(DB_PASSWORD);
    } finally {
      delete process.env.BEIAN_DESK_PASSPHRASE;
    }
    const status = await server.settled();
    expect(status.message).toBeNull();
    expect(status.state).toBe('running');
    expect(status.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(status.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const port = Number(new URL(status.url!).port);

    const page = await fetchTls(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.fingerprint).toBe(status.fingerprint256);
    const login = await fetchTls(port, '/auth/login', { username: 'admin', password: 'Admin-Pass-001' });
    expect(login.status).toBe(200);
    expect((await fetchTls(port, '/api/entity.list', {})).status).toBe(401);

    if (onLinux) {
      const pid = status.pid!;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      expect(cmdline).toContain('--secrets-stdin');
      for (const secret of [TEST_PASSPHRASE, DB_PASSWORD]) {
        expect(cmdline).not.toContain(secret);
        expect(environ).not.toContain(secret);
      }
      expect(cmdline).not.toContain('postgres');
    }
    const view = server.view();
    expect(view.log.join('\n')).toContain('备案助手团队服务器已启动');
    expect(view.log.join('\n')).not.toContain(DB_PASSWORD);
    // the card's values are saved, without a secret
    const saved = readFileSync(join(desk.dataDir, LOCAL_TEAM_SERVER_FILE), 'utf8');
    expect(saved).not.toContain(DB_PASSWORD);
    expect(saved).not.toContain(TEST_PASSPHRASE);
    expect(localTeamServerView(desk, false, server).settings).toMatchObject({ database: url, listenHost: '127.0.0.1', tls: 'selfSigned' });

    const stopped = await stopLocalTeamServer(desk, false, server);
    expect(stopped.status.state).toBe('stopped');
    expect(stopped.status.pid).toBeNull();
    expect(await portIsFree(port)).toBe(true);
    expect(stopped.status.log.at(-1)).toBe('— 团队服务器已停止 —');
  }, 180_000);

  it('reports a database that does not exist as failed, in the server’s own words', async () => {
    server = new TeamServerProcess();
    const missing = url.replace(/\/(t_[^/?]+)\?/, '/$1_missing?');
    startLocalTeamServer(desk, false, settings(missing), server);
    const status = await server.settled();
    expect(status.state).toBe('failed');
    expect(status.message).toContain('无法连接团队数据库');
    expect(status.message).toContain('does not exist');
    expect(status.message).not.toContain(DB_PASSWORD);
    expect(status.pid).toBeNull();
  }, 180_000);

  it('reports a wrong data passphrase as failed, and refuses a second start while one runs', async () => {
    server = new TeamServerProcess();
    startLocalTeamServer(desk, false, { ...settings(url), passphrase: 'not-the-passphrase' }, server);
    const status = await server.settled();
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/密码/);
    expect(status.log.join('\n')).not.toContain('not-the-passphrase');

    startLocalTeamServer(desk, false, settings(url), server);
    expect(() => startLocalTeamServer(desk, false, settings(url), server)).toThrow('团队服务器已在运行');
    expect((await server.settled()).state).toBe('running');
  }, 180_000);

  it('stops by itself when the desk’s end of its pipe closes (the desk quit or died)', async () => {
    const child = spawn(process.execPath, [join(BUNDLE_DIR, 'server.js'), '--data', desk.dataDir, '--listen', '127.0.0.1:0', '--tls-self-signed', '--secrets-stdin'], {
      env: childEnvironment(process.env, false),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.write(`${JSON.stringify({ passphrase: TEST_PASSPHRASE, database: url })}\n`);
    let out = '';
    const ready = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const line = out.split('\n').find((l) => parseReadyLine(l));
        if (line) resolve(line);
      });
      child.once('exit', () => reject(new Error(`exited before ready: ${out}`)));
    });
    const port = Number(new URL(parseReadyLine(ready)!.url).port);
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  }, 180_000);
});

describe('the methods of 在本机运行团队服务器', () => {
  it('are refused to an 操作员 and to a 拍照点, and on a team server', async () => {
    const { desk, router } = await testRouter();
    for (const role of ['operator', 'photo'] as const) {
      const a = await createAccount(desk, { username: `u${role}`, displayName: role, role, password: 'Some-Pass-0001' });
      const caller: Caller = { accountId: a.id, username: a.username, displayName: a.displayName, role };
      for (const [m, input] of [
        ['teamServerRun.get', {}],
        ['teamServerRun.start', settings('postgres://beian@127.0.0.1:5432/beian')],
        ['teamServerRun.stop', {}],
      ] as const) {
        expect(await router.invoke(m, input, caller), `${m} as ${role}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    expect(() => localTeamServerView(desk, true)).toThrow('团队服务器上不能再启动团队服务器');
    // a 管理员 on a team server is refused too: the card belongs to a desk
    const admin = await createAccount(desk, { username: 'boss', displayName: '管理员', role: 'admin', password: 'Some-Pass-0001' });
    expect(await router.invoke('teamServerRun.get', {}, { accountId: admin.id, username: admin.username, displayName: admin.displayName, role: 'admin' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses bad values per field before anything starts', async () => {
    const { router } = await testRouter();
    const r = await router.invoke('teamServerRun.start', { ...settings('mysql://x@y/z'), listenHost: 'example.com', tls: 'files' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const text = JSON.stringify(r);
    expect(text).toContain('团队数据库地址应以 postgres:// 开头');
    expect(text).toContain('监听地址应为本机的一个 IPv4 地址');
    const files = await router.invoke('teamServerRun.start', { ...settings('postgres://beian@127.0.0.1/beian'), tls: 'files', certFile: 'relative.pem', keyFile: '/nowhere/key.pem' });
    expect(JSON.stringify(files)).toContain('请填写完整路径');
    expect(JSON.stringify(files)).toContain('找不到文件：/nowhere/key.pem');
  });
});
