// The team server the desktop app opens its window on, saved from 设置 → 团队服务器 in the data folder
// (the app's userData): team-server.json, owner-only, written temp-then-rename, checked with zod when
// read. The environment (BEIAN_DESK_TEAM_SERVER / _FINGERPRINT) overrides it: see teamServerAtStart.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../domain/errors';
import { fingerprintSchema, teamServerAddressSchema, teamServerFromEnv, teamServerSetting, type TeamServerSetting } from '../domain/teamServer';
import { syncDir, writeFileAtomic } from './atomicWrite';
import { OWNER_FILE_MODE } from './ownerOnly';

export const TEAM_SERVER_FILE = 'team-server.json';

const fileSchema = z.strictObject({
  version: z.literal(1),
  address: teamServerAddressSchema,
  fingerprint256: fingerprintSchema,
  savedAt: z.iso.datetime(),
});

export interface SavedTeamServer extends TeamServerSetting {
  savedAt: string;
}

/** The saved setting, null when there is none; a damaged or hand-edited file is refused with where it is. */
export function readTeamServerFile(dataDir: string): SavedTeamServer | null {
  const file = join(dataDir, TEAM_SERVER_FILE);
  if (!existsSync(file)) return null;
  let parsed: z.infer<typeof fileSchema>;
  try {
    // Stryker disable next-line StringLiteral: 'utf8' → '' reads a Buffer, which JSON.parse decodes as UTF-8 too
    parsed = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new DeskError('FILE_INVALID', `团队服务器设置文件无法读取或内容无效：${file}（请在 设置 → 团队服务器 中断开后重新保存）`);
  }
  return { ...teamServerSetting(parsed.address, parsed.fingerprint256), savedAt: parsed.savedAt };
}

export function writeTeamServerFile(dataDir: string, setting: TeamServerSetting, now: Date): SavedTeamServer {
  const saved = { version: 1 as const, address: `${setting.origin}/`, fingerprint256: setting.fingerprint256, savedAt: now.toISOString() };
  writeFileAtomic(join(dataDir, TEAM_SERVER_FILE), `${JSON.stringify(saved, null, 2)}\n`, OWNER_FILE_MODE);
  return { ...setting, savedAt: saved.savedAt };
}

/** 断开: the window opens on the desk's own core again from the next start. */
export function removeTeamServerFile(dataDir: string): void {
  const file = join(dataDir, TEAM_SERVER_FILE);
  if (!existsSync(file)) return;
  rmSync(file);
  syncDir(dataDir);
}

export type TeamServerAtStart = { setting: TeamServerSetting; from: 'env' | 'file' } | { setting: null; from: null };

/**
 * What the desktop app opens its window on at start: the environment's team server when set (it
 * overrides the saved one), else the saved one, else the desk's own core. Refusals say what is wrong.
 */
export function teamServerAtStart(env: Readonly<Record<string, string | undefined>>, dataDir: string): TeamServerAtStart {
  const fromEnv = teamServerFromEnv(env);
  if (fromEnv) return { setting: fromEnv, from: 'env' };
  const saved = readTeamServerFile(dataDir);
  if (!saved) return { setting: null, from: null };
  return { setting: { origin: saved.origin, hostname: saved.hostname, fingerprint256: saved.fingerprint256 }, from: 'file' };
}
