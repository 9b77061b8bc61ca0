// 设置 → 团队服务器's 检查连接 against real TLS servers started here: the team server's own host with its
// self-signed certificate (matching and mismatching pins), an HTTPS server that is not BeianDesk, a plain
// HTTP port and a closed one; and the setting saved, read and cleared through the API.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../../main/services/accounts';
import { checkTeamServer } from '../../../main/services/teamServerCheck';
import { shellWord } from '../../../main/services/teamServerLink';
import { TEAM_SERVER_FILE } from '../../../main/files/teamServerFile';
import { selfSignedCertificate } from '../../../main/web/certificate';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { tempDir, testRouter } from '../../helpers';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function teamServer() {
  const { router, desk } = await testRouter();
  const certificate = await selfSignedCertificate(tempDir(), '127.0.0.1');
  await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: 'Admin-Pass-001' });
  const host: WebHost = await startWebHost({ router, team: { desk, host: '127.0.0.1', tls: { cert: certificate.cert, key: certificate.key } } });
  closers.push(() => host.close());
  return { address: `https://127.0.0.1:${host.port}/`, certificate };
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise<void>((ok) => server.close(() => ok())));
  return (server.address() as AddressInfo).port;
}

describe('检查连接 to a team server', () => {
  it('shows the certificate the server presents, that it is the pinned one, and that it is a BeianDesk team server', async () => {
    const { address, certificate } = await teamServer();
    const r = await checkTeamServer(address, certificate.fingerprint256);
    expect(r).toMatchObject({ origin: address.replace(/\/$/, ''), fingerprint256: certificate.fingerprint256, matches: true, beianDesk: true, answer: '是备案助手团队服务器（要求登录）' });
    expect(r.subject).toBe('备案助手团队服务器');
    expect(Date.parse(r.validTo)).toBeGreaterThan(Date.now());
  });

  it('says the fingerprint does not match when the server presents another certificate, and shows the one it presents', async () => {
    const { address, certificate } = await teamServer();
    const other = await selfSignedCertificate(tempDir(), '127.0.0.1');
    const r = await checkTeamServer(address, other.fingerprint256);
    expect(r.matches).toBe(false);
    expect(r.fingerprint256).toBe(certificate.fingerprint256);
    expect(r.fingerprint256).not.toBe(other.fingerprint256);
  });

  it('shows the fingerprint for a first contact without one typed', async () => {
    const { address, certificate } = await teamServer();
    expect(await checkTeamServer(address, null)).toMatchObject({ fingerprint256: certificate.fingerprint256, matches: null, beianDesk: true });
  });

  it('says an HTTPS server that is not BeianDesk is not a team server', async () => {
    const cert = await selfSignedCertificate(tempDir(), '127.0.0.1');
    const port = await listening(createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.writeHead(401).end('no')));
    const r = await checkTeamServer(`https://127.0.0.1:${port}`, cert.fingerprint256);
    expect(r).toMatchObject({ matches: true, beianDesk: false, answer: '不是备案助手团队服务器（HTTP 401 应答）' });
  });

  it('refuses in Chinese a port that does not speak TLS and a port where nothing listens', async () => {
    const port = await listening(createHttpServer((_req, res) => res.end('plain')));
    await expect(checkTeamServer(`https://127.0.0.1:${port}/`, null)).rejects.toThrow(/没有以 TLS（https）应答/);
    const closed = await listening(createHttpServer());
    await closers.pop()!(); // closed again: nothing listens on that port now
    await expect(checkTeamServer(`https://127.0.0.1:${closed}/`, null)).rejects.toThrow(`无法连接 127.0.0.1:${closed}：连接被拒绝`);
  });

  it('gives up on a server that never answers after the time allowed', async () => {
    // a TCP listener that accepts and says nothing: the TLS handshake never completes
    const sockets: Socket[] = [];
    const tcp = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((ok) => tcp.listen(0, '127.0.0.1', ok));
    closers.push(() => new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      tcp.close(() => ok());
    }));
    const port = (tcp.address() as AddressInfo).port;
    await expect(checkTeamServer(`https://127.0.0.1:${port}/`, null, 300)).rejects.toThrow(`连接 127.0.0.1:${port} 超时`);
  });
});

describe('设置 → 团队服务器 through the API', () => {
  it('checks, saves, shows and clears the team server of the desktop app', async () => {
    const { address, certificate } = await teamServer();
    const { router, desk } = await testRouter();
    const checked = await router.invoke('teamServer.check', { address, fingerprint: certificate.fingerprint256.toLowerCase() });
    expect(checked).toMatchObject({ ok: true, value: { matches: true, beianDesk: true } });

    const empty = await router.invoke('teamServer.get', {});
    expect(empty).toMatchObject({ ok: true, value: { saved: null, savedProblem: null, dataDir: desk.dataDir } });
    const view = (empty as { value: { serverCommand: string; firstAdminCommand: string } }).value;
    expect(view.serverCommand).toBe(`npm run server -- --data ${shellWord(desk.dataDir)} --listen 0.0.0.0:8443 --tls-self-signed`);
    expect(view.firstAdminCommand).toContain(`--data ${shellWord(desk.dataDir)} account add --role admin`);

    const saved = await router.invoke('teamServer.save', { address, fingerprint: certificate.fingerprint256 });
    expect(saved).toMatchObject({ ok: true, value: { saved: { address, fingerprint256: certificate.fingerprint256 } } });
    expect(existsSync(join(desk.dataDir, TEAM_SERVER_FILE))).toBe(true);
    expect(await router.invoke('teamServer.get', {})).toMatchObject({ ok: true, value: { saved: { address } } });

    expect(await router.invoke('teamServer.clear', {})).toMatchObject({ ok: true, value: { saved: null } });
    expect(existsSync(join(desk.dataDir, TEAM_SERVER_FILE))).toBe(false);
  });

  it('refuses a bad address or pin on its field and saves nothing', async () => {
    const { router, desk } = await testRouter();
    const r = await router.invoke('teamServer.save', { address: 'http://10.0.0.2:8443', fingerprint: 'AB' });
    expect(r.ok).toBe(false);
    const details = (r as { error: { code: string; details?: { path: string[]; message: string }[] } }).error;
    expect(details.code).toBe('VALIDATION');
    expect(details.details?.map((d) => d.path.join('.'))).toEqual(['address', 'fingerprint']);
    expect(existsSync(join(desk.dataDir, TEAM_SERVER_FILE))).toBe(false);
  });

  it('is refused on a team server, whoever is logged in', async () => {
    const { router } = await testRouter();
    const admin = { accountId: 1, username: 'admin', displayName: '管理员甲', role: 'admin' as const };
    expect(await router.invoke('teamServer.get', {}, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await router.invoke('teamServer.check', { address: 'https://127.0.0.1:1/' }, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const operator = { ...admin, role: 'operator' as const };
    expect(await router.invoke('teamServer.save', { address: 'https://10.0.0.2/', fingerprint: certificatePin() }, operator)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('quotes a data folder with spaces in the command', () => {
    expect(shellWord('/srv/beian')).toBe('/srv/beian');
    expect(shellWord('C:\\Users\\张 三\\备案助手')).toBe('"C:\\Users\\张 三\\备案助手"');
    expect(shellWord('/home/a "b"')).toBe('"/home/a \\"b\\""');
  });
});

function certificatePin(): string {
  return Array.from({ length: 32 }, () => 'AB').join(':');
}
