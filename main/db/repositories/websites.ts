// 网站 rows and their domains.
import { toAsciiDomain } from '../../domain/identifiers';
import type { WebsiteFields } from '../../domain/schemas';
import type { WebsiteView } from '../../domain/views';
import { chunks, groupedByKey, batchRows, inList } from '../chunk';
import { keepStoredKey, type StoredKeys } from './storedKeys';
import { bumpOf, type VersionedWrite } from './rowVersion';
import { json, parseList, type RepoContext } from './context';

function toColumns(w: WebsiteFields) {
  return {
    name: w.name,
    homepages: json(w.homepages),
    service_content: w.serviceContent,
    pre_approvals: json(w.preApprovals),
    languages: json(w.languages),
    ips: json(w.ips),
    remark: w.remark,
    principal_person_id: w.principalPersonId,
    icp_number: w.icpNumber,
  };
}

async function writeDomains(ctx: RepoContext, websiteId: number, entityId: number, domains: readonly string[]): Promise<void> {
  await ctx.db.deleteFrom('domain').where('website_id', '=', websiteId).execute();
  for (const [position, name] of domains.entries()) {
    await ctx.db.insertInto('domain').values({ website_id: websiteId, entity_id: entityId, position, name, ascii_name: toAsciiDomain(name) ?? name }).execute();
  }
}

