// Importing a transfer archive: the whole archive is read and checked first (main/export/transfer.ts),
// then every material's content and every domain against the desk (V-DOM-11), and only then is anything
// written — each client in its own transaction through the clients service, with its own log entries.
// A client already here (same 主体证件号码) is merged: people by 证件号码, websites by any domain, materials
// by content, orders by type, provider and creation time, the filed state only when it has none yet; so
// importing the same archive again adds nothing.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Desk } from '../desk';
import { writeFileAtomic } from '../files/atomicWrite';
import { appendAudit } from '../db/repositories/audit';
import { entityWithCertNumber, getEntity, setEntityPrincipal } from '../db/repositories/entities';
import { filedVersions, insertFiled } from '../db/repositories/filed';
import { hasFilingPassword } from '../db/repositories/filingPassword';
import { insertMaterial, materialsOfEntity, printedIndex } from '../db/repositories/materials';
import { OUTDATED_ELSEWHERE, sheetRecordDigest } from '../domain/sheetRecord';
import type { EntityView } from '../domain/views';
import { countOpenOrders, getOrderRow } from '../db/repositories/orders';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { insertOrderWithHistory, insertRejectionRounds, sameOrder } from '../db/repositories/transferredOrders';
import { domainOwners } from '../db/repositories/websites';
import { DeskError } from '../domain/errors';
import type { FiledRecord } from '../domain/filed';
import { toAsciiDomain } from '../domain/identifiers';
import type { ClientRecord } from '../domain/schemas';
import { ONE_DOMAIN_ONE_SUBJECT } from '../rules/websiteRules';
import { carriedNoLaterThan, readTransferArchive, refsFromPositions, type ArchivedClient, type ArchivedFiled, type ArchivedMaterial, type ArchivedOrder, type ArchivedRecord } from '../export/transfer';
import { recordTransferImport } from '../export/transferLog';
import { recordBorrowed } from './leaseVersions';
import { CLOSED_STATES } from '../filings/stateMachine';
import { addPerson, addWebsite, createClients, withStagedBytes } from './clients';
import { setFilingPassword } from './filingPassword';
import { checkMaterialContent } from './materialContent';
import { orderChecklist } from './orders';
import { baselineNow } from './rejections';

export interface ImportResult {
  created: number;
  merged: number;
  people: number;
  websites: number;
  materials: number;
  orders: number;
  filed: number;
}

const asciiOf = (d: string) => toAsciiDomain(d) ?? d;

/**
 * V-DOM-11 (one domain, one client) before anything is written: a domain of an archived client that is
 * held here by another client, or by another client of the same archive, refuses the whole import.
 */
export async function assertDomainsFree(desk: Desk, clients: readonly ArchivedClient[]): Promise<void> {
  const inArchive = new Map<string, string>();
  for (const c of clients) {
    const here = (await entityWithCertNumber(desk.ctx, c.record.entity.certNumber))?.id ?? null;
    const domains = c.record.websites.flatMap((w) => w.domains);
    for (const d of domains) {
      const other = inArchive.get(asciiOf(d));
      if (other !== undefined && other !== c.record.entity.certNumber) {
        throw new DeskError('CONFLICT', `传输文件中两个客户都有域名“${d}”：${ONE_DOMAIN_ONE_SUBJECT}（V-DOM-11），未导入任何内容`);
      }
      inArchive.set(asciiOf(d), c.record.entity.certNumber);
    }
    const [owner] = await domainOwners(desk.ctx, domains.map(asciiOf), here);
    if (owner) {
      const shown = domains.find((d) => asciiOf(d) === owner.domain) ?? owner.domain;
      throw new DeskError('CONFLICT', `客户“${c.record.entity.name}”的域名“${shown}”已登记在本机客户“${owner.name}”（编号 ${owner.entityId}）名下：${ONE_DOMAIN_ONE_SUBJECT}（V-DOM-11），未导入任何内容`, [
        { path: ['websites'], message: '核对域名持有者，在本机改正后再导入' },
      ]);
    }
  }
}

