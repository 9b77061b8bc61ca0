// The desktop window pointed at a team server instead of its own core: the server's https address and
// the SHA-256 fingerprint of its certificate (printed by `npm run server`), pinned — the window accepts
// that certificate for that host and no other, whatever CAs say, so a self-signed server is safe to use
// and a swapped certificate is refused. No Electron import here: the shell (main.ts) wires these in.
// The setting comes from the environment or from 设置 → 团队服务器 (saved in the data folder).
import { X509Certificate } from 'node:crypto';
import { teamServerFromEnv, type TeamServerSetting } from '../main/domain/teamServer';

// The address and pin are read and checked in one place for the environment, 设置's form and the saved
// file (main/domain/teamServer.ts); what the window opens on at start is main/files/teamServerFile.ts's
// teamServerAtStart (the environment overrides the saved setting).
export type { TeamServerSetting } from '../main/domain/teamServer';
export { teamServerAtStart } from '../main/files/teamServerFile';

/** BEIAN_DESK_TEAM_SERVER and BEIAN_DESK_TEAM_FINGERPRINT, both or neither; refused with what is wrong. */
export const readTeamServerSetting = (env: NodeJS.ProcessEnv): TeamServerSetting | null => teamServerFromEnv(env);

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

/** Chromium's code for a load stopped because another replaced it (not a failure of the server). */
const ERR_ABORTED = -3;

/**
 * What the window says when the team server's page did not load (server off, address changed, certificate
 * renewed and so no longer the pinned one): without it the operator saw Chromium's error page or an empty
 * window, and the window — which has no core of this machine — no 设置 to 断开 in. A setting saved in 设置
 * can be dropped here (the desk's own data opens on the next start); one from the environment cannot.
 * Null for a failure that is none (a sub-frame, a load replaced by another).
 */
export function unreachableTeamServerPrompt(setting: TeamServerSetting, from: 'env' | 'file', failure: { code: number; description: string; isMainFrame: boolean }) {
  if (!failure.isMainFrame || failure.code === ERR_ABORTED) return null;
  const buttons = from === 'file' ? (['重试', '断开并打开本机数据', '退出'] as const) : (['重试', '退出'] as const);
  return {
    title: '无法连接团队服务器',
    message: `无法打开团队服务器 ${setting.origin}（${failure.description || `错误 ${failure.code}`}）`,
    detail:
      from === 'file'
        ? '请确认服务器已启动、地址未变；若服务器换过证书，请向管理员要新的证书指纹后在“设置 → 团队服务器”中重新连接。选“断开并打开本机数据”将清除已保存的团队服务器设置，下次起打开本机的数据。'
        : '团队服务器由环境变量 BEIAN_DESK_TEAM_SERVER 指定：请确认服务器已启动、地址和证书指纹正确，或去掉该变量后重新启动以打开本机数据。',
    buttons: [...buttons],
    defaultId: 0,
    cancelId: buttons.length - 1,
    /** What the button at each index does. */
    actions: buttons.map((b) => (b === '重试' ? 'retry' : b === '退出' ? 'quit' : 'disconnect')) as ('retry' | 'disconnect' | 'quit')[],
  };
}