export async function insertWebsite(ctx: RepoContext, entityId: number, w: WebsiteFields): Promise<number> {
  const now = ctx.now();
  const id = Number((await ctx.db.insertInto('website').values({ entity_id: entityId, ...toColumns(w), created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id);
  await writeDomains(ctx, id, entityId, w.domains);
  return id;
}

/** The row's version after the write (domains included), or null when it holds another version than `v.readVersion` (or is gone): then nothing is written. */
export async function updateWebsite(ctx: RepoContext, id: number, entityId: number, w: WebsiteFields, v: VersionedWrite = {}): Promise<number | null> {
  let q = ctx.db.updateTable('website').set((eb) => ({ ...toColumns(w), updated_at: ctx.now(), row_version: eb('row_version', '+', bumpOf(v)) })).where('id', '=', id);
  if (v.readVersion !== undefined) q = q.where('row_version', '=', v.readVersion);
  const r = await q.returning('row_version').executeTakeFirst();
  if (!r) return null;
  await writeDomains(ctx, id, entityId, w.domains);
  return Number(r.row_version);
}

/** Writes the 网站备案号 alone, moving the row's version: as setEntityIcpNumber, for a website row (its domains untouched). */
export async function setWebsiteIcpNumber(ctx: RepoContext, id: number, icpNumber: string | null): Promise<void> {
  await ctx.db.updateTable('website').set((eb) => ({ icp_number: icpNumber, updated_at: ctx.now(), row_version: eb('row_version', '+', 1) })).where('id', '=', id).execute();
}

export async function websiteVersion(ctx: RepoContext, id: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('website').select('row_version').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function deleteWebsite(ctx: RepoContext, id: number): Promise<void> {
  await ctx.db.deleteFrom('website').where('id', '=', id).execute();
}

/** With `stored`: each domain's punycode name as stored, by client, from the rows read (storedKeys.ts). */
export async function websitesOfEntities(ctx: RepoContext, entityIds: readonly number[], stored?: StoredKeys): Promise<WebsiteView[]> {
  const out: WebsiteView[] = [];
  for (const ids of chunks(entityIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('website').selectAll().where(inList(ctx, 'entity_id', ids)).orderBy('id'));
    const domains = new Map<number, string[]>();
    for (const d of await batchRows(ctx, ctx.db.selectFrom('domain').select(['website_id', 'name', 'entity_id', 'ascii_name']).where(inList(ctx, 'entity_id', ids)).orderBy('website_id').orderBy('position'))) {
      const list = domains.get(d.website_id) ?? [];
      list.push(d.name);
      domains.set(d.website_id, list);
      if (stored) keepStoredKey(stored.domains, d.entity_id, d.ascii_name);
    }
    for (const r of rows) {
      out.push({
        id: r.id,
        entityId: r.entity_id,
        name: r.name,
        domains: domains.get(r.id) ?? [],
        homepages: parseList(r.homepages),
        serviceContent: r.service_content,
        preApprovals: parseList(r.pre_approvals),
        languages: parseList(r.languages),
        ips: parseList(r.ips),
        remark: r.remark,
        principalPersonId: r.principal_person_id,
        icpNumber: r.icp_number,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        rowVersion: Number(r.row_version),
      });
    }
  }
  return out;
}

export async function getWebsite(ctx: RepoContext, id: number): Promise<WebsiteView | undefined> {
  const r = await ctx.db.selectFrom('website').select('entity_id').where('id', '=', id).executeTakeFirst();
  return r ? (await websitesOfEntities(ctx, [r.entity_id])).find((w) => w.id === id) : undefined;
}

/** The client of each website, with one query per chunk (核验单 batches); an unknown id is absent. */
export async function entityIdsOfWebsites(ctx: RepoContext, ids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunks(ids)) for (const r of await batchRows(ctx, ctx.db.selectFrom('website').select(['id', 'entity_id']).where(inList(ctx, 'id', part)))) out.set(r.id, r.entity_id);
  return out;
}

export function websiteFieldsOf(v: WebsiteView): WebsiteFields {
  const { id: _i, entityId: _e, createdAt: _c, updatedAt: _u, rowVersion: _v, ...fields } = v;
  return fields as WebsiteFields;
}

/** Clients other than `exceptEntityId` that hold any of these punycode domains. */
export async function domainOwners(ctx: RepoContext, asciiDomains: readonly string[], exceptEntityId: number | null): Promise<{ domain: string; entityId: number; name: string }[]> {
  const out: { domain: string; entityId: number; name: string }[] = [];
  for (const part of chunks([...new Set(asciiDomains)])) {
    let q = ctx.db.selectFrom('domain as d').innerJoin('entity as e', 'e.id', 'd.entity_id').select(['d.ascii_name', 'd.entity_id', 'e.name']).where(inList(ctx, 'd.ascii_name', part));
    if (exceptEntityId !== null) q = q.where('d.entity_id', '!=', exceptEntityId);
    for (const r of await q.execute()) out.push({ domain: r.ascii_name, entityId: r.entity_id, name: r.name });
  }
  return out;
}

/** Every domain of every client, for batch checks: punycode name → the clients holding it. */
/**
 * The holders of these punycode domains only, as allDomainHolders gives them for the whole store (check-all
 * reads a slice's answers with its slice: one indexed lookup per chunk of the slice's domains).
 */
export async function domainHoldersOf(ctx: RepoContext, asciiNames: readonly string[]): Promise<Map<string, { entityId: number; name: string }[]>> {
  const map = new Map<string, { entityId: number; name: string }[]>();
  for (const part of chunks([...new Set(asciiNames)])) {
    for (const r of await batchRows(ctx, ctx.db.selectFrom('domain as d').innerJoin('entity as e', 'e.id', 'd.entity_id').select(['d.ascii_name', 'd.entity_id', 'e.name']).where(inList(ctx, 'd.ascii_name', part)))) {
      const list = map.get(r.ascii_name) ?? [];
      if (!list.some((x) => x.entityId === r.entity_id)) list.push({ entityId: r.entity_id, name: r.name });
      map.set(r.ascii_name, list);
    }
  }
  return map;
}

/**
 * Which clients hold each of these punycode domains (a client once per domain row), without their names: the
 * domain rows alone, no join (check-all asks domainHoldersOf only of the domains held beyond the asker).
 */
export async function domainHolderClients(ctx: RepoContext, asciiNames: readonly string[]): Promise<Map<string, number[]>> {
  return groupedByKey(asciiNames, (part) => batchRows(ctx, ctx.db.selectFrom('domain').select(['ascii_name', 'entity_id']).where(inList(ctx, 'ascii_name', part))), (r) => r.ascii_name, (r) => r.entity_id);
}

/**
 * The punycode domains held by more than one domain row (of one client or several): every other domain is held
 * by one row alone. Read from the index on the column, no table row (check-all's cold run: a client's domain
 * outside this list is held by that client alone, and its holders need not be looked up).
 */
export async function domainsHeldTwice(ctx: RepoContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('domain').select('ascii_name').groupBy('ascii_name').having((eb) => eb.fn.countAll(), '>', 1).execute();
  return rows.map((r) => r.ascii_name);
}

export async function allDomainHolders(ctx: RepoContext): Promise<Map<string, { entityId: number; name: string }[]>> {
  const map = new Map<string, { entityId: number; name: string }[]>();
  for (const r of await ctx.db.selectFrom('domain as d').innerJoin('entity as e', 'e.id', 'd.entity_id').select(['d.ascii_name', 'd.entity_id', 'e.name']).execute()) {
    const list = map.get(r.ascii_name) ?? [];
    if (!list.some((x) => x.entityId === r.entity_id)) list.push({ entityId: r.entity_id, name: r.name });
    map.set(r.ascii_name, list);
  }
  return map;
}
