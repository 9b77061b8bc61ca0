// Material rows: metadata only; the bytes live in the file store under their SHA-256.
import type { MaterialKind } from '../../domain/enums';
import type { MaterialView } from '../../domain/views';
import { chunks, batchRows, inList } from '../chunk';
import type { RepoContext } from './context';
import type { EntityView } from '../../domain/views';
import { DRAWN_SHEET_KINDS, outdatedScans } from '../../domain/sheetRecord';

export interface NewMaterial {
  entityId: number;
  personId: number | null;
  websiteId: number | null;
  kind: MaterialKind;
  fileName: string;
  sha256: string;
  size: number;
  mime: string;
  /** when it was uploaded, for a material carried from another desk (transferImport.ts); absent: now */
  createdAt?: string | undefined;
  /** a signed 核验单 scan or a 核验单 the desk drew: the digest of what its sheet printed (domain/sheetRecord.ts) */
  printedDigest?: string | null | undefined;
  /** a signed 核验单 scan or a 核验单 the desk drew: the provider whose boxes its sheet printed (migration 0032) */
  printedFor?: string | null | undefined;
}

export async function insertMaterial(ctx: RepoContext, m: NewMaterial): Promise<number> {
  return Number((await ctx.db.insertInto('material').values({
      entity_id: m.entityId,
      person_id: m.personId,
      website_id: m.websiteId,
      kind: m.kind,
      file_name: m.fileName,
      sha256: m.sha256,
      size: m.size,
      mime: m.mime,
      created_at: m.createdAt ?? ctx.now(),
      printed_digest: m.printedDigest ?? null,
      printed_for: m.printedFor ?? null,
    }).returning('id').executeTakeFirstOrThrow()).id);
}

function toView(r: { id: number; entity_id: number; person_id: number | null; website_id: number | null; kind: MaterialKind; file_name: string; sha256: string; size: number; mime: string; created_at: string }): MaterialView {
  return {
    id: r.id,
    entityId: r.entity_id,
    personId: r.person_id,
    websiteId: r.website_id,
    kind: r.kind,
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    mime: r.mime,
    createdAt: r.created_at,
  };
}

export async function getMaterial(ctx: RepoContext, id: number): Promise<MaterialView | undefined> {
  const r = await ctx.db.selectFrom('material').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toView(r);
}

export async function materialsOfEntity(ctx: RepoContext, entityId: number): Promise<MaterialView[]> {
  return (await ctx.db.selectFrom('material').selectAll().where('entity_id', '=', entityId).orderBy('id').execute()).map(toView);
}

/** The materials whose bytes have one of these hashes, each with its client's name (to name a damaged file to the operator). */
export async function materialsWithHashes(ctx: RepoContext, hashes: readonly string[]): Promise<(MaterialView & { entityName: string })[]> {
  const out: (MaterialView & { entityName: string })[] = [];
  for (const part of chunks(hashes)) {
    const q = ctx.db.selectFrom('material').innerJoin('entity', 'entity.id', 'material.entity_id').selectAll('material').select('entity.name as entity_name').where(inList(ctx, 'material.sha256', part)).orderBy('material.id');
    out.push(...(await batchRows(ctx, q)).map((r) => ({ ...toView(r), entityName: r.entity_name })));
  }
  return out;
}

/** The materials of many clients, one query per slice of ids, each client's in materialsOfEntity's order. */
export async function materialsOfEntities(ctx: RepoContext, entityIds: readonly number[]): Promise<MaterialView[]> {
  const out: MaterialView[] = [];
  for (const part of chunks(entityIds)) out.push(...(await batchRows(ctx, ctx.db.selectFrom('material').selectAll().where(inList(ctx, 'entity_id', part)).orderBy('id'))).map(toView));
  return out;
}

/** The signed 核验单 scans, and the 核验单 the desk drew, of these clients that keep what their sheet printed (migration 0031). */
export async function printedDigestsOf(ctx: RepoContext, entityIds: readonly number[]): Promise<{ id: number; entityId: number; websiteId: number; digest: string }[]> {
  const out: { id: number; entityId: number; websiteId: number; digest: string }[] = [];
  for (const part of chunks(entityIds)) {
    const q = ctx.db.selectFrom('material').select(['id', 'entity_id', 'website_id', 'printed_digest']).where(inList(ctx, 'entity_id', part)).where('printed_digest', 'is not', null).where('website_id', 'is not', null);
    for (const r of await batchRows(ctx, q)) out.push({ id: Number(r.id), entityId: Number(r.entity_id), websiteId: Number(r.website_id), digest: r.printed_digest! });
  }
  return out;
}

