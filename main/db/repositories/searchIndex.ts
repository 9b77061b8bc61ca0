// The denormalised search text of an entity: its name, 备案号, people's names, website names, domains
// and homepages, lower-cased. Rebuilt inside every transaction that changes any of them.
import { qb } from '../sql';
import { parseList, type RepoContext } from './context';

export function refreshSearchIndex(ctx: RepoContext, entityId: number): void {
  const { sql } = ctx;
  const e = sql.first(qb.selectFrom('entity').select(['name', 'icp_number', 'city', 'district']).where('id', '=', entityId));
  if (!e) return;
  const parts: (string | null)[] = [e.name, e.icp_number, e.city, e.district];
  for (const p of sql.all(qb.selectFrom('person').select('name').where('entity_id', '=', entityId))) parts.push(p.name);
  for (const w of sql.all(qb.selectFrom('website').select(['name', 'icp_number', 'homepages']).where('entity_id', '=', entityId))) {
    parts.push(w.name, w.icp_number, ...parseList(w.homepages));
  }
  for (const d of sql.all(qb.selectFrom('domain').select(['name', 'ascii_name']).where('entity_id', '=', entityId))) {
    parts.push(d.name, d.ascii_name === d.name ? null : d.ascii_name);
  }
  const haystack = parts.filter((p): p is string => !!p).join('\n').toLowerCase();
  sql.run(
    qb
      .insertInto('entity_search')
      .values({ entity_id: entityId, haystack })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet({ haystack })),
  );
}

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
