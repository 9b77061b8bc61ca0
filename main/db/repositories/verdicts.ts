// Kept check-all verdicts (client_verdict, client_verdict_key; migration 0014). services/checkAll.ts decides
// which are stale; this file only reads and writes them.
import { chunks } from '../chunk';
import type { RepoContext } from './context';

export type VerdictKeyKind = 'domain' | 'cert';
export interface VerdictKey {
  kind: VerdictKeyKind;
  shared: string;
}

/** What a kept verdict must have been worked out from to be current (besides its client's revision). */
export interface VerdictBasis {
  verdictVersion: string;
  settingsJson: string;
  checkedDay: string;
}

/**
 * The clients a run re-checks: without a kept verdict, or whose verdict is stale, made from another
 * revision, or on another basis (`all`: every client). Worked out by the store, so that after one edit a
 * run reads the few stale clients rather than every client's verdict. `changed`: the client's own data
 * moved (or it is new), so verdicts sharing its keys go stale with it.
 */
export async function clientsToRecheck(ctx: RepoContext, basis: VerdictBasis, all: boolean): Promise<{ id: number; revision: number; changed: boolean }[]> {
  let q = ctx.db.selectFrom('entity as e').leftJoin('client_verdict as v', 'v.entity_id', 'e.id').select(['e.id', 'e.revision', 'v.revision as v_revision']);
  if (!all)
    q = q.where((eb) =>
      eb.or([
        eb('v.entity_id', 'is', null),
        eb('v.stale', '!=', 0),
        eb('v.revision', '!=', eb.ref('e.revision')),
        eb('v.verdict_version', '!=', basis.verdictVersion),
        eb('v.settings_json', '!=', basis.settingsJson),
        eb('v.checked_day', '!=', basis.checkedDay),
      ]),
    );
  const rows = await q.orderBy('e.id').execute();
  return rows.map((r) => ({ id: Number(r.id), revision: Number(r.revision), changed: r.v_revision === null || Number(r.v_revision) !== Number(r.revision) }));
}

/** Whether any verdict is kept (current or not, a deleted client's included). */
export async function anyVerdictKept(ctx: RepoContext): Promise<boolean> {
  return (await ctx.db.selectFrom('client_verdict').select('entity_id').limit(1).executeTakeFirst()) !== undefined;
}

/** The revisions of these clients (a deleted one absent). */
export async function revisionsOf(ctx: RepoContext, entityIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunks(entityIds)) for (const r of await ctx.db.selectFrom('entity').select(['id', 'revision']).where('id', 'in', part).execute()) out.set(Number(r.id), Number(r.revision));
  return out;
}

export type VerdictGroup = 'notReady' | 'warned';

/** Kept verdicts that are current on this basis: not stale, of their client's present revision. */
const currentVerdicts = (ctx: RepoContext, basis: VerdictBasis) =>
  ctx.db
    .selectFrom('client_verdict as v')
    .innerJoin('entity as e', 'e.id', 'v.entity_id')
    .where('v.stale', '=', 0)
    .whereRef('v.revision', '=', 'e.revision')
    .where('v.verdict_version', '=', basis.verdictVersion)
    .where('v.settings_json', '=', basis.settingsJson)
    .where('v.checked_day', '=', basis.checkedDay);

/** How many current verdicts there are, and how many of them are not ready (an error) or ready with warnings. */
export async function tallyVerdicts(ctx: RepoContext, basis: VerdictBasis): Promise<{ checked: number; notReady: number; warned: number }> {
  const r = await currentVerdicts(ctx, basis)
    .select((eb) => [
      eb.fn.countAll().as('checked'),
      eb.fn.sum(eb.case().when('v.error_count', '>', 0).then(1).else(0).end()).as('not_ready'),
      eb.fn.sum(eb.case().when(eb.and([eb('v.error_count', '=', 0), eb('v.warning_count', '>', 0)])).then(1).else(0).end()).as('warned'),
    ])
    .executeTakeFirstOrThrow();
  return { checked: Number(r.checked), notReady: Number(r.not_ready ?? 0), warned: Number(r.warned ?? 0) };
}