/**
 * What the 核验单 the desk drew for this website as exactly these bytes printed (domain/sheetRecord.ts DRAWN_SHEET_KINDS)
 * and the provider it named (null: not known), or null when it drew none such or does not know (one drawn before the
 * digests were kept).
 */
export async function drawnSheetOf(ctx: RepoContext, entityId: number, websiteId: number, sha256: string): Promise<{ digest: string; printedFor: string | null } | null> {
  const r = await ctx.db.selectFrom('material').select(['printed_digest', 'printed_for']).where('entity_id', '=', entityId).where('website_id', '=', websiteId).where('sha256', '=', sha256).where('kind', 'in', [...DRAWN_SHEET_KINDS]).where('printed_digest', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? { digest: r.printed_digest!, printedFor: r.printed_for } : null;
}

/** The provider each signed 核验单 scan, and each 核验单 the desk drew, of these clients named, by material id; one not known is absent. */
export async function printedForOf(ctx: RepoContext, entityIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks(entityIds)) {
    const q = ctx.db.selectFrom('material').select(['id', 'printed_for']).where(inList(ctx, 'entity_id', part)).where('printed_for', 'is not', null);
    for (const r of await batchRows(ctx, q)) out.set(Number(r.id), r.printed_for!);
  }
  return out;
}

/** The signed 核验单 scans of these clients whose sheet printed other values than their record holds now. */
export async function outdatedSheetScans(ctx: RepoContext, entities: readonly EntityView[]): Promise<Set<number>> {
  return outdatedScans(entities, await printedDigestsOf(ctx, entities.map((e) => e.id)), printedIndex(ctx));
}

/** The blind index a scan's printed digest is kept under (domain/sheetRecord.ts sheetRecordDigest). */
export const printedIndex = (ctx: RepoContext) => (text: string) => ctx.codec.index('password', text);

/** Hashes referenced by the materials that match (used before a cascade delete to know what may be freed). */
export async function materialHashes(ctx: RepoContext, filter: { entityId?: number; personId?: number; websiteId?: number; id?: number }): Promise<string[]> {
  let q = ctx.db.selectFrom('material').select('sha256').distinct();
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  if (filter.personId !== undefined) q = q.where('person_id', '=', filter.personId);
  if (filter.websiteId !== undefined) q = q.where('website_id', '=', filter.websiteId);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  return (await q.execute()).map((r) => r.sha256);
}

/** Of the given hashes, those no material row refers to any more. */
export async function unreferencedHashes(ctx: RepoContext, hashes: readonly string[]): Promise<string[]> {
  const still = new Set<string>();
  for (const part of chunks(hashes)) {
    for (const r of await batchRows(ctx, ctx.db.selectFrom('material').select('sha256').where(inList(ctx, 'sha256', part)))) still.add(r.sha256);
  }
  return hashes.filter((h) => !still.has(h));
}

export async function allMaterialHashes(ctx: RepoContext): Promise<Set<string>> {
  return new Set((await ctx.db.selectFrom('material').select('sha256').distinct().execute()).map((r) => r.sha256));
}

export async function deleteMaterial(ctx: RepoContext, id: number): Promise<void> {
  await ctx.db.deleteFrom('material').where('id', '=', id).execute();
}

/** Where a material's bytes are and how they were named: what a package needs to place the file. */
export async function materialFileFacts(ctx: RepoContext, id: number): Promise<{ sha256: string; mime: string; fileName: string } | undefined> {
  const r = await ctx.db.selectFrom('material').select(['sha256', 'mime', 'file_name']).where('id', '=', id).executeTakeFirst();
  return r && { sha256: r.sha256, mime: r.mime, fileName: r.file_name };
}

/** Every stored file with the client that owns it: an exact duplicate of a stored file is found by its SHA-256. */
export async function storedFileOwners(ctx: RepoContext): Promise<{ sha256: string; owner: string }[]> {
  return await ctx.db.selectFrom('material as m').innerJoin('entity as e', 'e.id', 'm.entity_id').select(['m.sha256', 'e.name as owner']).execute();
}
