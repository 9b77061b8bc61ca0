// Checking a lease's clients back in on the lending desk (issue 14). The check-in archive says, for every
// row it carries, the lender's id, the version it was lent at and whether the laptop changed it. Per row:
//   laptop unchanged                      → the lender's row stays (changed here or not);
//   laptop changed, lender still at that version → the laptop's fields are written (version bumped,
//                                           logged as an update naming the lease and the operator);
//   both changed, to different values     → nothing written; a lease_conflict row for a person to settle
//                                           (keep the lender's, or take the laptop's), one transaction each.
//   the lender deleted it, the laptop changed it → a lease_conflict row (serverDeleted): restore the
//                                           laptop's version, or confirm the deletion.
// Rows the laptop added (people, websites, materials, orders) are added — or listed, when what they hang
// on was deleted here (leaseOrphans.ts); a person or website it added that matches a lent row it deleted
// (same 证件号码, same domain: entered again) is that row changed there, merged as above; orders that were there at check-out are carried by
// leaseOrders.ts (their 驳回, 公安备案 and 授权码s by leaseFollowUps.ts), rows the laptop deleted by
// leaseDeletions.ts. The whole
// check-in is one transaction: a refusal anywhere leaves the desk as it was. The lease closes when nothing
// is left to settle.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityFieldsOf, entityVersion, getEntity, touchEntity, updateEntity } from '../db/repositories/entities';
import { readFilingPassword, writeFilingPassword } from '../db/repositories/filingPassword';
import { closeLease, CONFLICT_SEALED, conflictsOfLeases, getConflict, IDENTITY_KEY, insertConflict, leaseRow, leaseRows, markCheckedIn, openConflictFields, settleConflictRow, type ConflictTarget, type LeaseConflictRow, type LeaseRow } from '../db/repositories/leases';
import { orderVersion } from '../db/repositories/leaseOrders';
import { getMaterial, materialsOfEntity } from '../db/repositories/materials';
import { getOrderRow } from '../db/repositories/orders';
import { getPerson, personFieldsOf, personVersion, updatePerson } from '../db/repositories/people';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { getWebsite, updateWebsite, websiteFieldsOf, websiteVersion } from '../db/repositories/websites';
import { chinaDateTime } from '../domain/dates';
import { DeskError, notFound } from '../domain/errors';
import { maskNumber } from '../domain/identifiers';
import { CONFLICT_KIND_TEXT, type CheckinResult, type LeaseConflictView, type SettleChoice } from '../domain/leases';
import type { EntityFields, PersonFields, WebsiteFields } from '../domain/schemas';
import type { EntityView, MaterialView } from '../domain/views';
import { carriedNoLaterThan, readTransferArchive, type ArchivedClient, type RowStamp } from '../export/transfer';
import { writeFileAtomic } from '../files/atomicWrite';
import { addPerson, addWebsite, deletePersonInTx, deleteWebsiteInTx, removeFiles, renumberEntity, withStagedBytes } from './clients';
import { labelOf } from './editConflict';
import { carryDeletions } from './leaseDeletions';
import { FOLLOW_UP_LABELS, followUpDifferences, followUpsHere, followUpsShown } from './leaseFollowUps';
import { heldAdditionLabel, holdOrphans, isHeldAddition, listOrphan, refuseHeldAddition, type GoneHere } from './leaseOrphans';
import { applyLaptopOrder, carryOrders, orderShownFields, stateMoveProblem, type LaptopOrder } from './leaseOrders';
import type { LentVersions } from './leaseVersions';
import { deleteMaterialInTx } from './materials';
import { maskEmail, maskOfficePhone } from './privacy';
import { assertDomainsFree, checkCarriedMaterials, mergeCarriedMaterials, mergeCarriedOrders, type Ids } from './transferImport';

/**
 * A 主体's fields with its 备案密码 (null: none): the password is merged with the 主体 — saving it bumps the
 * 主体's version (repositories/filingPassword.ts) — taken, kept or listed as one of its fields.
 */
type EntityMerged = EntityFields & { filingPassword: string | null };
type Fields = EntityMerged | PersonFields | WebsiteFields;

/** The personal numbers among a row's fields: sealed in lease_conflict, masked when shown. */
const PERSONAL = CONFLICT_SEALED;
/** Never shown in a conflict, even to an operator who revealed the personal numbers (it is revealed on its own page, logged). */
const PASSWORD = 'filingPassword';