/**
 * One page of a group of current verdicts, by client id: the client's name, counts and top findings (JSON).
 * The page's ids are found from the narrow indexes alone (0017) and only its rows read in full: an offset
 * deep into 87 000 not-ready clients then skips index entries, not whole verdicts.
 */
export async function verdictPage(
  ctx: RepoContext,
  basis: VerdictBasis,
  group: VerdictGroup,
  offset: number,
  limit: number,
): Promise<{ id: number; name: string; counts: { error: number; warning: number; info: number }; topJson: string }[]> {
  const q = currentVerdicts(ctx, basis).select('v.entity_id');
  const ids = (await (group === 'notReady' ? q.where('v.error_count', '>', 0) : q.where('v.error_count', '=', 0).where('v.warning_count', '>', 0)).orderBy('v.entity_id').limit(limit).offset(offset).execute()).map((r) => Number(r.entity_id));
  if (!ids.length) return [];
  const rows = await ctx.db
    .selectFrom('client_verdict as v')
    .innerJoin('entity as e', 'e.id', 'v.entity_id')
    .select(['e.id', 'e.name', 'v.error_count', 'v.warning_count', 'v.info_count', 'v.top_json'])
    .where('v.entity_id', 'in', ids)
    .orderBy('v.entity_id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, counts: { error: Number(r.error_count), warning: Number(r.warning_count), info: Number(r.info_count) }, topJson: r.top_json }));
}

/** Verdicts kept for clients that no longer exist. */
export async function orphanVerdictIds(ctx: RepoContext): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('client_verdict as v')
    .leftJoin('entity as e', 'e.id', 'v.entity_id')
    .select('v.entity_id')
    .where('e.id', 'is', null)
    .execute();
  return rows.map((r) => Number(r.entity_id));
}

/** The keys the kept verdicts of these clients asked about. */
export async function keysOfVerdicts(ctx: RepoContext, entityIds: readonly number[]): Promise<VerdictKey[]> {
  const out: VerdictKey[] = [];
  for (const part of chunks(entityIds)) {
    for (const r of await ctx.db.selectFrom('client_verdict_key').select(['kind', 'shared']).where('entity_id', 'in', part).execute()) out.push({ kind: r.kind, shared: r.shared });
  }
  return out;
}

/**
 * Marks stale the verdicts of other clients that asked about one of these keys (their findings named, or
 * missed, the changed client), except those of `except` (re-checked in the same run anyway). Returns them.
 */
export async function markSharingStale(ctx: RepoContext, keys: readonly VerdictKey[], except: ReadonlySet<number>): Promise<number[]> {
  const marked: number[] = [];
  for (const kind of ['domain', 'cert'] as const) {
    const values = [...new Set(keys.filter((k) => k.kind === kind).map((k) => k.shared))];
    for (const part of chunks(values)) {
      const sharing = await ctx.db.selectFrom('client_verdict_key').select('entity_id').distinct().where('kind', '=', kind).where('shared', 'in', part).execute();
      const ids = sharing.map((r) => Number(r.entity_id)).filter((id) => !except.has(id));
      for (const ids_ of chunks(ids)) await ctx.db.updateTable('client_verdict').set({ stale: 1 }).where('entity_id', 'in', ids_).where('stale', '=', 0).execute();
      marked.push(...ids);
    }
  }
  return marked;
}

export interface NewVerdict {
  entityId: number;
  revision: number;
  verdictVersion: string;
  settingsJson: string;
  checkedDay: string;
  counts: { error: number; warning: number; info: number };
  topJson: string;
  findingsJson: string;
  keys: VerdictKey[];
}

/** Verdict rows per INSERT (11 values each, far below both stores' bound on a statement's parameters). */
const VERDICT_ROWS = 500;
const KEY_ROWS = 2000;

/**
 * Replaces the verdicts (and their keys) of these clients: one multi-row upsert per chunk of verdicts (a
 * cold run replaces every row, so no delete first). Of the keys only what changed is written: the kept
 * keys are read (by client id, the primary key's order) and compared, the keys a verdict no longer asks
 * about deleted and the new ones inserted in (kind, shared) order. A cold run after a new rule version
 * mostly asks the same keys again, and each key row deleted or inserted is also an entry of the
 * (kind, shared) index, random in the order of the clients: rewriting them all dirtied nearly every page of
 * that index in every slice's transaction, so a run's writes grew with the square of the client count.
 */
