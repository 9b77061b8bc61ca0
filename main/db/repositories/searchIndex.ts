// The denormalised search text of an entity: its name, 备案号, people's names, website names, domains
// and homepages, lower-cased. Rebuilt inside every transaction that changes any of them.
import { parseList, type RepoContext } from './context';

export async function refreshSearchIndex(ctx: RepoContext, entityId: number): Promise<void> {
  const e = await ctx.db.selectFrom('entity').select(['name', 'icp_number', 'city', 'district']).where('id', '=', entityId).executeTakeFirst();
  if (!e) return;
  const parts: (string | null)[] = [e.name, e.icp_number, e.city, e.district];
  for (const p of await ctx.db.selectFrom('person').select('name').where('entity_id', '=', entityId).execute()) parts.push(p.name);
  for (const w of await ctx.db.selectFrom('website').select(['name', 'icp_number', 'homepages']).where('entity_id', '=', entityId).execute()) {
    parts.push(w.name, w.icp_number, ...parseList(w.homepages));
  }
  for (const d of await ctx.db.selectFrom('domain').select(['name', 'ascii_name']).where('entity_id', '=', entityId).execute()) {
    parts.push(d.name, d.ascii_name === d.name ? null : d.ascii_name);
  }
  const haystack = parts.filter((p): p is string => !!p).join('\n').toLowerCase();
  await ctx.db
      .insertInto('entity_search')
      .values({ entity_id: entityId, haystack })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet({ haystack })).execute();
}

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
