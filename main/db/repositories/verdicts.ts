// Kept check-all verdicts (client_verdict, client_verdict_key; migration 0014). services/checkAll.ts decides
// which are stale; this file only reads and writes them.
import { chunks } from '../chunk';
import type { RepoContext } from './context';

export type VerdictKeyKind = 'domain' | 'cert';
export interface VerdictKey {
  kind: VerdictKeyKind;
  shared: string;
}

export interface KeptVerdict {
  revision: number;
  verdictVersion: string;
  settingsJson: string;
  checkedDay: string;
  stale: boolean;
  counts: { error: number; warning: number; info: number };
  topJson: string;
}

/** Every client with its revision and name, and its kept verdict when it has one. */
export async function clientsWithVerdicts(ctx: RepoContext): Promise<{ id: number; name: string; revision: number; verdict: KeptVerdict | null }[]> {
  const rows = await ctx.db
    .selectFrom('entity as e')
    .leftJoin('client_verdict as v', 'v.entity_id', 'e.id')
    .select(['e.id', 'e.name', 'e.revision', 'v.entity_id as v_id', 'v.revision as v_revision', 'v.verdict_version', 'v.settings_json', 'v.checked_day', 'v.stale', 'v.error_count', 'v.warning_count', 'v.info_count', 'v.top_json'])
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    revision: Number(r.revision),
    verdict:
      r.v_id === null
        ? null
        : {
            revision: Number(r.v_revision),
            verdictVersion: r.verdict_version!,
            settingsJson: r.settings_json!,
            checkedDay: r.checked_day!,
            stale: Number(r.stale) !== 0,
            counts: { error: Number(r.error_count), warning: Number(r.warning_count), info: Number(r.info_count) },
            topJson: r.top_json!,
          },
  }));
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

/** Clients whose verdict is marked stale. */
export async function staleVerdictIds(ctx: RepoContext): Promise<number[]> {
  return (await ctx.db.selectFrom('client_verdict').select('entity_id').where('stale', '!=', 0).orderBy('entity_id').execute()).map((r) => Number(r.entity_id));
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

/** Replaces the verdicts (and their keys) of these clients. */
export async function saveVerdicts(ctx: RepoContext, verdicts: readonly NewVerdict[]): Promise<void> {
  const ids = verdicts.map((v) => v.entityId);
  await deleteVerdicts(ctx, ids);
  for (const part of chunks(verdicts, 100)) {
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
      .execute();
  }
  const keys = verdicts.flatMap((v) => [...new Map(v.keys.map((k) => [`${k.kind} ${k.shared}`, k])).values()].map((k) => ({ entity_id: v.entityId, kind: k.kind, shared: k.shared })));
  for (const part of chunks(keys, 300)) await ctx.db.insertInto('client_verdict_key').values(part).execute();
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
