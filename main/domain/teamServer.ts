// A team server as the desktop app points its window at it: an https address and the SHA-256 fingerprint
// of the server's certificate (printed by `npm run server`), which the app pins instead of trusting a CA.
// The one place these are read and checked — from the environment (electron/teamServer.ts), from 设置's
// form (the API contract) and from the saved file (files/teamServerFile.ts). Pure: the renderer's
// contract imports it.
import { z } from 'zod';
import { DeskError } from './errors';

export interface TeamServerSetting {
  /** https://host:port (no trailing slash, no path) */
  origin: string;
  /** the host the certificate is pinned for, IPv6 without brackets */
  hostname: string;
  /** upper-case colon-separated hex, 32 groups */
  fingerprint256: string;
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** What people paste: lower case, a `SHA256 Fingerprint=` prefix (openssl), spaces around. */
export function normalizeFingerprint(pin: string): string {
  return pin
    .trim()
    .toUpperCase()
    .replace(/^SHA-?256(\s*FINGERPRINT)?[:=\s]*/, '')
    .trim();
}

/** Why an address cannot be a team server's, or null. */
export function teamServerAddressProblem(address: string): string | null {
  const text = address.trim();
  if (!text) return '请填写团队服务器地址（如 https://192.168.1.10:8443/）';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `团队服务器地址无效：${text.slice(0, 80)}（应如 https://192.168.1.10:8443/）`;
  }
  if (url.protocol !== 'https:') return '团队服务器地址必须以 https:// 开头：桌面版只通过 TLS 连接团队服务器';
  if (url.username || url.password) return '团队服务器地址中不能包含用户名或密码';
  if (!url.hostname) return '团队服务器地址缺少主机名或 IP 地址';
  return null;
}

/** Why a (normalised) fingerprint is not a full SHA-256 one, or null. */
export function fingerprintProblem(pin: string): string | null {
  if (!pin) return '请填写证书指纹（服务器启动时打印的“证书指纹 SHA-256”）';
  return FINGERPRINT.test(pin) ? null : '证书指纹应为 32 组以冒号分隔的十六进制数（服务器启动时打印的“证书指纹 SHA-256”）';
}

/** The address and pin as the window uses them; refused (VALIDATION) with what is wrong. */
export function teamServerSetting(address: string, pin: string): TeamServerSetting {
  const problem = teamServerAddressProblem(address) ?? fingerprintProblem(normalizeFingerprint(pin));
  if (problem) throw new DeskError('VALIDATION', problem);
  const url = new URL(address.trim());
  return { origin: url.origin, hostname: url.hostname.replace(/^\[|\]$/g, ''), fingerprint256: normalizeFingerprint(pin) };
}

/** BEIAN_DESK_TEAM_SERVER and BEIAN_DESK_TEAM_FINGERPRINT, both or neither; refused with what is wrong. */
export function teamServerFromEnv(env: Readonly<Record<string, string | undefined>>): TeamServerSetting | null {
  const address = env.BEIAN_DESK_TEAM_SERVER?.trim() ?? '';
  const pin = env.BEIAN_DESK_TEAM_FINGERPRINT?.trim() ?? '';
  if (!address && !pin) return null;
  if (!address || !pin) throw new DeskError('VALIDATION', '连接团队服务器需要同时设置服务器地址（BEIAN_DESK_TEAM_SERVER）和证书指纹（BEIAN_DESK_TEAM_FINGERPRINT）');
  return teamServerSetting(address, pin);
}

/** The form's address field: each problem said on the field. */
export const teamServerAddressSchema = z
  .string({ error: '请填写团队服务器地址' })
  .max(300, '团队服务器地址过长')
  .transform((s) => s.trim())
  .superRefine((address, ctx) => {
    const problem = teamServerAddressProblem(address);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The form's fingerprint field, normalised (upper case, prefix dropped). */
export const fingerprintSchema = z
  .string({ error: '请填写证书指纹' })
  .max(200, '证书指纹过长')
  .transform(normalizeFingerprint)
  .superRefine((pin, ctx) => {
    const problem = fingerprintProblem(pin);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** 检查连接's fingerprint: may be left empty (a first contact shows the server's fingerprint to compare). */
export const optionalFingerprintSchema = z
  .string({ error: '证书指纹应为文本' })
  .max(200, '证书指纹过长')
  .default('')
  .transform(normalizeFingerprint)
  .superRefine((pin, ctx) => {
    const problem = pin ? fingerprintProblem(pin) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
