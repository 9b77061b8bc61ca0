// Client services: every write is one transaction with its audit entry; files are freed only after the
// rows that referenced them are gone.
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit, changedFields, listAudit, type AuditEvent } from '../db/repositories/audit';
import { deleteEntity, entityExists, entityFieldsOf, entityWithCertNumber, getEntity, insertEntity, isDeadlockedClient, isSecondClient, listEntities, setEntityPrincipal, touchEntity, updateEntity, type ListQuery } from '../db/repositories/entities';
import { materialHashes, unreferencedHashes } from '../db/repositories/materials';
import { deletePerson, getPerson, insertPerson, personFieldsOf, updatePerson } from '../db/repositories/people';
import { checkpointTruncate } from '../db/repositories/reseal';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { deleteWebsite, getWebsite, insertWebsite, updateWebsite, websiteFieldsOf } from '../db/repositories/websites';
import type { DeletionReason } from '../domain/enums';
import type { ClientRecord, EntityFields, PersonFields, WebsiteFields } from '../domain/schemas';
import type { AuditEntry, EntityView, PersonView, WebsiteView } from '../domain/views';
import { recordOf } from '../export/record';
import type { StoredBytes } from '../files/materialBlobs';
import { checkDraft, type CheckResult } from './checks';
import { recordFiledFromBefore } from './filedState';
import { maskEntity, maskPerson } from './privacy';
import { assertWritten } from './editConflict';
import { closeGonganOfClient } from './gongan';
import { assertNotLent, settleConflictsOfDeletedPerson } from './leaseGuard';
import { refuseClientDeletionUnderReview, refuseIfUnderReview } from './submittedOrders';

export interface CreatedClient {
  id: number;
  personIds: Record<string, number>;
  websiteIds: number[];
}

/**
 * One 主体 is one client: the 主体证件号码 is its identity at the provider and the MIIT (one 备案密码 per
 * 主体, its later sites filed as 新增网站 under it — domain.md §1, S3/S4), and one open order per 主体
 * (V-CHG-07) holds only if its orders are on one client. A second client with the same number is refused.
 */
async function assertNewEntity(desk: Desk, certNumber: string, exceptId: number | null): Promise<void> {
  const holder = await entityWithCertNumber(desk.ctx, certNumber, exceptId);
  if (!holder) return;
  const message = `该主体证件号码已登记为客户“${holder.name}”（编号 ${holder.id}）：同一主体只能是一个客户`;
  throw new DeskError('CONFLICT', message, [{ path: ['entity', 'certNumber'], message: `${message}，请在该客户下新增网站或修改其信息` }]);
}

/**
 * The store's index (migration 0030) held a write back and the client holding the number was then gone when
 * looked for: deleted in the moment between. Rare enough to be told plainly; saving again will do.
 */
function heldBackByGoneClient(): DeskError {
  const message = '该主体证件号码刚被另一个客户登记（该客户随后又被删除）：同一主体只能是一个客户';
  return new DeskError('CONFLICT', message, [{ path: ['entity', 'certNumber'], message: `${message}，请重新保存` }]);
}

/**
 * Two transactions each holding a new client, not yet committed, that the other is creating too (two Excel
 * imports of overlapping rows in different orders, on a team server): each waits on the other at the store's
 * index and PostgreSQL gives up one insert (a deadlock). Which client will hold the 主体 is not known until the
 * other commits: this one is refused, the other goes on.
 */
function createdMeanwhile(): DeskError {
  const message = '该主体证件号码正由另一位操作员同时登记为客户：同一主体只能是一个客户';
  return new DeskError('CONFLICT', message, [{ path: ['entity', 'certNumber'], message: `${message}，请稍后在客户列表中查找该主体，未登记时再保存` }]);
}

/**
 * The look-up in assertNewEntity cannot see another operator's client not yet committed (team server, read
 * committed): the store's unique index can. It holds the write back once that client has committed, when the
 * look-up, asked again, finds it and gives the same refusal.
 */
async function refuseHeldBack(desk: Desk, certNumber: string, exceptId: number | null): Promise<never> {
  await assertNewEntity(desk, certNumber, exceptId);
  throw heldBackByGoneClient();
}

