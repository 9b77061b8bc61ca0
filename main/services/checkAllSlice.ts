// What check-all's cold run reads for a slice of clients, with one query per table for the whole slice
// (not per client): the clients, their orders and materials, the stored photo results, and each client's
// answers to the rules that look at other clients — the holders of its domains and of its 证件号码, read
// for the slice's keys alone by indexed lookups. The result is plain data for rules/checkRecords.ts. It
// runs on the thread that owns the store (PostgreSQL, and the in-thread baseline), or on a worker with a
// read-only connection of its own (SQLite: services/checkAllWorker.ts).
import { byEntity, getEntities, getEntity } from '../db/repositories/entities';
import { repoContext, type RepoContext } from '../db/repositories/context';
import { exportSnapshot, inOneSnapshot, openReadOnlyStore, type ReadOnlyTeamDatabase } from '../db/readOnlyStore';
import type { SensitiveCodec } from '../db/sensitive';
import { materialsOfEntities, outdatedSheetScans } from '../db/repositories/materials';
import { ordersOfEntities, type OrderRow } from '../db/repositories/orders';
import { latestFiledOf, websitesOffRecordOf } from '../db/repositories/filed';
import { lastAuditId } from '../db/repositories/audit';
import { certHolderClients, certHoldersOf, certIndexesHeldTwice } from '../db/repositories/people';
import { noStoredKeys, type StoredKeys } from '../db/repositories/storedKeys';
import { photoChecksOf, type StoredPhotoCheck } from '../db/repositories/photoGate';
import { revisionsOf } from '../db/repositories/verdicts';
import { domainHolderClients, domainHoldersOf, domainsHeldTwice } from '../db/repositories/websites';
import { CHANGE_FILING_TYPES } from '../domain/enums';
import { DeskError } from '../domain/errors';
import type { FiledState } from '../domain/filed';
import { normalizeNumber, toAsciiDomain } from '../domain/identifiers';
import type { EntityView } from '../domain/views';
import { isOpen } from '../filings/stateMachine';
import { PHOTO_CHECKER_VERSION } from '../photos/checkerVersion';
import type { NextFilingMaterials, RecordToCheck } from '../rules/checkRecords';
import type { ClientFacts } from '../rules/storeFacts';
import type { Finding } from '../rules/types';
import type { Preloaded } from './checks';
import { photoKindOf, sheetFileVerdict } from './photoGate';

/**
 * Where a slice is read: the repositories' context, and how the material findings of a client with an
 * open order are made (its checklist reads the order's links, overrides and 驳回 through the desk) — null
 * on a worker, which sets such a client aside for the store's thread.
 */
export interface SliceReader {
  ctx: RepoContext;
  openOrderFindings: ((e: EntityView) => Promise<Finding[]>) | null;
  /**
   * The run's keys held twice (keysHeldTwice), on SQLite: a key of a client outside them, held by that client,
   * is held by it alone, and its holders are not looked up. Used only when the audit log has not grown since they
   * were read, which readSlice asks first — so the caller runs readSlice in ONE read transaction (its reads one
   * snapshot). Absent: every key's holders looked up (PostgreSQL, where entries are not numbered in commit order).
   */
  heldTwice?: KeysHeldTwice;
  /**
   * The revision each client of the slice was stale at when the run began (clientsToRecheck). A client read at
   * another was written to since — maybe between this slice's reads — and is left out (ReadSlice.moved): its verdict,
   * kept under the run's revision with keys read after the write, would hide from the next run the keys it held
   * before, which another client's verdict of this run may have found it by. Absent: every client read is checked.
   */
  revisionOf?: (id: number) => number | undefined;
}

/**
 * The keys held by more than one row when read — domains (punycode) and 证件号码 (blind index) — and the audit
 * log's newest entry then. At 100 000 clients looking up the holders of every key of every slice cost a worker
 * ≈ 23 µs a client (2.3 s of a cold run), for keys that in a real store are nearly all held by their one client;
 * these two lists are two scans of an index (≈ 0.15 s at 100 000). Read in one transaction (a consistent snapshot).
 */
