// What check-all's cold run reads for a slice of clients, on the thread that owns the store, with one
// query per table for the whole slice (not per client): the clients, their orders and materials, the stored
// photo results — and, from the whole store's domain and 证件号码 holders read once per run, each client's
// answers to the rules that look at other clients. The result is plain data for rules/checkRecords.ts,
// on a worker or in-thread.
import type { Desk } from '../desk';
import { byEntity, getEntities, getEntity } from '../db/repositories/entities';
import { materialsOfEntities } from '../db/repositories/materials';
import { ordersOfEntities } from '../db/repositories/orders';
import { photoChecksOf, type StoredPhotoCheck } from '../db/repositories/photoGate';
import { DeskError } from '../domain/errors';
import { normalizeNumber, toAsciiDomain } from '../domain/identifiers';
import type { EntityView } from '../domain/views';
import { isOpen } from '../filings/stateMachine';
import { PHOTO_CHECKER_VERSION } from '../photos/checkerVersion';
import type { NextFilingMaterials, RecordToCheck } from '../rules/checkRecords';
import type { ClientFacts } from '../rules/storeFacts';
import type { Preloaded } from './checks';
import { photoKindOf } from './photoGate';
import { materialFindings } from './readiness';


/** The slice's clients by id (a deleted one absent); a damaged one is named as getEntity names it. */
async function clientsOf(desk: Desk, ids: readonly number[]): Promise<Map<number, EntityView>> {
  try {
    return await getEntities(desk.ctx, ids);
  } catch (err) {
    if (!(err instanceof DeskError && err.code === 'DATA_TAMPERED')) throw err;
    for (const id of ids) await getEntity(desk.ctx, id);
    throw err;
  }
}

/**
 * Each client's materials as checkRecords takes them. A client with an open order (its checklist reads the
 * order's links, overrides and 驳回) has its findings worked out here, one by one; the others — most
 * clients — get their materials and the stored results of their photos, read for the whole slice, and the
 * worker makes the checklist: as readiness.materialFindings(…, false), a photo judged by its stored result
 * alone, unchecked without one.
 */
async function materialsOf(desk: Desk, clients: readonly EntityView[]): Promise<Map<number, RecordToCheck['materials']>> {
  const ids = clients.map((e) => e.id);
  const orders = byEntity(await ordersOfEntities(desk.ctx, ids));
  const materials = byEntity(await materialsOfEntities(desk.ctx, ids));
  const out = new Map<number, RecordToCheck['materials']>();
  const pending: { id: number; next: NextFilingMaterials }[] = [];
  const photos = new Map<string, Set<number>>();
  for (const e of clients) {
    const own = orders.get(e.id) ?? [];
    if (own.some((o) => isOpen(o.state))) {
      out.set(e.id, await materialFindings(desk, e, false));
      continue;
    }
    const provider = own[0]?.provider ?? 'generic';
    const mats = materials.get(e.id) ?? [];
    const photoIds = mats.filter((m) => photoKindOf(m) !== null).map((m) => m.id);
    if (photoIds.length) photos.set(provider, new Set([...(photos.get(provider) ?? []), ...photoIds]));
    pending.push({ id: e.id, next: { provider, materials: mats, photos: photoIds.map((id) => [id, { status: 'unchecked', checks: [] }]) } });
  }
  const stored = new Map<string, Map<number, StoredPhotoCheck>>();
  for (const [provider, set] of photos) stored.set(provider, await photoChecksOf(desk.ctx, [...set], provider, PHOTO_CHECKER_VERSION));
  for (const { id, next } of pending) {
    const byProvider = stored.get(next.provider);
    next.photos = next.photos.map(([materialId, unchecked]) => {
      const s = byProvider?.get(materialId);
      return [materialId, s ? { status: s.status, checks: s.checks } : unchecked];
    });
    out.set(id, next);
  }
  return out;
}

/** The client's answers from the whole store's holders: other clients only, as withStoreLookup gives them. */
function factsOf(desk: Desk, e: EntityView, preloaded: Preloaded): ClientFacts {
  const domains: ClientFacts['domains'] = new Map();
  for (const w of e.websites) {
    for (const d of w.domains) {
      const ascii = toAsciiDomain(d);
      if (ascii && !domains.has(ascii)) domains.set(ascii, (preloaded.domains.get(ascii) ?? []).filter((h) => h.entityId !== e.id));
    }
  }
  const certs: ClientFacts['certs'] = new Map();
  for (const p of e.people) {
    const n = normalizeNumber(p.certNumber);
    if (!n.trim() || certs.has(n)) continue;
    const index = desk.ctx.codec.index('cert', n);
    certs.set(n, { index, holders: (preloaded.certs.get(index) ?? []).filter((h) => h.entityId !== e.id) });
  }
  // the filed providers are asked only for a record with a declared filing type, which check-all's are not
  return { domains, certs, filedProviders: null };
}

export interface ReadSlice {
  /** The slice's clients that still exist, in the slice's order, ready for checkRecords. */
  toCheck: RecordToCheck[];
}

export async function readSlice(desk: Desk, ids: readonly number[], preloaded: Preloaded): Promise<ReadSlice> {
  const byId = await clientsOf(desk, ids);
  const clients = ids.flatMap((id) => byId.get(id) ?? []);
  const materials = await materialsOf(desk, clients);
  return {
    toCheck: clients.map((e) => ({ id: e.id, client: e, facts: factsOf(desk, e, preloaded), materials: materials.get(e.id) ?? [] })),
  };
}