export async function importTransfer(desk: Desk, file: string, passphrase: string): Promise<ImportResult> {
  const { data, blobs } = await readTransferArchive(file, passphrase);
  // a check-in merges by row versions, never as a plain transfer (that would overwrite what the lender changed)
  if (data.lease?.kind === 'checkin') throw new DeskError('ARCHIVE_INVALID', `这是出借给“${data.lease.desk}”的客户的归还文件：请在 设置 → 传输 → 出借与归还 中“归还”，不能作为普通传输文件导入`);
  await checkCarriedMaterials(data.clients, blobs);
  await assertDomainsFree(desk, data.clients);
  const result: ImportResult = { created: 0, merged: 0, people: 0, websites: 0, materials: 0, orders: 0, filed: 0 };
  // the archive's bytes are held from their stage to the commit, then those no material uses are freed
  return await withStagedBytes(desk, [...blobs.values()], () =>
    // The whole archive is one transaction: a client refused while merging (an open order here, say)
    // leaves the desk as it was, so the operator settles it and imports the same file again.
    desk.sql.tx(async () => {
      for (const c of data.clients) {
        const merged = await mergeClient(desk, c, result, (h) => blobs.get(h)!);
        await recordTransferImport(desk.ctx, merged.entityId, c.log ?? [], merged.created);
        // a client checked out to this desk: which of its rows here stand for which of the lender's
        if (data.lease?.kind === 'checkout' && c.versions) await recordBorrowed(desk, data.lease, c, merged);
      }
      await appendAudit(desk.ctx, { action: 'transfer.import', targetType: 'desk', targetId: null, entityId: null, detail: { ...result, ...(data.lease ? { lease: data.lease.id } : {}) } });
      return result;
    }),
  );
}

/** Materials from another desk (perhaps one that took anything) pass the upload's content check before anything is written; the type stored is the one read from the content. */
export async function checkCarriedMaterials(clients: readonly ArchivedClient[], blobs: ReadonlyMap<string, Buffer>): Promise<void> {
  for (const c of clients) {
    for (const m of c.materials) {
      try {
        m.mime = (await checkMaterialContent(m.kind, blobs.get(m.sha256)!)).mime;
      } catch (err) {
        throw err instanceof DeskError ? new DeskError('ARCHIVE_INVALID', `传输文件中的材料“${m.fileName}”不能导入：${err.message}`) : err;
      }
    }
  }
}

export interface Ids {
  entityId: number;
  /** record key (p1 …) → person id here */
  people: Map<string, number>;
  /** record position → website id here (none: a check-in did not add it, its parent gone here) */
  websites: (number | undefined)[];
  /** archive position → material id here (none: a check-in did not add it) */
  materials: (number | undefined)[];
  /** archive position → order id here (filled by mergeCarried; none: a check-in did not add it) */
  orders?: (number | undefined)[];
  /**
   * record key → the identity stamp here of a person matched here (not created) whose name, 证件类型 and 证件号码
   * are the ones carried: a material fresh against the carried stamp shows this person as they are here too.
   */
  sameIdentityHere?: Map<string, string>;
}

/**
 * When a carried material counts as uploaded here: its own time, or — for a person matched here with the same
 * identity, and fresh against the carried stamp — no earlier than that person's identity stamp here (the client
 * was entered here after the upload there: the scan still shows who the record names).
 */
function uploadedHere(m: ArchivedMaterial, c: ArchivedClient, ids: Ids): string | undefined {
  const here = m.person ? ids.sameIdentityHere?.get(m.person) : undefined;
  if (m.createdAt === undefined || here === undefined) return m.createdAt;
  const there = c.identityChangedAt?.[m.person!];
  const freshThere = there === undefined || m.createdAt >= there;
  return freshThere && m.createdAt < here ? here : m.createdAt;
}