/**
 * Runs `write`, which gives client `id` another 主体证件号码 (an edit of its 主体, a lease's check-in), refused
 * when another client holds that number, before the write or — a client committed meanwhile — by the store's
 * index. The write is undone alone (a savepoint: on PostgreSQL a violation aborts the transaction, and the
 * holder has to be read after it).
 */
export async function renumberEntity<T>(desk: Desk, id: number, certNumber: string, write: () => Promise<T>): Promise<T> {
  await assertNewEntity(desk, certNumber, id);
  try {
    return await desk.sql.savepoint(write);
  } catch (err) {
    if (isSecondClient(err)) await refuseHeldBack(desk, certNumber, id);
    throw err;
  }
}

/** `identityChangedAt`: by record person key, when each person's identity changed on the desk a record was carried from. */
async function insertRecord(desk: Desk, record: ClientRecord, identityChangedAt?: Readonly<Record<string, string>>): Promise<CreatedClient> {
  const ctx = desk.ctx;
  const { principal, ...entityFields } = record.entity;
  await assertNewEntity(desk, entityFields.certNumber, null);
  const id =
    (await insertEntity(ctx, { ...entityFields, principalPersonId: null }).catch((err: unknown) => {
      throw isDeadlockedClient(err) ? createdMeanwhile() : err;
    })) ?? (await refuseHeldBack(desk, entityFields.certNumber, null));
  const personIds: Record<string, number> = {};
  for (const { id: key, ...person } of record.people) personIds[key] = await insertPerson(ctx, id, person, identityChangedAt?.[key]);
  await setEntityPrincipal(ctx, id, personIds[principal]!);
  const websiteIds: number[] = [];
  for (const { principal: wp, ...w } of record.websites) websiteIds.push(await insertWebsite(ctx, id, { ...w, principalPersonId: personIds[wp]! }));
  await refreshSearchIndex(ctx, id);
  await appendAudit(ctx, { action: 'entity.create', targetType: 'entity', targetId: id, entityId: id, detail: { people: record.people.length, websites: record.websites.length } });
  return { id, personIds, websiteIds };
}

/**
 * A new client from the API or the CLI, with the findings the form shows while it is typed (the record
 * against the rules and the other clients, e.g. V-DOM-11): saving is not blocked by them, as in the UI.
 */
export async function createClientChecked(desk: Desk, record: ClientRecord): Promise<CreatedClient & { check: CheckResult }> {
  // a record whose filing.before holds what was filed elsewhere: that becomes its filed state, same transaction
  const [created] = await desk.sql.tx(async () => {
    const made = await createClients(desk, [record]);
    await recordFiledFromBefore(desk, made[0]!, record);
    return made;
  });
  return { ...created!, check: await checkDraft(desk, record, created!.id) };
}

/** Creates one client per record, all in one transaction: either every record is stored or none. */
export async function createClients(desk: Desk, records: readonly ClientRecord[], identityChangedAt: readonly (Readonly<Record<string, string>> | undefined)[] = []): Promise<CreatedClient[]> {
  return await desk.sql.tx(async () => {
    const out: CreatedClient[] = [];
    for (const [i, r] of records.entries()) out.push(await insertRecord(desk, r, identityChangedAt[i]));
    return out;
  });
}

/** A client as screens show it: personal numbers masked. */
export async function getClient(desk: Desk, id: number): Promise<EntityView> {
  return maskEntity(await getClientClear(desk, id));
}

/** A client with personal numbers in clear, for internal use (no audit entry: callers decide). */
export async function getClientClear(desk: Desk, id: number): Promise<EntityView> {
  const e = await getEntity(desk.ctx, id);
  if (!e) throw notFound('客户', id);
  return e;
}

/** A client in clear for an operator who asked to see it (e.g. to edit): the reveal is audited. */
export async function revealClient(desk: Desk, id: number, purpose: string): Promise<EntityView> {
  return await desk.sql.tx(async () => {
    const e = await getClientClear(desk, id);
    await appendAudit(desk.ctx, { action: 'entity.reveal', targetType: 'entity', targetId: id, entityId: id, detail: { purpose, people: e.people.length } });
    return e;
  });
}

