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
