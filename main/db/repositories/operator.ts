// The operator named in the log: a name set in 设置 (the desk is used by several people, or the web host
// runs under a service account such as root), else the account the process runs as (the desktop app's
// OS user). Kept in the settings table under its own key; the numeric settings ignore it.
import type { RepoContext } from './context';
import { scopedActor } from '../actorScope';

const KEY = 'operatorName';

export async function readOperatorName(ctx: RepoContext): Promise<string | null> {
  const r = await ctx.db.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!r) return null;
  const v = JSON.parse(r.value) as unknown;
  return typeof v === 'string' && v.trim() ? v : null;
}

export async function writeOperatorName(ctx: RepoContext, name: string | null): Promise<void> {
  const v = JSON.stringify(name?.trim() ?? '');
  await ctx.db.insertInto('setting').values({ key: KEY, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })).execute();
}

/** Who the log names for what happens now: the logged-in operator of a team server's request first. */
export const operatorOf = async (ctx: RepoContext): Promise<string> => scopedActor() ?? (await readOperatorName(ctx)) ?? ctx.actor;