export async function revealPerson(desk: Desk, id: number, purpose: string): Promise<PersonView> {
  return await desk.sql.tx(async () => {
    const p = await getPerson(desk.ctx, id);
    if (!p) throw notFound('负责人', id);
    await appendAudit(desk.ctx, { action: 'person.reveal', targetType: 'person', targetId: id, entityId: p.entityId, detail: { purpose } });
    return p;
  });
}

/** The record format back: masked unless reveal is asked for, which is audited. */
export async function exportClient(desk: Desk, id: number, reveal: boolean): Promise<{ revealed: boolean; record: ClientRecord }> {
  if (!reveal) return { revealed: false, record: recordOf(await getClient(desk, id)) };
  return await desk.sql.tx(async () => {
    const e = await getClientClear(desk, id);
    await appendAudit(desk.ctx, { action: 'entity.export', targetType: 'entity', targetId: id, entityId: id, detail: { revealed: true } });
    return { revealed: true, record: recordOf(e) };
  });
}

export async function listClients(desk: Desk, q: ListQuery) {
  return await listEntities(desk.ctx, q);
}

async function assertPersonOf(desk: Desk, entityId: number, personId: number | null, path: (string | number)[]): Promise<void> {
  if (personId === null) return;
  const p = await getPerson(desk.ctx, personId);
  if (!p || p.entityId !== entityId) {
    throw new DeskError('VALIDATION', '所选负责人不属于该客户', [{ path, message: '请从该客户的负责人中选择' }]);
  }
}

/**
 * Saves the 主体 fields. `readVersion`: the version the operator's form read — a save over any other
 * version is refused with EDIT_CONFLICT (someone else saved first) and nothing is written.
 */
export async function updateClientEntity(desk: Desk, id: number, fields: EntityFields, readVersion?: number): Promise<EntityView> {
  await desk.sql.tx(async () => {
    const before = await getEntity(desk.ctx, id);
    if (!before) throw notFound('客户', id);
    if (fields.principalPersonId === null) {
      throw new DeskError('VALIDATION', '请选择主体负责人', [{ path: ['entity', 'principalPersonId'], message: '请选择主体负责人' }]);
    }
    await assertPersonOf(desk, id, fields.principalPersonId, ['entity', 'principalPersonId']);
    const changed = changedFields(entityFieldsOf(before), fields);
    const write = () => updateEntity(desk.ctx, id, fields, { readVersion, changed: changed.length > 0 });
    // a number left as it is cannot meet another client's (and is held by no index violation): no savepoint
    const written = changed.includes('certNumber') ? await renumberEntity(desk, id, fields.certNumber, write) : await write();
    const version = await assertWritten(desk, written, 'entity', id, readVersion);
    await refreshSearchIndex(desk.ctx, id);
    // a save that changes nothing is not something the operator did to the data: no log entry
    if (changed.length) await appendAudit(desk.ctx, { action: 'entity.update', targetType: 'entity', targetId: id, entityId: id, detail: { fields: changed, rowVersion: version } });
  });
  return getClient(desk, id);
}

/** Deletes a client with its people, websites, domains and materials, then frees files nothing else uses. */
export async function deleteClient(desk: Desk, id: number, reason: DeletionReason = '其他'): Promise<{ deletedId: number; removedFiles: number }> {
  const freed = await desk.sql.tx(async () => {
    const e = await getClientClear(desk, id);
    await assertNotLent(desk, e.name, id);
    await refuseClientDeletionUnderReview(desk, id, e.name);
    const hashes = await materialHashes(desk.ctx, { entityId: id });
    await deleteEntity(desk.ctx, id);
    await appendAudit(desk.ctx, {
      action: 'entity.delete',
      targetType: 'entity',
      targetId: id,
      entityId: id,
      detail: { people: e.people.length, websites: e.websites.length, materials: hashes.length, reason },
    });
    return await unreferencedHashes(desk.ctx, hashes);
  });
  const removedFiles = await removeFiles(desk, freed);
  await checkpointTruncate(desk.ctx);
  return { deletedId: id, removedFiles };
}

/**
 * After a transaction that deleted materials (or one that stored bytes and may not have used them): frees the
 * bytes of those of `hashes` no material refers to. Which those are is read again here, in a transaction of
 * its own with the files removed before it ends, so no row committed meanwhile is missed (no other write
 * commits inside it); bytes staged for a row not yet committed are held and left alone (materialBlobs.ts).
 * A team database's bytes went with their rows: nothing to read again.
 */
