// The desktop window pointed at a team server instead of its own core: the server's https address and
// the SHA-256 fingerprint of its certificate (printed by `npm run server`), pinned — the window accepts
// that certificate for that host and no other, whatever CAs say, so a self-signed server is safe to use
// and a swapped certificate is refused. No Electron import here: the shell (main.ts) wires these in.
import { X509Certificate } from 'node:crypto';
import { DeskError } from '../main/domain/errors';

export interface TeamServerSetting {
  /** https://host:port/ */
  origin: string;
  hostname: string;
  fingerprint256: string;
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** BEIAN_DESK_TEAM_SERVER and BEIAN_DESK_TEAM_FINGERPRINT, both or neither; refused with what is wrong. */
export function readTeamServerSetting(env: NodeJS.ProcessEnv): TeamServerSetting | null {
  const address = env.BEIAN_DESK_TEAM_SERVER?.trim();
  const pin = env.BEIAN_DESK_TEAM_FINGERPRINT?.trim().toUpperCase().replace(/^SHA256[:\s]*/, '');
  if (!address && !pin) return null;
  if (!address || !pin) throw new DeskError('VALIDATION', '连接团队服务器需要同时设置服务器地址（BEIAN_DESK_TEAM_SERVER）和证书指纹（BEIAN_DESK_TEAM_FINGERPRINT）');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new DeskError('VALIDATION', `团队服务器地址无效：${address.slice(0, 80)}（应如 https://192.168.1.10:8443/）`);
  }
  if (url.protocol !== 'https:') throw new DeskError('VALIDATION', '团队服务器地址必须以 https:// 开头：桌面版只通过 TLS 连接团队服务器');
  if (url.username || url.password) throw new DeskError('VALIDATION', '团队服务器地址中不能包含用户名或密码');
  if (!FINGERPRINT.test(pin)) throw new DeskError('VALIDATION', '证书指纹应为 32 组以冒号分隔的十六进制数（服务器启动时打印的“证书指纹 SHA-256”）');
  return { origin: url.origin, hostname: url.hostname.replace(/^\[|\]$/g, ''), fingerprint256: pin };
}

/** Whether a certificate (PEM, as Electron hands it over) is the pinned one. */
export function certificateMatchesPin(pem: string, fingerprint256: string): boolean {
  try {
    return new X509Certificate(pem).fingerprint256 === fingerprint256;
  } catch {
    return false;
  }
}

/** Chromium's net error codes as setCertificateVerifyProc takes them. */
export const VERIFY = { accept: 0, reject: -2, chromiumDecides: -3 } as const;

/**
 * For session.setCertificateVerifyProc: the team server's host is accepted only with the pinned
 * certificate (a CA-signed but different one is refused too); any other host is left to Chromium.
 */
export function pinnedVerifyProc(setting: TeamServerSetting) {
  return (request: { hostname: string; certificate: { data: string } }, callback: (code: number) => void): void => {
    if (request.hostname.replace(/^\[|\]$/g, '') !== setting.hostname) return callback(VERIFY.chromiumDecides);
    callback(certificateMatchesPin(request.certificate.data, setting.fingerprint256) ? VERIFY.accept : VERIFY.reject);
  };
}

/** Navigation inside the window stays on the team server's own origin. */
export function onTeamServer(setting: TeamServerSetting, url: string): boolean {
  try {
    return new URL(url).origin === setting.origin;
  } catch {
    return false;
  }
}
