// 检查连接: the desk's core opens a TLS connection to a team server's address, reads the certificate it
// actually presents (no CA check: the pin is the check), compares its SHA-256 fingerprint with the one
// typed, and asks whether it answers like a BeianDesk team server — an API call without a session is
// answered 401 with `x-desk-auth: login` (web/teamAuth.ts). Nothing secret is sent: no cookie, no body.
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { DeskError } from '../domain/errors';
import { teamServerAddressProblem } from '../domain/teamServer';

export interface TeamServerCheck {
  origin: string;
  /** what the server presented */
  fingerprint256: string;
  /** null: no fingerprint typed to compare with */
  matches: boolean | null;
  subject: string;
  /** ISO instant */
  validTo: string;
  /** answers like a BeianDesk team server (its login-required reply) */
  beianDesk: boolean;
  /** what it answered, in words */
  answer: string;
}

const CHECK_TIMEOUT_MS = 8000;

/** A connection failure in Chinese, by what Node says went wrong. */
function connectionProblem(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `无法连接 ${where}：连接被拒绝（服务器没有运行，或端口不对）`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `找不到主机 ${where}：请检查地址`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `无法到达 ${where}：请检查网络连接`;
    case 'ECONNRESET':
      return `${where} 断开了连接：该地址可能没有以 TLS（https）提供服务`;
    case 'ETIMEDOUT':
      return `连接 ${where} 超时：请检查地址、端口和防火墙`;
    default:
      if (/SSL|TLS|wrong version|EPROTO/i.test(`${err.code ?? ''} ${err.message}`)) return `${where} 没有以 TLS（https）应答：请确认服务器以 --tls-self-signed 或 --tls-cert 启动`;
      return `无法连接 ${where}（${err.code ?? '连接失败'}）`;
  }
}

export async function checkTeamServer(address: string, pin: string | null, timeoutMs = CHECK_TIMEOUT_MS): Promise<TeamServerCheck> {
  const problem = teamServerAddressProblem(address);
  if (problem) throw new DeskError('VALIDATION', problem);
  const url = new URL(address.trim());
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const where = url.host;
  return await new Promise<TeamServerCheck>((resolve, reject) => {
    let presented: { fingerprint256: string; subject: string; validTo: string } | null = null;
    const req = request({
      host,
      port: url.port || 443,
      method: 'POST',
      path: '/api/account.me',
      // SNI only for names (an IP address in SNI is not allowed)
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      agent: false,
      timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': '2' },
    });
    req.on('socket', (socket) => {
      (socket as TLSSocket).once('secureConnect', () => {
        const cert = (socket as TLSSocket).getPeerCertificate();
        const name = cert.subject?.CN ?? cert.subject?.O ?? '';
        presented = { fingerprint256: cert.fingerprint256, subject: Array.isArray(name) ? name.join('、') : name, validTo: new Date(cert.valid_to).toISOString() };
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new DeskError('VALIDATION', connectionProblem(err, where))));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (!presented) return reject(new DeskError('INTERNAL', `${where} 没有出示证书`));
        const login = res.statusCode === 401 && res.headers['x-desk-auth'] === 'login';
        resolve({
          origin: url.origin,
          ...presented,
          matches: pin ? presented.fingerprint256 === pin : null,
          beianDesk: login,
          answer: login ? '是备案助手团队服务器（要求登录）' : `不是备案助手团队服务器（HTTP ${res.statusCode ?? '?'} 应答）`,
        });
      });
    });
    req.end('{}');
  });
}