export interface KeysHeldTwice {
  domains: ReadonlySet<string>;
  certs: ReadonlySet<string>;
  lastAudit: number;
}

export async function keysHeldTwice(ctx: RepoContext): Promise<KeysHeldTwice> {
  return { lastAudit: await lastAuditId(ctx), domains: new Set(await domainsHeldTwice(ctx)), certs: new Set(await certIndexesHeldTwice(ctx)) };
}

/**
 * PostgreSQL: the run's keys held twice, read in a snapshot held open (on a read-only connection of its own) until
 * `end()`, and that snapshot's id. Every share of the run is read in that same snapshot (inOneSnapshot's
 * `snapshot`), so a key it holds once is held once in each share's reads: there the audit log cannot vouch for a
 * later snapshot, its entries being numbered at insert and committed in any order.
 */
export interface RunSnapshot {
  keys: KeysHeldTwice;
  id: string;
  /** Ends the snapshot's transaction and closes its connection (the shares read in it must be done). */
  end(): Promise<void>;
}

export async function holdRunSnapshot(at: ReadOnlyTeamDatabase, codec: SensitiveCodec): Promise<RunSnapshot> {
  const store = openReadOnlyStore(at);
  const ctx = repoContext(store, codec, 'check-all', () => new Date().toISOString());
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let ready!: (v: { keys: KeysHeldTwice; id: string }) => void;
  const got = new Promise<{ keys: KeysHeldTwice; id: string }>((r) => (ready = r));
  // settles with the failure, if any (a connection lost mid-run fails the shares that read in the snapshot, not this)
  const held = inOneSnapshot(store, async () => {
    const id = await exportSnapshot(store);
    ready({ id, keys: await keysHeldTwice(ctx) });
    await released;
  })
    .then(() => null, (err: unknown) => err)
    .finally(() => store.close());
  const first = await Promise.race([got, held.then((err) => Promise.reject(err ?? new Error('快照事务提前结束')))]);
  return {
    ...first,
    async end() {
      release();
      await held;
    },
  };
}

