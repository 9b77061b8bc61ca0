// 设置 → 团队服务器 on a single desk: which team server the desktop app opens its window on (saved in the
// data folder, read by electron/main.ts at start), the connection check, and the commands that run this
// desk's data folder as the agency's server. A team server's own page has none of this: its operators
// reach the server already, and the server's process must not probe the LAN on a browser's behalf.
import { DeskError } from '../domain/errors';
import { teamServerFromEnv, teamServerSetting } from '../domain/teamServer';
import type { Desk } from '../desk';
import { readTeamServerFile, removeTeamServerFile, writeTeamServerFile } from '../files/teamServerFile';
import { checkTeamServer } from './teamServerCheck';

export interface TeamServerLinkView {
  saved: { address: string; fingerprint256: string; savedAt: string } | null;
  /** the saved file is there but unreadable: what to do */
  savedProblem: string | null;
  /** BEIAN_DESK_TEAM_SERVER of the running app, which overrides the saved setting */
  envOverride: string | null;
  dataDir: string;
  /** run in the install folder, this desk's data folder filled in */
  serverCommand: string;
  firstAdminCommand: string;
}

function refuseOnTeamServer(inTeam: boolean): void {
  if (inTeam) throw new DeskError('FORBIDDEN', '团队服务器上不能设置“连接团队服务器”：请在各桌面版的 设置 中设置');
}

/**
 * A path as one shell word: as it is when it holds only plain path characters, else in double quotes —
 * read the same by sh and cmd (backslashes stay literal before ordinary characters; only " $ ` are
 * escaped, which Windows paths cannot hold anyway).
 */
export function shellWord(path: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(path) ? path : `"${path.replace(/(["$`])/g, '\\$1')}"`;
}

function envOverride(env: Readonly<Record<string, string | undefined>>): string | null {
  if (!env.BEIAN_DESK_TEAM_SERVER?.trim() && !env.BEIAN_DESK_TEAM_FINGERPRINT?.trim()) return null;
  try {
    return teamServerFromEnv(env)?.origin ?? null;
  } catch (err) {
    return `环境变量中的团队服务器设置无效：${err instanceof Error ? err.message : ''}`;
  }
}

export function teamServerLink(desk: Desk, inTeam: boolean, env: Readonly<Record<string, string | undefined>> = process.env): TeamServerLinkView {
  refuseOnTeamServer(inTeam);
  let saved: TeamServerLinkView['saved'] = null;
  let savedProblem: string | null = null;
  try {
    const s = readTeamServerFile(desk.dataDir);
    if (s) saved = { address: `${s.origin}/`, fingerprint256: s.fingerprint256, savedAt: s.savedAt };
  } catch (err) {
    savedProblem = err instanceof DeskError ? err.message : '团队服务器设置文件无法读取';
  }
  const data = shellWord(desk.dataDir);
  return {
    saved,
    savedProblem,
    envOverride: envOverride(env),
    dataDir: desk.dataDir,
    serverCommand: `npm run server -- --data ${data} --listen 0.0.0.0:8443 --tls-self-signed`,
    firstAdminCommand: `npm run cli -- --data ${data} account add --role admin --username admin --name 管理员`,
  };
}

export async function checkTeamServerLink(inTeam: boolean, address: string, fingerprint: string | null) {
  refuseOnTeamServer(inTeam);
  return await checkTeamServer(address, fingerprint || null);
}

export function saveTeamServerLink(desk: Desk, inTeam: boolean, address: string, fingerprint: string, now = new Date()): TeamServerLinkView {
  refuseOnTeamServer(inTeam);
  writeTeamServerFile(desk.dataDir, teamServerSetting(address, fingerprint), now);
  return teamServerLink(desk, inTeam);
}

export function clearTeamServerLink(desk: Desk, inTeam: boolean): TeamServerLinkView {
  refuseOnTeamServer(inTeam);
  removeTeamServerFile(desk.dataDir);
  return teamServerLink(desk, inTeam);
}