export async function removeFiles(desk: Desk, hashes: readonly string[]): Promise<number> {
  const candidates = [...new Set(hashes)];
  if (!candidates.length) return 0;
  if (desk.blobs.where === 'database') return desk.blobs.release(candidates);
  return await desk.sql.tx(async () => desk.blobs.release(await unreferencedHashes(desk.ctx, candidates)));
}

/**
 * Stages `data` in the material store, runs `write` (the transaction inserting the rows that point at the
 * bytes) and then, committed or not, ends the stages' hold and frees what of the staged bytes — and of
 * `alsoFreed()`, hashes `write` deleted rows of — no material refers to.
 */
export async function withStagedBytes<T>(desk: Desk, data: readonly Uint8Array[], write: (stored: StoredBytes[]) => Promise<T>, alsoFreed: () => readonly string[] = () => []): Promise<T> {
  const stored: StoredBytes[] = [];
  try {
    for (const d of data) stored.push(desk.blobs.stage(d));
    const written = await write(stored);
    // another process (the CLI beside the app) may have removed a file this stage did not write, before the commit
    // inside a caller's transaction (证件识别 stores its photo in one) the commit is still to come: the check
    // runs before it, so there it guards only against what happened up to now
    for (const [i, d] of data.entries()) desk.blobs.restore(d, stored[i]!.sha256);
    return written;
  } finally {
    const hashes = stored.map((s) => s.sha256);
    desk.blobs.unhold(hashes);
    await removeFiles(desk, [...hashes, ...alsoFreed()]);
  }
}

// ---- people ----------------------------------------------------------------------------------------

/** A person or website of a client changed: the client's updated time, its search row and the audit log follow. */
async function childChanged(desk: Desk, audit: AuditEvent & { entityId: number }): Promise<void> {
  // an edit saved without a change is no change: nothing touched, nothing logged
  if (Array.isArray(audit.detail?.fields) && audit.detail.fields.length === 0) return;
  await touchEntity(desk.ctx, audit.entityId);
  await refreshSearchIndex(desk.ctx, audit.entityId);
  await appendAudit(desk.ctx, audit);
}

