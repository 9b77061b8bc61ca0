// The last values of 设置 → 团队服务器 → 在本机运行团队服务器, so the card shows them again: the team database's
// address WITHOUT its password, where to listen, which certificate. Never a secret (the data passphrase
// and the database password are typed at each start and go only down the pipe to the server).
// local-team-server.json in the data folder, owner-only, written temp-then-rename, checked with zod when read.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { localServerSettingsSchema, splitDatabasePassword, type LocalServerSettings } from '../domain/localTeamServer';
import { writeFileAtomic } from './atomicWrite';
import { OWNER_FILE_MODE } from './ownerOnly';

export const LOCAL_TEAM_SERVER_FILE = 'local-team-server.json';

const fileSchema = z.strictObject({ version: z.literal(1), settings: localServerSettingsSchema, savedAt: z.iso.datetime() });

/** The saved values, or null when there are none or the file is unreadable (the card then starts empty). */
export function readLocalServerSettings(dataDir: string): LocalServerSettings | null {
  const file = join(dataDir, LOCAL_TEAM_SERVER_FILE);
  // Stryker disable next-line ConditionalExpression: without it, the read below fails and its catch returns null too
  if (!existsSync(file)) return null;
  try {
    // Stryker disable next-line StringLiteral: 'utf8' → '' reads a Buffer, which JSON.parse decodes as UTF-8 too
    return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).settings;
  } catch {
    return null;
  }
}

export function writeLocalServerSettings(dataDir: string, settings: LocalServerSettings, now: Date): void {
  // the password stays out of the file even when it was typed into the address
  const saved = { version: 1 as const, settings: { ...settings, database: splitDatabasePassword(settings.database).address }, savedAt: now.toISOString() };
  writeFileAtomic(join(dataDir, LOCAL_TEAM_SERVER_FILE), `${JSON.stringify(saved, null, 2)}\n`, OWNER_FILE_MODE);
}
