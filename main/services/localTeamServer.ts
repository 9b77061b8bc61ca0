// 设置 → 团队服务器 → 在本机运行团队服务器 (管理员, on a single desk): start and stop the agency's team
// server on this machine over this desk's data folder (its keyring and tls/) and the team database, and
// show how it is doing. The child process is teamServerProcess.ts; the last values are saved without
// secrets (files/localTeamServerFile.ts). A team server's own page has none of this (refused there).
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { isAbsolute } from 'node:path';
import { DeskError, type FieldIssue } from '../domain/errors';
import {
  DEFAULT_LOCAL_SERVER_PORT,
  localServerSettingsIssues,
  maskDatabaseAddress,
  splitDatabasePassword,
  withDatabasePassword,
  type LocalServerSettings,
} from '../domain/localTeamServer';
import type { Desk } from '../desk';
import { readLocalServerSettings, writeLocalServerSettings } from '../files/localTeamServerFile';
import { localTeamServer, type LocalServerStatus, type TeamServerProcess } from './teamServerProcess';

export interface LocalTeamServerView {
  settings: LocalServerSettings;
  /** this machine's IPv4 addresses besides loopback, to listen on */
  lanAddresses: string[];
  status: LocalServerStatus;
  dataDir: string;
}

function refuseOnTeamServer(inTeam: boolean): void {
  if (inTeam) throw new DeskError('FORBIDDEN', '团队服务器上不能再启动团队服务器：请在管理员自己的桌面版 设置 中操作');
}

export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return [...new Set(out)];
}

function defaults(): LocalServerSettings {
  const lan = lanAddresses();
  return { database: '', listenHost: lan[0] ?? '127.0.0.1', port: DEFAULT_LOCAL_SERVER_PORT, tls: 'selfSigned', certFile: '', keyFile: '' };
}

export function localTeamServerView(desk: Desk, inTeam: boolean, server: TeamServerProcess = localTeamServer): LocalTeamServerView {
  refuseOnTeamServer(inTeam);
  return { settings: readLocalServerSettings(desk.dataDir) ?? defaults(), lanAddresses: lanAddresses(), status: server.view(), dataDir: desk.dataDir };
}

export interface LocalServerStartInput extends LocalServerSettings {
  /** the data passphrase of this data folder (the server unlocks its keyring with it) */
  passphrase: string;
  /** the team database's password, when not typed into the address */
  databasePassword: string;
}

/** 启动: checks, saves the values (no secret), starts the child; returns in `starting` (poll the view). */
export function startLocalTeamServer(desk: Desk, inTeam: boolean, input: LocalServerStartInput, server: TeamServerProcess = localTeamServer, now = new Date()): LocalTeamServerView {
  refuseOnTeamServer(inTeam);
  if (server.busy) throw new DeskError('CONFLICT', '团队服务器已在运行：请先停止');
  const { passphrase, databasePassword, ...settings } = input;
  const issues: FieldIssue[] = localServerSettingsIssues(settings).map((i) => ({ path: [i.path], message: i.message }));
  if (settings.tls === 'files') {
    for (const key of ['certFile', 'keyFile'] as const) {
      const file = settings[key];
      if (!file || issues.some((i) => i.path[0] === key)) continue;
      if (!isAbsolute(file)) issues.push({ path: [key], message: '请填写完整路径（从根目录或盘符开始）' });
      else if (!existsSync(file)) issues.push({ path: [key], message: `找不到文件：${file}` });
    }
  }
  if (issues.length) throw new DeskError('VALIDATION', issues[0]!.message, issues);
  const typed = splitDatabasePassword(settings.database);
  const database = withDatabasePassword(typed.address, databasePassword || typed.password);
  writeLocalServerSettings(desk.dataDir, settings, now);
  const host = settings.listenHost.includes(':') ? `[${settings.listenHost}]` : settings.listenHost;
  const args = ['--data', desk.dataDir, '--listen', `${host}:${settings.port}`];
  if (settings.tls === 'files') args.push('--tls-cert', settings.certFile, '--tls-key', settings.keyFile);
  else args.push('--tls-self-signed');
  server.start({ dataDir: desk.dataDir, args, secrets: { passphrase, database }, databaseShown: maskDatabaseAddress(database), listenShown: `${host}:${settings.port}` }, now);
  return localTeamServerView(desk, inTeam, server);
}

/** 停止: ends the server (SIGTERM, then SIGKILL after the grace period) and returns once it has exited. */
export async function stopLocalTeamServer(desk: Desk, inTeam: boolean, server: TeamServerProcess = localTeamServer): Promise<LocalTeamServerView> {
  refuseOnTeamServer(inTeam);
  await server.stop();
  return localTeamServerView(desk, inTeam, server);
}