/**
 * A check-in's say over the rows mergeCarried would add (leaseOrphans.ts): true when a row is not to be
 * added — listed for a person because what it hangs on was deleted here, or deleted here itself.
 */
export interface CarriedHold {
  material(m: ArchivedMaterial, at: number): Promise<boolean>;
  /** an order not on this desk yet (an order already here is matched first) */
  order(a: ArchivedOrder): Promise<boolean>;
}

/** One client: matched by 证件号码, then people by 证件号码, websites by any domain, materials by hash and kind. */
async function mergeClient(desk: Desk, carried: ArchivedClient, result: ImportResult, bytesOf: (sha256: string) => Buffer): Promise<Ids & { created: boolean }> {
  const ctx = desk.ctx;
  const c = carriedNoLaterThan(carried, ctx.now());
  const record = c.record;
  const existingId = (await entityWithCertNumber(ctx, record.entity.certNumber))?.id;
  let ids: Ids;
  if (existingId === undefined) {
    const made = (await createClients(desk, [record], [c.identityChangedAt]))[0]!;
    ids = { entityId: made.id, people: new Map(Object.entries(made.personIds)), websites: made.websiteIds, materials: [] };
    result.created++;
    result.people += record.people.length;
    result.websites += record.websites.length;
  } else {
    ids = await mergeInto(desk, existingId, record, result, c.identityChangedAt);
    result.merged++;
  }
  await mergeCarried(desk, c, ids, result, bytesOf);
  return { ...ids, created: existingId === undefined };
}

/** What comes with a client's rows, onto rows already matched (`ids`): materials by content, the 备案密码 when none is here, orders not here yet, the filed state when it has none. */
export async function mergeCarried(desk: Desk, c: ArchivedClient, ids: Ids, result: Pick<ImportResult, 'materials' | 'orders' | 'filed'>, bytesOf: (sha256: string) => Buffer, hold?: CarriedHold): Promise<void> {
  await mergeCarriedMaterials(desk, c, ids, result, bytesOf, hold);
  await mergeCarriedOrders(desk, c, ids, result, hold);
}

/** The materials part of mergeCarried (`ids.materials` filled): a check-in carries the lent orders between it and the rest. */
export async function mergeCarriedMaterials(desk: Desk, c: ArchivedClient, ids: Ids, result: Pick<ImportResult, 'materials'>, bytesOf: (sha256: string) => Buffer, hold?: CarriedHold): Promise<void> {
  const ctx = desk.ctx;
  const entityId = ids.entityId;
  const have = await materialsOfEntity(ctx, entityId);
  let entity: EntityView | undefined;
  for (const [at, m] of c.materials.entries()) {
    if (hold && (await hold.material(m, at))) {
      ids.materials.push(undefined);
      continue;
    }
    const personId = m.person ? (ids.people.get(m.person) ?? null) : null;
    const websiteId = m.website !== null ? (ids.websites[m.website] ?? null) : null;
    const same = have.find((h) => h.sha256 === m.sha256 && h.kind === m.kind && h.personId === personId && h.websiteId === websiteId);
    if (same) {
      ids.materials.push(same.id);
      continue;
    }
    const bytes = bytesOf(m.sha256);
    // uploaded when it was there (an archive written before says not: now), so that it is judged stale here
    // as it was there against its person's identity stamp, carried too (V-MAT-04)
    // a signed 核验单 stale there stays stale here; one that matched the record there keeps the record it arrives with
    let printedDigest: string | null = null;
    if (m.printed === 'outdated') printedDigest = OUTDATED_ELSEWHERE;
    else if (m.printed === 'current' && websiteId !== null) printedDigest = sheetRecordDigest((entity ??= (await getEntity(ctx, entityId))!), websiteId, printedIndex(ctx));
    const mid = await insertMaterial(ctx, { entityId, personId, websiteId, kind: m.kind, fileName: m.fileName, sha256: m.sha256, size: bytes.byteLength, mime: m.mime, createdAt: uploadedHere(m, c, ids), printedDigest, printedFor: m.printedFor ?? null });
    await desk.blobs.attach(mid, bytes);
    ids.materials.push(mid);
    result.materials++;
  }
}

