// The operator named in the log: a name set in 设置 (the desk is used by several people, or the web host
// runs under a service account such as root), else the account the process runs as (the desktop app's
// OS user). Kept in the settings table under its own key; the numeric settings ignore it.
import { qb } from '../sql';
import type { RepoContext } from './context';
import { scopedActor } from '../actorScope';

const KEY = 'operatorName';

export function readOperatorName(ctx: RepoContext): string | null {
  const r = ctx.sql.first(qb.selectFrom('setting').select('value').where('key', '=', KEY));
  if (!r) return null;
  const v = JSON.parse(r.value) as unknown;
  return typeof v === 'string' && v.trim() ? v : null;
}

export function writeOperatorName(ctx: RepoContext, name: string | null): void {
  const v = JSON.stringify(name?.trim() ?? '');
  ctx.sql.run(qb.insertInto('setting').values({ key: KEY, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })));
}

/** Who the log names for what happens now: the logged-in operator of a team server's request first. */
export const operatorOf = (ctx: RepoContext): string => scopedActor() ?? readOperatorName(ctx) ?? ctx.actor;