/**
 * A person's fields as the laptop has them, with when its identity changed there (person.identity_changed_at,
 * carried by the archive; absent from an archive written before): taken for the laptop, a changed identity
 * takes that time, so the laptop's scans of it stay fresh (V-MAT-04). Kept beside the fields in
 * lease_conflict, never one of them.
 */
function sealFields(desk: Desk, f: Fields, identityChangedAt?: string): string {
  const out: Record<string, unknown> = { ...f };
  for (const [k, kind] of Object.entries(PERSONAL)) if (typeof out[k] === 'string') out[k] = desk.ctx.codec.seal(kind, out[k]);
  if (identityChangedAt !== undefined) out[IDENTITY_KEY] = identityChangedAt;
  return JSON.stringify(out);
}

function openFields(desk: Desk, stored: string): Fields {
  return openConflictFields(desk.ctx, stored) as unknown as Fields;
}

/** When the laptop's person changed identity there, as sealFields kept it (undefined: not carried). */
function carriedIdentity(stored: string): string | undefined {
  const v = (JSON.parse(stored) as Record<string, unknown>)[IDENTITY_KEY];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The laptop's identity stamp for a person of this desk (`personId`), unless this desk holds a material of
 * that person uploaded after it that the laptop does not carry: uploaded here while the laptop's change was
 * not known here, it may show the identity as it was and must not pass as fresh — the write's own time is
 * taken then, as without a carried stamp (everything of the person stale).
 */
function identityStamp(c: ArchivedClient, key: string, personId: number, here: readonly MaterialView[]): string | undefined {
  const carried = c.identityChangedAt?.[key];
  if (carried === undefined) return undefined;
  const laptops = new Set(c.materials.filter((m) => m.person === key).map((m) => `${m.kind}|${m.sha256}`));
  return here.some((m) => m.personId === personId && m.createdAt > carried && !laptops.has(`${m.kind}|${m.sha256}`)) ? undefined : carried;
}

/** Fields whose values differ; absent, null and empty count as the same (an optional field not entered). */
function differing(a: object, b: object): string[] {
  const norm = (v: unknown) => JSON.stringify(v === undefined || v === null ? '' : v);
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  return [...new Set([...Object.keys(ar), ...Object.keys(br)])].filter((k) => norm(ar[k]) !== norm(br[k]));
}

const VERSION_OF = { entity: entityVersion, person: personVersion, website: websiteVersion } as const;

/** The row's fields on this desk now, or undefined when it is gone. */
async function serverFields(desk: Desk, target: RowTarget, id: number): Promise<{ fields: Fields; entityId: number } | undefined> {
  if (target === 'entity') {
    const e = await getEntity(desk.ctx, id);
    return e && { fields: { ...entityFieldsOf(e), filingPassword: await readFilingPassword(desk.ctx, id) }, entityId: e.id };
  }
  if (target === 'person') {
    const p = await getPerson(desk.ctx, id);
    return p && { fields: personFieldsOf(p), entityId: p.entityId };
  }
  const w = await getWebsite(desk.ctx, id);
  return w && { fields: websiteFieldsOf(w), entityId: w.entityId };
}

/**
 * Writes `fields` over `readVersion` (null: someone wrote since), with the update's log entry naming the lease.
 * `identityChangedAt`: a person's, carried from the laptop (see sealFields).
 */
async function writeRow(desk: Desk, target: RowTarget, id: number, entityId: number, fields: Fields, changed: string[], readVersion: number, lease: { id: string; desk: string; source: string }, identityChangedAt?: string): Promise<number | null> {
  const ctx = desk.ctx;
  const w = { readVersion, changed: changed.length > 0 };
  let version: number | null;
  if (target === 'entity') {
    const { filingPassword, ...e } = fields as EntityMerged;
    const write = () => updateEntity(ctx, id, e, w);
    // a 主体证件号码 changed on the laptop may be one another client holds here: refused as the form refuses it
    version = changed.includes('certNumber') ? await renumberEntity(desk, id, e.certNumber, write) : await write();
    if (version !== null && changed.includes(PASSWORD)) {
      await writeFilingPassword(ctx, id, filingPassword || null);
      version = (await entityVersion(ctx, id))!;
    }
  } else {
    version = target === 'person' ? await updatePerson(ctx, id, fields as PersonFields, w, identityChangedAt) : await updateWebsite(ctx, id, entityId, fields as WebsiteFields, w);
  }
  if (version === null) return null;
  if (changed.length) {
    await appendAudit(ctx, { action: `${target}.update`, targetType: target, targetId: id, entityId, detail: { fields: changed, rowVersion: version, lease: lease.id, desk: lease.desk, source: lease.source } });
    if (target !== 'entity') await touchEntity(ctx, entityId);
    await refreshSearchIndex(ctx, entityId);
  }
  return version;
}

interface Tally {
  applied: number;
  kept: number;
  conflicts: number;
  gone: number;
}

type RowTarget = 'entity' | 'person' | 'website';

/**
 * One row of the archive against this desk's row: take the laptop's, keep this desk's, or record a conflict.
 * `identityChangedAt`: a person's, carried from the laptop (see sealFields).
 */
async function mergeRow(desk: Desk, lease: LeaseRow, target: RowTarget, stamp: RowStamp, laptop: Fields, tally: Tally, identityChangedAt?: string): Promise<void> {
  const here = await serverFields(desk, target, stamp.id);
  if (!here && stamp.changed && target !== 'entity') {
    // deleted here while the laptop changed it: a person decides (unchanged there, it stays deleted)
    await insertConflict(desk.ctx, { leaseId: lease.id, target, targetId: stamp.id, baseVersion: stamp.version, serverVersion: null, laptopFields: sealFields(desk, laptop, identityChangedAt), kind: 'serverDeleted' });
    tally.conflicts++;
    return;
  }
  if (!here || here.entityId !== (target === 'entity' ? stamp.id : lease.entity_id)) {
    if (stamp.changed) tally.gone++;
    return;
  }
  const serverVersion = (await VERSION_OF[target](desk.ctx, stamp.id))!;
  const changed = differing(here.fields, laptop);
  if (!stamp.changed || !changed.length) {
    tally.kept++;
    return;
  }
  if (serverVersion === stamp.version) {
    await writeRow(desk, target, stamp.id, here.entityId, laptop, changed, serverVersion, { id: lease.lease_key, desk: lease.desk_name, source: '归还' }, identityChangedAt);
    tally.applied++;
    return;
  }
  await insertConflict(desk.ctx, { leaseId: lease.id, target, targetId: stamp.id, baseVersion: stamp.version, serverVersion, laptopFields: sealFields(desk, laptop, identityChangedAt) });
  tally.conflicts++;
}

/** The lent version of every row the archive names must be the one recorded here: else it is not this lease's archive. */
function assertSameStart(c: ArchivedClient, lent: LentVersions): void {
  const v = c.versions!;
  const recorded = new Map<string, number>([[`e${lent.entity.id}`, lent.entity.version], ...lent.people.map((p) => [`p${p.id}`, p.version] as const), ...lent.websites.map((w) => [`w${w.id}`, w.version] as const)]);
  const stamps: [string, RowStamp | null][] = [[`e${v.entity.id}`, v.entity], ...v.people.map((s) => [`p${s?.id}`, s] as [string, RowStamp | null]), ...v.websites.map((s) => [`w${s?.id}`, s] as [string, RowStamp | null])];
  for (const [k, s] of stamps) {
    if (s && recorded.get(k) !== s.version) throw new DeskError('ARCHIVE_INVALID', `归还文件中客户“${c.record.entity.name}”的版本与出借时记录的不符：这不是这次出借的归还文件，未归还任何内容`);
  }
}

/** Checks a lease's clients back in from the laptop's 归还 archive; see the top of this file. */
export async function checkInLease(desk: Desk, file: string, passphrase: string): Promise<CheckinResult> {
  const { data, blobs } = await readTransferArchive(file, passphrase);
  const lease = data.lease;
  if (!lease || lease.kind !== 'checkin') throw new DeskError('ARCHIVE_INVALID', lease ? '这是出借文件，不是归还文件：请在借用的电脑上导入它，归还时在那里生成归还文件' : '这是普通传输文件，不是归还文件：请用“导入传输文件”导入');
  const rows = await leaseRows(desk.ctx, lease.id, 'lent');
  if (!rows.length) throw new DeskError('NOT_FOUND', `本机没有编号为 ${lease.id.slice(0, 8)}… 的出借记录：这份归还文件不是从本机借出的客户生成的，未归还任何内容`);
  const first = rows[0]!;
  if (first.desk_name !== lease.desk) throw new DeskError('CONFLICT', `这份归还文件来自“${lease.desk}”，而这次出借借给的是“${first.desk_name}”：未归还任何内容`);
  const open = rows.filter((r) => r.state === 'out');
  if (!open.length) {
    const r = rows[0]!;
    throw new DeskError('CONFLICT', `这次出借已于 ${chinaDateTime(r.returned_at ?? r.taken_at)} ${r.state === 'cancelled' ? '取消' : '归还'}（${r.returned_by ?? ''}），不能再次归还`);
  }
  if (open.some((r) => r.checked_in_at !== null)) throw new DeskError('CONFLICT', '这次出借已经归还过，还有冲突待处理：请在冲突列表中逐项处理，不能再次归还');
  for (const c of data.clients) {
    if (!c.versions) throw new DeskError('ARCHIVE_INVALID', `归还文件中的客户“${c.record.entity.name}”没有版本信息，未归还任何内容`);
    const r = open.find((x) => x.entity_id === c.versions!.entity.id);
    if (!r) throw new DeskError('ARCHIVE_INVALID', `归还文件中的客户“${c.record.entity.name}”不在这次出借中，未归还任何内容`);
    assertSameStart(c, JSON.parse(r.row_versions) as LentVersions);
  }
  await checkCarriedMaterials(data.clients, blobs);
  await assertDomainsFree(desk, data.clients);
  const result: CheckinResult = { clients: 0, applied: 0, kept: 0, conflicts: 0, people: 0, websites: 0, materials: 0, orders: 0, filed: 0, gone: 0, deleted: 0, closed: false };
  const freed: string[] = [];
  // the archive's bytes are held from their stage to the commit; after the commit (or the rollback) only
  // bytes no material refers to any more are freed, of those and of the rows the check-in deleted
  return await withStagedBytes(
    desk,
    [...blobs.values()],
    () =>
      desk.sql.tx(async () => {
        // the claim is the first write: a second check-in of this archive (or a cancel) running meanwhile
        // waits for this one on these rows, then finds them taken — what it read before the transaction is stale
        for (const c of data.clients) {
          const r = open.find((x) => x.entity_id === c.versions!.entity.id)!;
          if (!(await markCheckedIn(desk.ctx, r.id))) throw new DeskError('CONFLICT', '这次出借已经归还过（或刚被取消）：可能是他人刚刚导入了同一份归还文件，请刷新出借列表查看，不能再次归还');
        }
        for (const c of data.clients) {
          const r = open.find((x) => x.entity_id === c.versions!.entity.id)!;
          const before = result.conflicts;
          await checkInClient(desk, r, c, result, (h) => blobs.get(h)!, freed);
          if (result.conflicts === before) await closeLease(desk.ctx, r.id, 'returned');
          result.clients++;
          await appendAudit(desk.ctx, { action: 'lease.checkin', targetType: 'entity', targetId: r.entity_id, entityId: r.entity_id, detail: { lease: lease.id, desk: lease.desk, conflicts: result.conflicts - before } });
        }
        // clients of the lease the archive does not carry (the laptop lost them): still out, to cancel on purpose
        result.closed = (await leaseRows(desk.ctx, lease.id, 'lent')).every((r) => r.state !== 'out');
        return result;
      }),
    () => freed,
  );
}

async function checkInClient(desk: Desk, lease: LeaseRow, carried: ArchivedClient, result: CheckinResult, bytesOf: (sha256: string) => Buffer, freed: string[]): Promise<void> {
  const ctx = desk.ctx;
  const c = carriedNoLaterThan(carried, ctx.now());
  const v = c.versions!;
  const entityId = lease.entity_id;
  const current = (await getEntity(ctx, entityId))!;
  const ids: Ids = { entityId, people: new Map(), websites: [], materials: [] };
  const materialsHere = await materialsOfEntity(ctx, entityId);
  // rows of the record deleted here meanwhile: nothing the laptop added is hung on them (leaseOrphans.ts)
  const gone: GoneHere = { people: new Map(), websites: new Map() };
  const lent = JSON.parse(lease.row_versions) as LentVersions;
  // lent rows the laptop deleted and entered again (a new row there, matched to the lent one here by 证件号码
  // or domain): the laptop's row is an edit of the lent one — merged as such, and not carried as a deletion
  const reentered = { people: new Set<number>(), websites: new Set<number>() };
  const reenteredStamp = (kind: 'people' | 'websites', id: number): RowStamp | undefined => {
    const atLending = lent[kind].find((r) => r.id === id);
    if (!atLending || v[kind].some((s) => s?.id === id) || reentered[kind].has(id)) return undefined;
    reentered[kind].add(id);
    return { id, version: atLending.version, changed: true };
  };
  // people first: the entity's and websites' principals name them
  for (const [i, { id: key, ...p }] of c.record.people.entries()) {
    const stamp = v.people[i];
    if (stamp) {
      if (current.people.some((x) => x.id === stamp.id)) ids.people.set(key, stamp.id);
      else gone.people.set(key, `服务器已删除负责人“${p.name}”`);
      await mergeRow(desk, lease, 'person', stamp, p, result, identityStamp(c, key, stamp.id, materialsHere));
      continue;
    }
    const same = current.people.find((x) => ctx.codec.index('cert', x.certNumber) === ctx.codec.index('cert', p.certNumber));
    if (same) {
      ids.people.set(key, same.id);
      const again = reenteredStamp('people', same.id);
      if (again) await mergeRow(desk, lease, 'person', again, p, result, identityStamp(c, key, same.id, materialsHere));
    } else {
      ids.people.set(key, (await addPerson(desk, entityId, p, c.identityChangedAt?.[key])).id);
      result.people++;
    }
  }
  const { principal, ...entity } = c.record.entity;
  const principalHere = ids.people.get(principal) ?? current.principalPersonId;
  await mergeRow(desk, lease, 'entity', v.entity, { ...entity, principalPersonId: principalHere, filingPassword: c.filingPassword } as EntityMerged, result);
  const known = new Map(current.websites.flatMap((w) => w.domains.map((d) => [d, w.id] as const)));
  for (const [i, { principal: wp, ...w }] of c.record.websites.entries()) {
    const stamp = v.websites[i];
    const lenderRow = stamp && current.websites.find((x) => x.id === stamp.id);
    // a 负责人 deleted here: an existing website keeps the one it has here, as the 主体 keeps its own
    const fields = { ...w, principalPersonId: ids.people.get(wp) ?? lenderRow?.principalPersonId ?? principalHere! } as WebsiteFields;
    if (stamp) {
      ids.websites.push(lenderRow ? stamp.id : undefined);
      if (!lenderRow) gone.websites.set(i, `服务器已删除网站“${w.name}”`);
      await mergeRow(desk, lease, 'website', stamp, fields, result);
      continue;
    }
    const same = w.domains.map((d) => known.get(d)).find((x) => x !== undefined);
    const goneParent = gone.people.get(wp);
    if (same !== undefined) {
      ids.websites.push(same);
      const again = reenteredStamp('websites', same);
      if (again) await mergeRow(desk, lease, 'website', again, { ...fields, principalPersonId: ids.people.get(wp) ?? current.websites.find((x) => x.id === same)!.principalPersonId } as WebsiteFields, result);
    } else if (goneParent !== undefined) {
      ids.websites.push(undefined);
      gone.websites.set(i, `笔记本新增的网站“${w.name}”未添加（${goneParent}）`);
      await listOrphan(desk, lease, 'website', sealFields(desk, fields), `${goneParent}，笔记本新增的网站“${w.name}”以其为负责人：未添加；恢复笔记本的版本时以主体负责人为其负责人`, result);
    } else {
      ids.websites.push((await addWebsite(desk, entityId, fields)).id);
      result.websites++;
    }
  }
  const hold = holdOrphans(desk, lease, v, gone, result);
  await mergeCarriedMaterials(desk, c, ids, result, bytesOf, hold);
  // the lent orders before the laptop's new ones: a lent order closed there (已放弃) may be what lets its new one
  // in (one open order per 主体)
  if (v.orders && lent.orders) await carryOrders(desk, lease, c.orders, v.orders, lent.orders, ids, result);
  // its 备案密码 was merged with the 主体 above
  await mergeCarriedOrders(desk, c, ids, result, hold, false);
  await carryDeletions(desk, lease, v, lent, result, freed, reentered);
  await refreshSearchIndex(ctx, entityId);
}

/** The 归还 archive uploaded through the page: read from a private temp file and removed. */
export async function checkInUpload(desk: Desk, archive: Uint8Array, passphrase: string): Promise<CheckinResult> {
  const tmp = join(desk.files.root, 'tmp', `checkin-${randomBytes(6).toString('hex')}.bdtransfer`);
  writeFileAtomic(tmp, archive);
  try {
    return await checkInLease(desk, tmp, passphrase);
  } finally {
    rmSync(tmp, { force: true });
  }
}

// ---- conflicts -------------------------------------------------------------------------------------

function shown(desk: Desk, field: string, value: unknown, e: EntityView | undefined, masked: boolean): string {
  if (value === undefined || value === null || value === '') return '（空）';
  if (field === 'principalPersonId') return e?.people.find((p) => p.id === value)?.name ?? `负责人 ${String(value)}`;
  if (field === PASSWORD) return '（已填写，不显示）';
  const text = Array.isArray(value) ? value.join('、') : String(value as string | number);
  if (!masked) return text;
  // not sealed (a landline is public), but the console takes a mobile there too, masked as the mobile is
  if (field === 'officePhone') return maskOfficePhone(text);
  if (!(field in PERSONAL)) return text;
  return field === 'email' ? maskEmail(text) : maskNumber(text);
}

const ORDER_LABELS: Record<string, string> = { state: '状态', providerOrderNo: '服务商订单号', effectiveDate: '生效日期', change: '变更项', stateChangedAt: '状态变更时间', smsDueAt: '短信核验截止', psbDueAt: '公安备案截止', closedAt: '结束时间', websiteIds: '网站', links: '已关联材料', events: '状态记录' };

/** An order's fields as a conflict shows them: websites by name, links and state moves counted. */
function orderShown(field: string, value: unknown, e: EntityView | undefined): string {
  if (value === undefined || value === null || value === '') return '（空）';
  if (field === 'websiteIds') return (value as number[]).map((id) => e?.websites.find((w) => w.id === id)?.name ?? `网站 ${id}`).join('、') || '（无）';
  if (field === 'links') return `${(value as unknown[]).length} 份`;
  if (field === 'events') return `${String(value as number)} 条`;
  if (field === 'change') return Object.entries(value as Record<string, boolean>).filter(([, on]) => on).map(([k]) => k).join('、') || '（无）';
  if (['stateChangedAt', 'smsDueAt', 'psbDueAt', 'closedAt'].includes(field)) return chinaDateTime(value as string);
  return String(value as string);
}

async function orderConflictView(desk: Desk, c: LeaseConflictRow, e: EntityView | undefined) {
  const here = await orderShownFields(desk.ctx, c.target_id);
  const laptop = JSON.parse(c.laptop_fields) as LaptopOrder;
  const there: Record<string, unknown> = { ...laptop, events: here ? Number(here.events) + laptop.newEvents.length : laptop.newEvents.length };
  const server = here ?? {};
  const fields = Object.keys(ORDER_LABELS).filter((f) => JSON.stringify(f === 'links' ? orderLinkKeys(server[f]) : server[f] ?? null) !== JSON.stringify(f === 'links' ? orderLinkKeys(there[f]) : there[f] ?? null) && (f !== 'events' || laptop.newEvents.length > 0));
  const order = await getOrderRow(desk.ctx, c.target_id);
  const rows = fields.map((field) => ({ field, label: ORDER_LABELS[field]!, server: here ? orderShown(field, server[field], e) : '（已删除）', laptop: orderShown(field, there[field], e) }));
  if (laptop.followUps) {
    // 驳回, 公安备案 and 授权码s: shown as lists, only where they differ
    const mine = followUpsShown(await followUpsHere(desk.ctx, c.target_id), e);
    const theirs = followUpsShown(laptop.followUps, e);
    for (const field of here ? await followUpDifferences(desk.ctx, c.target_id, laptop.followUps) : []) {
      // a difference the short form does not show (a 公安备案 form's other answers, a reason's wording)
      const same = mine[field] === theirs[field];
      rows.push({ field, label: FOLLOW_UP_LABELS[field], server: mine[field], laptop: same ? `${theirs[field]}（其余内容不同）` : theirs[field] });
    }
  }
  return {
    // read now: whether the laptop's state moves can still be taken depends on the order's state now
    reason: order ? await stateMoveProblem(desk, order, laptop) : c.reason,
    label: `订单“${here ? `${String(here.type)} · ${String(here.provider)}` : `编号 ${c.target_id}`}”`,
    serverVersion: here ? await orderVersion(desk.ctx, c.target_id) : null,
    fields: rows,
  };
}

function orderLinkKeys(links: unknown): string[] {
  return ((links as { slot: string; materialId: number }[] | undefined) ?? []).map((l) => `${l.slot}|${l.materialId}`).sort();
}

async function conflictView(desk: Desk, c: LeaseConflictRow, lease: LeaseRow, masked: boolean): Promise<LeaseConflictView> {
  const e = await getEntity(desk.ctx, lease.entity_id);
  const base = { id: c.id, leaseId: lease.lease_key, entityId: lease.entity_id, clientName: e?.name ?? `编号 ${lease.entity_id}`, target: c.target_type, targetId: c.target_id, baseVersion: c.base_version, kind: c.kind, reason: c.reason, masked };
  if (isHeldAddition(c)) return { ...base, targetLabel: heldAdditionLabel(c), serverVersion: null, fields: [] };
  if (c.target_type === 'order') {
    const o = await orderConflictView(desk, c, e);
    return { ...base, reason: o.reason, targetLabel: o.label, serverVersion: o.serverVersion, fields: o.fields };
  }
  if (c.target_type === 'material') {
    // only a lent material the laptop deleted that an order under review here held at check-in (leaseDeletions.ts)
    if (c.kind !== 'laptopDeleted') throw new DeskError('INTERNAL', '材料只会因笔记本删除而列出');
    const m = await getMaterial(desk.ctx, c.target_id);
    const f = JSON.parse(c.laptop_fields) as { fileName?: string };
    return { ...base, targetLabel: `材料“${m?.fileName ?? f.fileName ?? ''}”`, serverVersion: null, fields: [] };
  }
  const target = c.target_type;
  const here = await serverFields(desk, target, c.target_id);
  const laptop = openFields(desk, c.laptop_fields);
  const server: object = here?.fields ?? {};
  // an individual's 主体 证件号码 is a personal number; a unit's is public (as maskEntity)
  const maskHere = (field: string) => masked && (target !== 'entity' || e?.nature === '个人' || field !== 'certNumber');
  const name = target === 'entity' ? '' : (here?.fields as { name?: string } | undefined)?.name ?? (laptop as { name?: string }).name ?? '';
  // a row the laptop deleted: the lender's values, beside nothing
  const fields = c.kind === 'laptopDeleted' ? [] : differing(server, laptop).map((field) => ({
      field,
      label: field === PASSWORD ? '备案密码' : labelOf(target, field),
      server: here ? shown(desk, field, (server as Record<string, unknown>)[field], e, maskHere(field)) : '（已删除）',
      laptop: shown(desk, field, (laptop as Record<string, unknown>)[field], e, maskHere(field)),
    }));
  return {
    ...base,
    targetLabel: target === 'entity' ? '主体信息' : `${target === 'person' ? '负责人' : '网站'}“${name}”`,
    serverVersion: here ? await VERSION_OF[target](desk.ctx, c.target_id) : null,
    fields,
  };
}

/** The rows of a lease still to settle. `revealPurpose`: personal numbers in clear, the reveal logged with its purpose. */
export async function leaseConflicts(desk: Desk, leaseId: string, revealPurpose?: string): Promise<LeaseConflictView[]> {
  const rows = await leaseRows(desk.ctx, leaseId, 'lent');
  if (!rows.length) throw new DeskError('NOT_FOUND', '没有这次出借的记录');
  const open = await conflictsOfLeases(desk.ctx, rows.map((r) => r.id), true);
  const masked = revealPurpose === undefined;
  if (!masked) {
    const purpose = revealPurpose.trim();
    if (!purpose) throw new DeskError('VALIDATION', '请填写查看完整号码的用途', [{ path: ['purpose'], message: '请填写用途' }]);
    await desk.sql.tx(async () => {
      for (const r of rows.filter((x) => open.some((c) => c.lease_id === x.id))) {
        await appendAudit(desk.ctx, { action: 'lease.reveal', targetType: 'entity', targetId: r.entity_id, entityId: r.entity_id, detail: { lease: leaseId, purpose } });
      }
    });
  }
  const views: LeaseConflictView[] = [];
  for (const c of open) views.push(await conflictView(desk, c, rows.find((r) => r.id === c.lease_id)!, masked));
  return views;
}

/**
 * Settles one listed row in one transaction with its log entry. `server` keeps this desk's row as it is
 * (for a row the lender deleted: confirms the deletion); `laptop` takes the laptop's side: its fields over
 * the version stored now, its order (state moves checked against the order's state now), its deletion, or
 * the restoring of a row the lender deleted. The lease of the client is closed when it has nothing left
 * to settle.
 */
export async function settleConflict(desk: Desk, conflictId: number, keep: SettleChoice): Promise<{ leaseClosed: boolean }> {
  const freed: string[] = [];
  const out = await desk.sql.tx(async () => {
    const ctx = desk.ctx;
    const c = await getConflict(ctx, conflictId);
    if (!c) throw notFound('冲突', conflictId);
    const lease = (await leaseRow(ctx, c.lease_id))!;
    if (c.settled) throw new DeskError('CONFLICT', `这项冲突已由${c.settled_by ?? '他人'}于 ${chinaDateTime(c.settled_at ?? c.found_at)} 处理（${CONFLICT_KIND_TEXT[c.kind][c.settled]}）`);
    const source = { id: lease.lease_key, desk: lease.desk_name, source: '冲突处理：采用笔记本' };
    if (keep === 'laptop') await takeLaptop(desk, c, lease, source, freed);
    if (!(await settleConflictRow(ctx, c.id, keep))) throw new DeskError('CONFLICT', '这项冲突刚被他人处理');
    await appendAudit(ctx, { action: 'lease.settle', targetType: c.target_type, targetId: c.target_id, entityId: lease.entity_id, detail: { lease: lease.lease_key, desk: lease.desk_name, keep, kind: c.kind } });
    const left = await conflictsOfLeases(ctx, [lease.id], true);
    if (!left.length) await closeLease(ctx, lease.id, 'returned');
    return { leaseClosed: left.length === 0 };
  });
  await removeFiles(desk, freed);
  return out;
}

async function takeLaptop(desk: Desk, c: LeaseConflictRow, lease: LeaseRow, source: { id: string; desk: string; source: string }, freed: string[]): Promise<void> {
  const ctx = desk.ctx;
  if (isHeldAddition(c)) refuseHeldAddition(c);
  if (c.target_type === 'order') {
    const version = await orderVersion(ctx, c.target_id);
    if (version === null) throw new DeskError('CONFLICT', '服务器上的这个订单已不存在，只能保留服务器版本');
    await applyLaptopOrder(desk, c.target_id, JSON.parse(c.laptop_fields) as LaptopOrder, version, source);
    return;
  }
  const target = c.target_type;
  const detail = { lease: lease.lease_key, desk: lease.desk_name, source: '冲突处理：按笔记本删除' };
  if (target === 'material') {
    if (c.kind !== 'laptopDeleted') throw new DeskError('INTERNAL', '材料只会因笔记本删除而列出');
    // still refused while an order under review uses it (deleteMaterialInTx)
    if (await getMaterial(ctx, c.target_id)) freed.push(...(await deleteMaterialInTx(desk, c.target_id, detail)));
    return;
  }
  if (c.kind === 'laptopDeleted') {
    if (target === 'entity') throw new DeskError('INTERNAL', '客户本身不会按笔记本删除');
    if ((await VERSION_OF[target](ctx, c.target_id)) === null) return;
    freed.push(...(await (target === 'person' ? deletePersonInTx : deleteWebsiteInTx)(desk, c.target_id, detail)));
    return;
  }
  const here = await serverFields(desk, target, c.target_id);
  const laptop = openFields(desk, c.laptop_fields);
  if (c.kind === 'serverDeleted') {
    if (here) throw new DeskError('CONFLICT', '这一行已在服务器上恢复过');
    await restoreRow(desk, target, lease.entity_id, laptop, carriedIdentity(c.laptop_fields));
    return;
  }
  if (!here) throw new DeskError('CONFLICT', '服务器上的这一行已被删除，只能保留服务器版本');
  const version = (await VERSION_OF[target](ctx, c.target_id))!;
  // a material of the person uploaded here since the check-in (when identityStamp judged those before) may
  // show the identity as it is here: the laptop's stamp is not taken then
  const carried = carriedIdentity(c.laptop_fields);
  const since = carried !== undefined && target === 'person' && (await materialsOfEntity(ctx, here.entityId)).some((m) => m.personId === c.target_id && m.createdAt > c.found_at);
  await writeRow(desk, target, c.target_id, here.entityId, laptop, differing(here.fields, laptop), version, source, since ? undefined : carried);
}

/** A person or website the lender deleted, added again as the laptop has it (a new row, logged as created). */
async function restoreRow(desk: Desk, target: RowTarget, entityId: number, laptop: Fields, identityChangedAt?: string): Promise<void> {
  if (target === 'person') {
    await addPerson(desk, entityId, laptop as PersonFields, identityChangedAt);
    return;
  }
  if (target === 'entity') throw new DeskError('INTERNAL', '客户本身不会在出借中被删除');
  const e = (await getEntity(desk.ctx, entityId))!;
  const w = laptop as WebsiteFields;
  // its principal may be gone too: then the 主体负责人, changeable later like any website's
  const principal = e.people.some((p) => p.id === w.principalPersonId) ? w.principalPersonId : e.principalPersonId!;
  await addWebsite(desk, entityId, { ...w, principalPersonId: principal });
}
