// Desk-wide settings, each with its default here.
import { DEFAULT_VALIDITY_WARN_DAYS } from '../../domain/validity';
import type { RepoContext } from './context';

export const SETTING_DEFAULTS = {
  /** Minutes without use before the desk locks itself; 0 never. */
  idleLockMinutes: 15,
  /** Months a client's personal data is kept after the agency's service for it ended. */
  retentionMonths: 24,
  /** Days before a 证件有效期 / 营业期限 ends from which the rules warn (V-ID-08, V-ID-09). */
  validityWarnDays: DEFAULT_VALIDITY_WARN_DAYS,
} as const;
export type Settings = { -readonly [K in keyof typeof SETTING_DEFAULTS]: number };

export async function readSettings(ctx: RepoContext): Promise<Settings> {
  const out: Settings = { ...SETTING_DEFAULTS };
  for (const r of await ctx.db.selectFrom('setting').selectAll().execute()) {
    if (r.key in out) out[r.key as keyof Settings] = Number(JSON.parse(r.value));
  }
  return out;
}

export async function writeSettings(ctx: RepoContext, patch: Partial<Settings>): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const v = JSON.stringify(value);
    await ctx.db.insertInto('setting').values({ key, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })).execute();
  }
}

/**
 * What the agency configures for its 核验单 (printed as is). 接入服务提供者 and 服务器放置地点 come from
 * the order's provider profile; `providers` overrides them per provider, never for every sheet at once.
 */
export interface SheetSettingsRow {
  accessMethod: string;
  verifierName: string;
  providers: Record<string, { providerName: string; serverLocation: string }>;
}

export const SHEET_SETTING_DEFAULTS: SheetSettingsRow = { accessMethod: '云接入', verifierName: '', providers: {} };

export async function readSheetSettings(ctx: RepoContext): Promise<SheetSettingsRow> {
  const r = await ctx.db.selectFrom('setting').select('value').where('key', '=', 'sheet').executeTakeFirst();
  // An older desk kept one global providerName/serverLocation; it printed on every provider's sheet, so it is not carried over.
  const stored = r ? (JSON.parse(r.value) as Partial<SheetSettingsRow>) : {};
  return { accessMethod: stored.accessMethod ?? SHEET_SETTING_DEFAULTS.accessMethod, verifierName: stored.verifierName ?? SHEET_SETTING_DEFAULTS.verifierName, providers: stored.providers ?? {} };
}

export async function writeSheetSettings(ctx: RepoContext, s: SheetSettingsRow): Promise<void> {
  const value = JSON.stringify(s);
  await ctx.db.insertInto('setting').values({ key: 'sheet', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/**
 * Optimistic concurrency for the two settings forms (issue 14): each group has a version kept as a
 * setting of its own (`version.desk`, `version.sheet`; none stored = 0). A save names the version its
 * form read and is written only over that version, like an entity's `row_version`.
 */
export type SettingGroup = 'desk' | 'sheet';
const VERSION_KEY: Record<SettingGroup, string> = { desk: 'version.desk', sheet: 'version.sheet' };

export async function settingVersion(ctx: RepoContext, group: SettingGroup): Promise<number> {
  const r = await ctx.db.selectFrom('setting').select('value').where('key', '=', VERSION_KEY[group]).executeTakeFirst();
  return r ? Number(JSON.parse(r.value)) : 0;
}

/**
 * Moves the group's version one on from `readVersion`, in the save's transaction: the new version, or
 * null when another version is stored (someone saved since the form was read). Without `readVersion`
 * (a write that read the settings itself) the version moves on from whatever is stored.
 */
export async function claimSettingVersion(ctx: RepoContext, group: SettingGroup, readVersion?: number): Promise<number | null> {
  const key = VERSION_KEY[group];
  const from = readVersion ?? (await settingVersion(ctx, group));
  const next = JSON.stringify(from + 1);
  if (from === 0) {
    const inserted = await ctx.db.insertInto('setting').values({ key, value: next }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1 ? from + 1 : null;
  }
  const updated = await ctx.db.updateTable('setting').set({ value: next }).where('key', '=', key).where('value', '=', JSON.stringify(from)).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? from + 1 : null;
}
