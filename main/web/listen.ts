// Where a host may listen: the single desk only on loopback; a team server anywhere, but off loopback
// only over TLS (operators' passwords, session cookies and clients' data cross the LAN).
import { isIP } from 'node:net';
import { DeskError } from '../domain/errors';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** `ADDR:PORT`, `[v6]:PORT` → host and port (0: a free port, printed at start); refused with the form to use. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DeskError('VALIDATION', `监听地址格式应为 地址:端口，例如 192.168.1.10:8443 或 127.0.0.1:8443（收到“${value.slice(0, 60)}”）`);
  }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

export function assertTlsOffLoopback(host: string, tls: boolean): void {
  if (!tls && !isLoopback(host)) {
    throw new DeskError(
      'VALIDATION',
      `拒绝在 ${host} 上以明文 HTTP 提供服务：离开本机（127.0.0.1）的连接必须使用 TLS。请加 --tls-cert 证书文件 --tls-key 私钥文件，或 --tls-self-signed 生成自签名证书（各终端核对并固定其指纹）`,
    );
  }
}