/** The rest of mergeCarried, after its materials: the 备案密码 (unless `password` is false), orders not here yet, the filed state. */
export async function mergeCarriedOrders(desk: Desk, c: ArchivedClient, ids: Ids, result: Pick<ImportResult, 'orders' | 'filed'>, hold?: CarriedHold, password = true): Promise<void> {
  const ctx = desk.ctx;
  const entityId = ids.entityId;
  if (password && c.filingPassword !== null && !await hasFilingPassword(ctx, entityId)) await setFilingPassword(desk, entityId, c.filingPassword);
  const orderIds: (number | undefined)[] = [];
  for (const o of c.orders) orderIds.push(await importOrder(desk, ids, o, result, hold));
  ids.orders = orderIds;
  // the filed state is one history: taken whole when the client has none, never interleaved with one it has
  if (c.filed.length && (await filedVersions(ctx, entityId)).length === 0) {
    for (const s of c.filed) await insertFiled(ctx, { entityId, ...filedHere(s, ids, orderIds) });
    result.filed += c.filed.length;
  }
  await refreshSearchIndex(ctx, entityId);
}

async function mergeInto(desk: Desk, entityId: number, record: ClientRecord, result: ImportResult, identityChangedAt: ArchivedClient['identityChangedAt']): Promise<Ids> {
  const ctx = desk.ctx;
  const current = (await getEntity(ctx, entityId))!;
  const people = new Map<string, number>();
  const sameIdentityHere = new Map<string, string>();
  for (const { id: key, ...p } of record.people) {
    const match = current.people.find((x) => ctx.codec.index('cert', x.certNumber) === ctx.codec.index('cert', p.certNumber));
    if (match) {
      people.set(key, match.id);
      if (match.name === p.name && match.certType === p.certType) sameIdentityHere.set(key, match.identityChangedAt);
    } else {
      people.set(key, (await addPerson(desk, entityId, p, identityChangedAt?.[key])).id);
      result.people++;
    }
  }
  if (current.principalPersonId === null) await setEntityPrincipal(ctx, entityId, people.get(record.entity.principal)!);
  const websites: number[] = [];
  const known = new Map(current.websites.flatMap((w) => w.domains.map((d) => [asciiOf(d), w.id] as const)));
  for (const { principal, ...w } of record.websites) {
    const match = w.domains.map((d) => known.get(asciiOf(d))).find((x) => x !== undefined);
    if (match !== undefined) websites.push(match);
    else {
      websites.push((await addWebsite(desk, entityId, { ...w, principalPersonId: people.get(principal)! })).id);
      result.websites++;
    }
  }
  return { entityId, people, websites, materials: [], sameIdentityHere };
}

function refsHere(s: string, ids: Ids): string {
  return refsFromPositions(
    s,
    (at) => ids.people.get(`p${at + 1}`),
    (at) => ids.websites[at],
  );
}