/** The slice's clients by id (a deleted one absent); a damaged one is named as getEntity names it. */
async function clientsOf(ctx: RepoContext, ids: readonly number[], stored?: StoredKeys): Promise<Map<number, EntityView>> {
  try {
    return await getEntities(ctx, ids, stored);
  } catch (err) {
    if (!(err instanceof DeskError && err.code === 'DATA_TAMPERED')) throw err;
    for (const id of ids) await getEntity(ctx, id);
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
async function materialsOf(reader: SliceReader, clients: readonly EntityView[], aside: number[], open: Map<number, OrderRow>): Promise<Map<number, RecordToCheck['materials']>> {
  const { ctx } = reader;
  const ids = clients.map((e) => e.id);
  const orders = byEntity(await ordersOfEntities(ctx, ids));
  const materials = byEntity(await materialsOfEntities(ctx, ids));
  const outdated = await outdatedSheetScans(ctx, clients);
  // read only for the clients with a site without 备案号: the others have no site an approved 注销 took off the record
  const offRecord = await websitesOffRecordOf(ctx, clients.filter((e) => e.websites.some((w) => !w.icpNumber)).map((e) => e.id));
  const out = new Map<number, RecordToCheck['materials']>();
  const pending: { id: number; next: NextFilingMaterials }[] = [];
  const photos = new Map<string, Set<number>>();
  for (const e of clients) {
    const own = orders.get(e.id) ?? [];
    const openOrder = own.find((o) => isOpen(o.state));
    if (openOrder) {
      if (reader.openOrderFindings) {
        out.set(e.id, await reader.openOrderFindings(e));
        open.set(e.id, openOrder);
      } else aside.push(e.id);
      continue;
    }
    const provider = own[0]?.provider ?? 'generic';
    const mats = materials.get(e.id) ?? [];
    const photoIds = mats.filter((m) => photoKindOf(m) !== null).map((m) => m.id);
    if (photoIds.length) photos.set(provider, new Set([...(photos.get(provider) ?? []), ...photoIds]));
    const verdicts: NextFilingMaterials['photos'] = photoIds.map((id) => [id, { status: 'unchecked', checks: [] }]);
    // a PDF 核验单 has no stored result: its verdict is the provider's rule alone
    for (const m of mats) {
      const v = sheetFileVerdict(m, provider);
      if (v) verdicts.push([m.id, v]);
    }
    const stale = mats.filter((m) => outdated.has(m.id)).map((m) => m.id);
    const off = offRecord.get(e.id);
    pending.push({ id: e.id, next: { provider, materials: mats, photos: verdicts, ...(stale.length ? { outdated: stale } : {}), ...(off ? { offRecord: off } : {}) } });
  }
  const stored = new Map<string, Map<number, StoredPhotoCheck>>();
  for (const [provider, set] of photos) stored.set(provider, await photoChecksOf(ctx, [...set], provider, PHOTO_CHECKER_VERSION));
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

/** The client's answers from the holders of the slice's keys: other clients only, as withStoreLookup gives them. */
function factsOf(certIndex: (n: string) => string, e: EntityView, preloaded: Preloaded): ClientFacts {
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
    const index = certIndex(n);
    certs.set(n, { index, holders: (preloaded.certs.get(index) ?? []).filter((h) => h.entityId !== e.id) });
  }
  // the filed providers are asked only for a record with a declared filing type: an open order's (readSlice sets them)
  return { domains, certs, filedProviders: null };
}

/**
 * The keys whose holders a client of the slice can be told of: each key with the slice's clients asking it, and
 * the clients holding it (`holders`, names not read) — a key held by no client but its one asker gives that client
 * nothing (factsOf leaves the asker out), so only the others' holders are read with their names.
 */
function heldBeyondAsker(asked: Map<string, Set<number>>, holders: Map<string, number[]>): string[] {
  const out: string[] = [];
  for (const [key, askers] of asked) {
    const held = holders.get(key) ?? [];
    if (askers.size !== 1 || held.some((id) => !askers.has(id))) out.push(key);
  }
  return out;
}

/** Each key of the slice with the clients asking it. */
function askedBy(clients: readonly EntityView[], keysOf: (e: EntityView) => Iterable<string>): Map<string, Set<number>> {
  const asked = new Map<string, Set<number>>();
  for (const e of clients) {
    for (const key of keysOf(e)) {
      const askers = asked.get(key);
      if (askers) askers.add(e.id);
      else asked.set(key, new Set([e.id]));
    }
  }
  return asked;
}

/**
 * The holders of the slice's domains and 证件号码 that its clients are told of, read for those keys alone: first
 * which clients hold each key (the domain and person rows, no join), then, with their names, the holders of the
 * keys held by another client than the one asking (every client's, the slice's own included) — most keys are
 * held by their asker alone, whose holders factsOf would leave out all the same.
 */
async function factsOfSlice(ctx: RepoContext, certIndex: (n: string) => string, clients: readonly EntityView[], known: { twice: KeysHeldTwice; stored: StoredKeys } | null): Promise<Preloaded> {
  const domains = askedBy(clients, (e) => e.websites.flatMap((w) => w.domains.flatMap((d) => toAsciiDomain(d) ?? [])));
  const certs = askedBy(clients, (e) => e.people.flatMap((p) => {
    const n = normalizeNumber(p.certNumber);
    return n.trim() ? [certIndex(n)] : [];
  }));
  // with the run's keys held twice: only the keys that may be held beyond their asker are looked up
  const unsureDomains = known ? unsure(domains, known.twice.domains, known.stored.domains) : domains;
  const unsureCerts = known ? unsure(certs, known.twice.certs, known.stored.certs) : certs;
  const sharedDomains = heldBeyondAsker(unsureDomains, await domainHolderClients(ctx, [...unsureDomains.keys()]));
  const sharedCerts = heldBeyondAsker(unsureCerts, await certHolderClients(ctx, [...unsureCerts.keys()]));
  return { domains: await domainHoldersOf(ctx, sharedDomains), certs: await certHoldersOf(ctx, sharedCerts) };
}

/**
 * The asked keys that may be held beyond their asker: all but those asked by one client that holds the key
 * itself, as stored (`own`: a key made from the record may differ from the stored one, e.g. a number written
 * before it was normalised), and that no other row holds (not in `twice`) — for such a key heldBeyondAsker
 * would find the asker alone.
 */
function unsure(asked: Map<string, Set<number>>, twice: ReadonlySet<string>, own: Map<number, Set<string>>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const [key, askers] of asked) {
    const [only] = askers;
    if (askers.size === 1 && !twice.has(key) && own.get(only!)?.has(key) === true) continue;
    out.set(key, askers);
  }
  return out;
}

export interface ReadSlice {
  /** The slice's clients that still exist, in the slice's order, ready for checkRecords. */
  toCheck: RecordToCheck[];
  /** Clients with an open order read on a worker: their material findings are the store's thread's to make. */
  aside: number[];
  /** Clients read at another revision than `revisionOf` gave: neither checked nor set aside, left stale for the next run. */
  moved: number[];
}

export async function readSlice(reader: SliceReader, ids: readonly number[]): Promise<ReadSlice> {
  // first, so that what follows is read in the snapshot it vouches for (the caller's one read transaction)
  const heldTwice = reader.heldTwice && (await lastAuditId(reader.ctx)) === reader.heldTwice.lastAudit ? reader.heldTwice : null;
  // the keys of the slice's clients as stored, from the rows read for their views
  const stored = heldTwice ? noStoredKeys() : undefined;
  const byId = await clientsOf(reader.ctx, ids, stored);
  const clients = ids.flatMap((id) => byId.get(id) ?? []);
  const aside: number[] = [];
  // the clients checked here with an open order, and their filed state, read for the slice at once: their rules are
  // judged with the order (its type, provider, websites; a change against the filed snapshot), as the order is
  const open = new Map<number, OrderRow>();
  const materials = await materialsOf(reader, clients, aside, open);
  const filed = open.size ? await latestFiledOf(reader.ctx, [...open.keys()]) : new Map<number, FiledState>();
  // each 证件号码's blind index (an HMAC) made once for the slice: its holders are read by it, and each client's facts keep it
  const indexes = new Map<string, string>();
  const certIndex = (n: string) => {
    let i = indexes.get(n);
    if (i === undefined) indexes.set(n, (i = reader.ctx.codec.index('cert', n)));
    return i;
  };
  const known = heldTwice && stored ? { twice: heldTwice, stored } : null;
  const facts = await factsOfSlice(reader.ctx, certIndex, clients, known);
  // the revisions read last: outside one snapshot (a slice read on PostgreSQL's own thread) a revision unmoved after
  // every other read vouches that they all read it (each write moves it in the write's own transaction)
  const moved = new Set<number>();
  if (reader.revisionOf) {
    const now = await revisionsOf(reader.ctx, clients.map((e) => e.id));
    for (const e of clients) if (now.get(e.id) !== reader.revisionOf(e.id)) moved.add(e.id);
  }
  const leftOut = new Set([...aside, ...moved]);
  return {
    toCheck: clients.filter((e) => !leftOut.has(e.id)).map((e) => {
      const c: RecordToCheck = { id: e.id, client: e, facts: factsOf(certIndex, e, facts), materials: materials.get(e.id) ?? [] };
      const o = open.get(e.id);
      if (o) {
        const f = filed.get(e.id);
        c.order = { type: o.type, provider: o.provider, websiteIds: o.websiteIds, filed: f && CHANGE_FILING_TYPES.includes(o.type) ? { record: f.record } : null };
        c.facts.filedProviders = f?.providers ?? [];
      }
      return c;
    }),
    aside: aside.filter((id) => !moved.has(id)),
    moved: [...moved],
  };
}
