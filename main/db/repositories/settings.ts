// Desk-wide settings, each with its default here.
import { qb } from '../sql';
import type { RepoContext } from './context';

export const SETTING_DEFAULTS = {
  /** Minutes without use before the desk locks itself; 0 never. */
  idleLockMinutes: 15,
  /** Months a client's personal data is kept after the agency's service for it ended. */
  retentionMonths: 24,
} as const;
export type Settings = { -readonly [K in keyof typeof SETTING_DEFAULTS]: number };

export function readSettings(ctx: RepoContext): Settings {
  const out: Settings = { ...SETTING_DEFAULTS };
  for (const r of ctx.sql.all(qb.selectFrom('setting').selectAll())) {
    if (r.key in out) out[r.key as keyof Settings] = Number(JSON.parse(r.value));
  }
  return out;
}

export function writeSettings(ctx: RepoContext, patch: Partial<Settings>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const v = JSON.stringify(value);
    ctx.sql.run(qb.insertInto('setting').values({ key, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })));
  }
}