export async function saveVerdicts(ctx: RepoContext, verdicts: readonly NewVerdict[]): Promise<void> {
  const keyOf = (kind: string, shared: string) => `${kind} ${shared}`;
  const kept = new Map<number, Map<string, { kind: VerdictKeyKind; shared: string }>>();
  for (const part of chunks(verdicts.map((v) => v.entityId))) {
    for (const r of await ctx.db.selectFrom('client_verdict_key').select(['entity_id', 'kind', 'shared']).where('entity_id', 'in', part).execute()) {
      const id = Number(r.entity_id);
      let rows = kept.get(id);
      if (!rows) kept.set(id, (rows = new Map()));
      rows.set(keyOf(r.kind, r.shared), { kind: r.kind, shared: r.shared });
    }
  }
  const added: { entity_id: number; kind: VerdictKeyKind; shared: string }[] = [];
  const removed: { entity_id: number; kind: VerdictKeyKind; shared: string }[] = [];
  for (const v of verdicts) {
    const had = kept.get(v.entityId);
    const asks = new Set<string>();
    for (const k of v.keys) {
      const key = keyOf(k.kind, k.shared);
      if (asks.has(key)) continue;
      asks.add(key);
      if (!had?.has(key)) added.push({ entity_id: v.entityId, kind: k.kind, shared: k.shared });
    }
    for (const [key, row] of had ?? []) if (!asks.has(key)) removed.push({ entity_id: v.entityId, kind: row.kind, shared: row.shared });
  }
  for (const r of removed) await ctx.db.deleteFrom('client_verdict_key').where('entity_id', '=', r.entity_id).where('kind', '=', r.kind).where('shared', '=', r.shared).execute();
  for (const part of chunks(verdicts, VERDICT_ROWS)) {
    await ctx.db
      .insertInto('client_verdict')
      .values(
        part.map((v) => ({
          entity_id: v.entityId,
          revision: v.revision,
          verdict_version: v.verdictVersion,
          settings_json: v.settingsJson,
          checked_day: v.checkedDay,
          stale: 0,
          error_count: v.counts.error,
          warning_count: v.counts.warning,
          info_count: v.counts.info,
          top_json: v.topJson,
          findings_json: v.findingsJson,
        })),
      )
      .onConflict((oc) =>
        oc.column('entity_id').doUpdateSet((eb) => ({
          revision: eb.ref('excluded.revision'),
          verdict_version: eb.ref('excluded.verdict_version'),
          settings_json: eb.ref('excluded.settings_json'),
          checked_day: eb.ref('excluded.checked_day'),
          stale: eb.ref('excluded.stale'),
          error_count: eb.ref('excluded.error_count'),
          warning_count: eb.ref('excluded.warning_count'),
          info_count: eb.ref('excluded.info_count'),
          top_json: eb.ref('excluded.top_json'),
          findings_json: eb.ref('excluded.findings_json'),
        })),
      )
      .execute();
  }
  // in the index's order: each of its pages is visited once in a row, not dirtied again and again at random
  added.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.shared < b.shared ? -1 : a.shared > b.shared ? 1 : a.entity_id - b.entity_id));
  for (const part of chunks(added, KEY_ROWS)) await ctx.db.insertInto('client_verdict_key').values(part).execute();
}

export async function deleteVerdicts(ctx: RepoContext, entityIds: readonly number[]): Promise<void> {
  for (const part of chunks(entityIds)) {
    await ctx.db.deleteFrom('client_verdict_key').where('entity_id', 'in', part).execute();
    await ctx.db.deleteFrom('client_verdict').where('entity_id', 'in', part).execute();
  }
}

/** A kept verdict's findings, as JSON (tests compare them with a fresh check). */
export async function verdictFindingsJson(ctx: RepoContext, entityId: number): Promise<string | null> {
  return (await ctx.db.selectFrom('client_verdict').select('findings_json').where('entity_id', '=', entityId).executeTakeFirst())?.findings_json ?? null;
}