/** `identityChangedAt`: a person carried from another desk keeps when its identity changed there. */
export async function addPerson(desk: Desk, entityId: number, fields: PersonFields, identityChangedAt?: string): Promise<PersonView> {
  const id = await desk.sql.tx(async () => {
    if (!await entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    const pid = await insertPerson(desk.ctx, entityId, fields, identityChangedAt);
    await childChanged(desk, { action: 'person.create', targetType: 'person', targetId: pid, entityId });
    return pid;
  });
  return maskPerson((await getPerson(desk.ctx, id))!);
}

/** Saves a person; `readVersion` as in updateClientEntity. */
export async function editPerson(desk: Desk, id: number, fields: PersonFields, readVersion?: number): Promise<PersonView> {
  await desk.sql.tx(async () => {
    const before = await getPerson(desk.ctx, id);
    if (!before) throw notFound('负责人', id);
    const changed = changedFields(personFieldsOf(before), fields);
    const version = await assertWritten(desk, await updatePerson(desk.ctx, id, fields, { readVersion, changed: changed.length > 0 }), 'person', id, readVersion);
    await childChanged(desk, { action: 'person.update', targetType: 'person', targetId: id, entityId: before.entityId, detail: { fields: changed, rowVersion: version } });
  });
  return maskPerson((await getPerson(desk.ctx, id))!);
}

export async function removePerson(desk: Desk, id: number): Promise<{ deletedId: number; removedFiles: number }> {
  const freed = await desk.sql.tx(async () => {
    const hashes = await deletePersonInTx(desk, id);
    await settleConflictsOfDeletedPerson(desk, id);
    return await unreferencedHashes(desk.ctx, hashes);
  });
  return { deletedId: id, removedFiles: await removeFiles(desk, freed) };
}

/**
 * A person's deletion inside the caller's transaction, with its checks and log entry (`detail` adds to
 * it, e.g. the lease a check-in deletes it for): the hashes of its materials, for the caller to free
 * after the commit (a check-in deletes several rows in one transaction).
 */
export async function deletePersonInTx(desk: Desk, id: number, detail: Record<string, unknown> = {}): Promise<string[]> {
  const p = await getPerson(desk.ctx, id);
  if (!p) throw notFound('负责人', id);
  const e = (await getEntity(desk.ctx, p.entityId))!;
  if (e.principalPersonId === id) throw new DeskError('CONFLICT', `“${p.name}”是主体负责人，请先在主体信息中更换主体负责人再删除`);
  const site = e.websites.find((w) => w.principalPersonId === id);
  if (site) throw new DeskError('CONFLICT', `“${p.name}”是网站“${site.name}”的负责人，请先更换网站负责人再删除`);
  await refuseIfUnderReview(desk, p.entityId, { what: `负责人“${p.name}”`, takes: (m) => m.personId === id });
  const hashes = await materialHashes(desk.ctx, { personId: id });
  await deletePerson(desk.ctx, id);
  await childChanged(desk, { action: 'person.delete', targetType: 'person', targetId: id, entityId: p.entityId, detail: { materials: hashes.length, ...detail } });
  return hashes;
}

// ---- websites --------------------------------------------------------------------------------------

export async function addWebsite(desk: Desk, entityId: number, fields: WebsiteFields): Promise<WebsiteView> {
  const id = await desk.sql.tx(async () => {
    if (!await entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    await assertPersonOf(desk, entityId, fields.principalPersonId, ['website', 'principalPersonId']);
    const wid = await insertWebsite(desk.ctx, entityId, fields);
    await childChanged(desk, { action: 'website.create', targetType: 'website', targetId: wid, entityId, detail: { domains: fields.domains.length } });
    return wid;
  });
  return (await getWebsite(desk.ctx, id))!;
}

/** Saves a website with its domains; `readVersion` as in updateClientEntity. */
export async function editWebsite(desk: Desk, id: number, fields: WebsiteFields, readVersion?: number): Promise<WebsiteView> {
  await desk.sql.tx(async () => {
    const before = await getWebsite(desk.ctx, id);
    if (!before) throw notFound('网站', id);
    await assertPersonOf(desk, before.entityId, fields.principalPersonId, ['website', 'principalPersonId']);
    const changed = changedFields(websiteFieldsOf(before), fields);
    const version = await assertWritten(desk, await updateWebsite(desk.ctx, id, before.entityId, fields, { readVersion, changed: changed.length > 0 }), 'website', id, readVersion);
    await childChanged(desk, { action: 'website.update', targetType: 'website', targetId: id, entityId: before.entityId, detail: { fields: changed, rowVersion: version } });
  });
  return (await getWebsite(desk.ctx, id))!;
}

export async function removeWebsite(desk: Desk, id: number): Promise<{ deletedId: number; removedFiles: number }> {
  const freed = await desk.sql.tx(async () => await unreferencedHashes(desk.ctx, await deleteWebsiteInTx(desk, id)));
  return { deletedId: id, removedFiles: await removeFiles(desk, freed) };
}

/** A website's deletion inside the caller's transaction, as deletePersonInTx. */
export async function deleteWebsiteInTx(desk: Desk, id: number, detail: Record<string, unknown> = {}): Promise<string[]> {
  const w = await getWebsite(desk.ctx, id);
  if (!w) throw notFound('网站', id);
  await refuseIfUnderReview(desk, w.entityId, { what: `网站“${w.name}”`, websiteId: id, takes: (m) => m.websiteId === id });
  const hashes = await materialHashes(desk.ctx, { websiteId: id });
  await deleteWebsite(desk.ctx, id);
  // its 公安备案 follow-up went with it: an approved order waiting on that site alone stops waiting
  await closeGonganOfClient(desk, w.entityId, `网站“${w.name}”已删除：其余网站的公安备案均已办结或无需办理，公安备案截止不再计算`);
  await childChanged(desk, { action: 'website.delete', targetType: 'website', targetId: id, entityId: w.entityId, detail: { materials: hashes.length, ...detail } });
  return hashes;
}

export async function auditTrail(desk: Desk, filter: { entityId?: number; limit: number }): Promise<AuditEntry[]> {
  return await listAudit(desk.ctx, filter);
}
