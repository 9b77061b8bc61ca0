// Column mappings of agencies' own sheets, remembered per header set (the same sheet layout next time maps
// itself). Kept as settings rows `intake.mapping.<hash of the headers>`; the headers are column titles,
// never personal data.
import { createHash } from 'node:crypto';
import type { RepoContext } from './context';

/** The same set of headers in any order is the same sheet layout. */
export function headerSetKey(headers: readonly string[]): string {
  const set = [...new Set(headers.map((h) => h.trim()).filter(Boolean))].sort();
  return `intake.mapping.${createHash('sha256').update(JSON.stringify(set)).digest('hex').slice(0, 32)}`;
}

export async function readColumnMapping(ctx: RepoContext, headers: readonly string[]): Promise<Record<string, string> | null> {
  const r = await ctx.db.selectFrom('setting').select('value').where('key', '=', headerSetKey(headers)).executeTakeFirst();
  return r ? (JSON.parse(r.value) as Record<string, string>) : null;
}

export async function writeColumnMapping(ctx: RepoContext, headers: readonly string[], mapping: Readonly<Record<string, string>>): Promise<void> {
  const value = JSON.stringify(mapping);
  await ctx.db.insertInto('setting').values({ key: headerSetKey(headers), value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
