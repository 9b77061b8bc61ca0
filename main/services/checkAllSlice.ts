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
import { recordOf } from '../export/record';
import { gateChecklist, type ChecklistItem, type PhotoVerdict } from '../filings/checklist';
import { isOpen } from '../filings/stateMachine';
import { PHOTO_CHECKER_VERSION } from '../photos/checkerVersion';
import type { RecordToCheck } from '../rules/checkRecords';
import type { ClientFacts } from '../rules/storeFacts';
import type { Finding } from '../rules/types';
import type { Preloaded } from './checks';
import { photoKindOf } from './photoGate';
import { checklistFindings, materialFindings, prospectiveItems } from './readiness';


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
 * Each client's material findings as readiness.materialFindings(…, false) gives them. A client with an open
 * order (its checklist reads the order's links, overrides and 驳回) is read as before, one by one; the others
 * — most clients — from the slice's materials and stored photo results.
 */
async function materialFindingsOf(desk: Desk, clients: readonly EntityView[]): Promise<Map<number, Finding[]>> {
  const ids = clients.map((e) => e.id);
  const orders = byEntity(await ordersOfEntities(desk.ctx, ids));
  const materials = byEntity(await materialsOfEntities(desk.ctx, ids));
  const out = new Map<number, Finding[]>();
  const pending: { id: number; provider: string; items: ChecklistItem[] }[] = [];
  const photos = new Map<string, Set<number>>();
  const kinds = new Map<number, boolean>();
  for (const e of clients) {
    const own = orders.get(e.id) ?? [];
    if (own.some((o) => isOpen(o.state))) {
      out.set(e.id, await materialFindings(desk, e, false));
      continue;
    }
    const provider = own[0]?.provider ?? 'generic';
    const mats = materials.get(e.id) ?? [];
    const items = prospectiveItems(e, provider, mats);
    for (const m of mats) kinds.set(m.id, photoKindOf(m) !== null);
    for (const { materialId } of items) if (materialId !== null && kinds.get(materialId)) photos.set(provider, (photos.get(provider) ?? new Set()).add(materialId));
    pending.push({ id: e.id, provider, items });
  }
  const stored = new Map<string, Map<number, StoredPhotoCheck>>();
  for (const [provider, set] of photos) stored.set(provider, await photoChecksOf(desk.ctx, [...set], provider, PHOTO_CHECKER_VERSION));
  for (const { id, provider, items } of pending) {
    // as photoVerdict without duplicates: a photo judged by its stored result alone, unchecked without one
    const verdictOf = (materialId: number): PhotoVerdict | null => {
      if (!kinds.get(materialId)) return null;
      const s = stored.get(provider)?.get(materialId);
      return s ? { status: s.status, checks: s.checks } : { status: 'unchecked', checks: [] };
    };
    out.set(id, checklistFindings(gateChecklist(items, verdictOf, []), null));
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
  const materials = await materialFindingsOf(desk, clients);
  return {
    toCheck: clients.map((e) => ({ id: e.id, record: recordOf(e), facts: factsOf(desk, e, preloaded), materials: materials.get(e.id) ?? [] })),
  };
}
