// 设置 → 团队服务器 → 在本机运行团队服务器: what the admin chooses (the team database, where to listen, which
// certificate) and how a database address is kept apart from its password — the address is saved and
// shown, the password only ever goes down the pipe to the server (main/services/teamServerProcess.ts).
// Pure: the renderer's contract imports it.
import { z } from 'zod';

const PG_URL = /^(postgres(?:ql)?:\/\/)([^:/@?#]*)(?::([^@/?#]*))?@(.*)$/i;

/** A postgres:// address and the password it held (decoded), the address now without one. */
export function splitDatabasePassword(url: string): { address: string; password: string } {
  const m = PG_URL.exec(url.trim());
  if (!m || m[3] === undefined) return { address: url.trim(), password: '' };
  let password = m[3];
  try {
    password = decodeURIComponent(password);
  } catch {
    // a stray % is a character of the password
  }
  return { address: `${m[1]}${m[2]}@${m[4]}`, password };
}

/** The address with `password` put in (percent-encoded); an empty password leaves it as it is. */
export function withDatabasePassword(address: string, password: string): string {
  if (!password) return address;
  const m = PG_URL.exec(address.trim());
  if (!m) return address;
  return `${m[1]}${m[2]}:${encodeURIComponent(password)}@${m[4]}`;
}

/** The address as the card and the log show it: any password as ***. */
export function maskDatabaseAddress(url: string): string {
  const m = PG_URL.exec(url.trim());
  return m && m[3] !== undefined ? `${m[1]}${m[2]}:***@${m[4]}` : url.trim();
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export const localServerSettingsSchema = z.strictObject({
  database: z
    .string()
    .trim()
    .min(1, '请填写团队数据库地址（postgres://用户@主机:5432/数据库）')
    .max(500, '团队数据库地址过长')
    .refine((v) => /^postgres(?:ql)?:\/\//i.test(v), '团队数据库地址应以 postgres:// 开头，例如 postgres://beian@192.168.1.20:5432/beian'),
  listenHost: z
    .string()
    .trim()
    .refine((v) => IPV4.test(v) || v === '::1' || v === '::', '监听地址应为本机的一个 IPv4 地址（如 192.168.1.10）、0.0.0.0（所有地址）或 127.0.0.1（仅本机）'),
  // 0: a free port, reported by the server when it is ready (tests)
  port: z.number().int('端口应为 1–65535 的整数').min(0, '端口应为 1–65535 的整数').max(65535, '端口应为 1–65535 的整数'),
  tls: z.enum(['selfSigned', 'files']),
  certFile: z.string().trim().max(1000).default(''),
  keyFile: z.string().trim().max(1000).default(''),
});
export type LocalServerSettings = z.output<typeof localServerSettingsSchema>;

/** Why the settings cannot start a server, per field; empty when they can. Besides the schema: the certificate files. */
export function localServerSettingsIssues(s: LocalServerSettings): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (s.tls === 'files') {
    if (!s.certFile) issues.push({ path: 'certFile', message: '请填写证书文件（PEM）的完整路径' });
    if (!s.keyFile) issues.push({ path: 'keyFile', message: '请填写私钥文件（PEM）的完整路径' });
  }
  return issues;
}

export const DEFAULT_LOCAL_SERVER_PORT = 8443;