/** The order as it was there, with this desk's ids; the same order arriving again is not added twice. */
async function importOrder(desk: Desk, ids: Ids, a: ArchivedOrder, result: Pick<ImportResult, 'orders'>, hold?: CarriedHold): Promise<number | undefined> {
  const ctx = desk.ctx;
  const { websites, ...order } = a.order;
  const again = await sameOrder(ctx, ids.entityId, order);
  if (again !== undefined) return again;
  if (hold && (await hold.order(a))) return undefined;
  // one open order per 主体 (V-CHG-07): an open order does not join another open one
  if (!CLOSED_STATES.includes(order.state) && await countOpenOrders(ctx, ids.entityId, CLOSED_STATES, null) > 0) {
    const name = (await getEntity(ctx, ids.entityId))!.name;
    throw new DeskError('CONFLICT', `客户“${name}”在本机已有未完成的订单，传输文件中的${order.type}订单（${order.state}）不能同时导入：同一主体同时只能有一个未完成订单`);
  }
  // a material of the archive that a check-in did not add (leaseOrphans.ts) is not linked; one beyond the archive's is an error
  const material = (at: number): number[] => {
    if (at >= ids.materials.length) throw new DeskError('ARCHIVE_INVALID', `传输文件中的${order.type}订单指向不存在的材料（第 ${at + 1} 个）`);
    const m = ids.materials[at];
    return m === undefined ? [] : [m];
  };
  const id = await insertOrderWithHistory(ctx, ids.entityId, {
    order: { ...order, websiteIds: websites.flatMap((i) => (ids.websites[i] === undefined ? [] : [ids.websites[i]!])) },
    events: a.events,
    links: a.links.flatMap((l) => material(l.material).map((materialId) => ({ slot: refsHere(l.slot, ids), materialId }))),
    overrides: a.overrides.flatMap(({ material: m, ...o }) => material(m).map((materialId) => ({ ...o, slot: refsHere(o.slot, ids), materialId }))),
    gongan: a.gongan.flatMap(({ website, ...g }) => (ids.websites[website] === undefined ? [] : [{ ...g, websiteId: ids.websites[website]! }])),
    authCodes: a.authCodes,
    submitted: a.submitted ? { submittedAt: a.submitted.at, record: recordHere(a.submitted.record, ids) } : null,
  });
  if (a.rejections.length) {
    // an untouched reason stays untouched: its baseline is what its target holds here now (the vault key differs)
    const row = (await getOrderRow(ctx, id))!;
    const e = (await getEntity(ctx, ids.entityId))!;
    const checklist = await orderChecklist(desk, row, false);
    await insertRejectionRounds(
      ctx,
      id,
      a.rejections.map((r) => ({
        ...r,
        reasons: r.reasons.map(({ open, ...x }) => {
          const target = refsHere(x.target, ids);
          return { ...x, target, baseline: open ? baselineNow(desk, e, row, checklist, target) : 'changed-before-transfer' };
        }),
      })),
    );
  }
  result.orders++;
  return id;
}

/** A filed-form record of the archive (已备案信息, what an order submitted) in this desk's ids. */
export function recordHere(r: ArchivedRecord, ids: Pick<Ids, 'people' | 'websites'>): FiledRecord {
  const key = (k: string) => {
    const id = ids.people.get(k);
    return id === undefined ? k : `p${id}`;
  };
  return {
    entity: { ...r.entity, principal: key(r.entity.principal) },
    people: r.people.map((p) => ({ ...p, id: key(p.id) })),
    websites: r.websites.map(({ websiteIndex, ...w }) => ({ ...w, principal: key(w.principal), websiteId: websiteIndex === null ? null : (ids.websites[websiteIndex] ?? null) })),
  } as unknown as FiledRecord;
}

function filedHere(s: ArchivedFiled, ids: Ids, orderIds: readonly (number | undefined)[]) {
  const record = recordHere(s.record, ids);
  return {
    version: s.version,
    filedAt: s.filedAt,
    origin: s.origin,
    orderId: s.order === null ? null : (orderIds[s.order] ?? null),
    status: s.status,
    entityIcpNumber: s.entityIcpNumber,
    providers: s.providers,
    record,
  };
}

/** An archive uploaded through the page: still encrypted with the transfer passphrase, read from a private temp file and removed. */
export async function importTransferUpload(desk: Desk, archive: Uint8Array, passphrase: string): Promise<ImportResult> {
  const tmp = join(desk.files.root, 'tmp', `import-${randomBytes(6).toString('hex')}.bdtransfer`);
  writeFileAtomic(tmp, archive);
  try {
    return await importTransfer(desk, tmp, passphrase);
  } finally {
    rmSync(tmp, { force: true });
  }
}
