// Client services: every write is one transaction with its audit entry; files are freed only after the
// rows that referenced them are gone.
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit, changedFields, listAudit, type AuditEvent } from '../db/repositories/audit';
import { deleteEntity, entityExists, entityFieldsOf, entityWithCertNumber, getEntity, insertEntity, listEntities, setEntityPrincipal, touchEntity, updateEntity, type ListQuery } from '../db/repositories/entities';
import { materialHashes, unreferencedHashes } from '../db/repositories/materials';
import { deletePerson, getPerson, insertPerson, personFieldsOf, updatePerson } from '../db/repositories/people';
import { checkpointTruncate } from '../db/repositories/reseal';
import { refreshSearchIndex } from '../db/repositories/searchIndex';
import { deleteWebsite, getWebsite, insertWebsite, updateWebsite, websiteFieldsOf } from '../db/repositories/websites';
import type { DeletionReason } from '../domain/enums';
import type { ClientRecord, EntityFields, PersonFields, WebsiteFields } from '../domain/schemas';
import type { AuditEntry, EntityView, PersonView, WebsiteView } from '../domain/views';
import { recordOf } from '../export/record';
import { checkDraft, type CheckResult } from './checks';
import { recordFiledFromBefore } from './filedState';
import { maskEntity, maskPerson } from './privacy';

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
function assertNewEntity(desk: Desk, certNumber: string, exceptId: number | null): void {
  const holder = entityWithCertNumber(desk.ctx, certNumber, exceptId);
  if (!holder) return;
  const message = `该主体证件号码已登记为客户“${holder.name}”（编号 ${holder.id}）：同一主体只能是一个客户`;
  throw new DeskError('CONFLICT', message, [{ path: ['entity', 'certNumber'], message: `${message}，请在该客户下新增网站或修改其信息` }]);
}

function insertRecord(desk: Desk, record: ClientRecord): CreatedClient {
  const ctx = desk.ctx;
  const { principal, ...entityFields } = record.entity;
  assertNewEntity(desk, entityFields.certNumber, null);
  const id = insertEntity(ctx, { ...entityFields, principalPersonId: null });
  const personIds: Record<string, number> = {};
  for (const { id: key, ...person } of record.people) personIds[key] = insertPerson(ctx, id, person);
  setEntityPrincipal(ctx, id, personIds[principal]!);
  const websiteIds = record.websites.map(({ principal: wp, ...w }) => insertWebsite(ctx, id, { ...w, principalPersonId: personIds[wp]! }));
  refreshSearchIndex(ctx, id);
  appendAudit(ctx, { action: 'entity.create', targetType: 'entity', targetId: id, entityId: id, detail: { people: record.people.length, websites: record.websites.length } });
  return { id, personIds, websiteIds };
}

/**
 * A new client from the API or the CLI, with the findings the form shows while it is typed (the record
 * against the rules and the other clients, e.g. V-DOM-11): saving is not blocked by them, as in the UI.
 */
export function createClientChecked(desk: Desk, record: ClientRecord): CreatedClient & { check: CheckResult } {
  // a record whose filing.before holds what was filed elsewhere: that becomes its filed state, same transaction
  const [created] = desk.sql.tx(() => {
    const made = createClients(desk, [record]);
    recordFiledFromBefore(desk, made[0]!, record);
    return made;
  });
  return { ...created!, check: checkDraft(desk, record, created!.id) };
}

/** Creates one client per record, all in one transaction: either every record is stored or none. */
export function createClients(desk: Desk, records: readonly ClientRecord[]): CreatedClient[] {
  return desk.sql.tx(() => records.map((r) => insertRecord(desk, r)));
}

/** A client as screens show it: personal numbers masked. */
export function getClient(desk: Desk, id: number): EntityView {
  return maskEntity(getClientClear(desk, id));
}

/** A client with personal numbers in clear, for internal use (no audit entry: callers decide). */
export function getClientClear(desk: Desk, id: number): EntityView {
  const e = getEntity(desk.ctx, id);
  if (!e) throw notFound('客户', id);
  return e;
}

/** A client in clear for an operator who asked to see it (e.g. to edit): the reveal is audited. */
export function revealClient(desk: Desk, id: number, purpose: string): EntityView {
  return desk.sql.tx(() => {
    const e = getClientClear(desk, id);
    appendAudit(desk.ctx, { action: 'entity.reveal', targetType: 'entity', targetId: id, entityId: id, detail: { purpose, people: e.people.length } });
    return e;
  });
}

export function revealPerson(desk: Desk, id: number, purpose: string): PersonView {
  return desk.sql.tx(() => {
    const p = getPerson(desk.ctx, id);
    if (!p) throw notFound('负责人', id);
    appendAudit(desk.ctx, { action: 'person.reveal', targetType: 'person', targetId: id, entityId: p.entityId, detail: { purpose } });
    return p;
  });
}

/** The record format back: masked unless reveal is asked for, which is audited. */
export function exportClient(desk: Desk, id: number, reveal: boolean): { revealed: boolean; record: ClientRecord } {
  if (!reveal) return { revealed: false, record: recordOf(getClient(desk, id)) };
  return desk.sql.tx(() => {
    const e = getClientClear(desk, id);
    appendAudit(desk.ctx, { action: 'entity.export', targetType: 'entity', targetId: id, entityId: id, detail: { revealed: true } });
    return { revealed: true, record: recordOf(e) };
  });
}

export function listClients(desk: Desk, q: ListQuery) {
  return listEntities(desk.ctx, q);
}

function assertPersonOf(desk: Desk, entityId: number, personId: number | null, path: (string | number)[]): void {
  if (personId === null) return;
  const p = getPerson(desk.ctx, personId);
  if (!p || p.entityId !== entityId) {
    throw new DeskError('VALIDATION', '所选负责人不属于该客户', [{ path, message: '请从该客户的负责人中选择' }]);
  }
}

export function updateClientEntity(desk: Desk, id: number, fields: EntityFields): EntityView {
  desk.sql.tx(() => {
    const before = getEntity(desk.ctx, id);
    if (!before) throw notFound('客户', id);
    if (fields.principalPersonId === null) {
      throw new DeskError('VALIDATION', '请选择主体负责人', [{ path: ['entity', 'principalPersonId'], message: '请选择主体负责人' }]);
    }
    assertPersonOf(desk, id, fields.principalPersonId, ['entity', 'principalPersonId']);
    assertNewEntity(desk, fields.certNumber, id);
    updateEntity(desk.ctx, id, fields);
    refreshSearchIndex(desk.ctx, id);
    // a save that changes nothing is not something the operator did to the data: no log entry
    const changed = changedFields(entityFieldsOf(before), fields);
    if (changed.length) appendAudit(desk.ctx, { action: 'entity.update', targetType: 'entity', targetId: id, entityId: id, detail: { fields: changed } });
  });
  return getClient(desk, id);
}

/** Deletes a client with its people, websites, domains and materials, then frees files nothing else uses. */
export function deleteClient(desk: Desk, id: number, reason: DeletionReason = '其他'): { deletedId: number; removedFiles: number } {
  const freed = desk.sql.tx(() => {
    const e = getClientClear(desk, id);
    const hashes = materialHashes(desk.ctx, { entityId: id });
    deleteEntity(desk.ctx, id);
    appendAudit(desk.ctx, {
      action: 'entity.delete',
      targetType: 'entity',
      targetId: id,
      entityId: id,
      detail: { people: e.people.length, websites: e.websites.length, materials: hashes.length, reason },
    });
    return unreferencedHashes(desk.ctx, hashes);
  });
  const removedFiles = removeFiles(desk, freed);
  checkpointTruncate(desk.ctx);
  return { deletedId: id, removedFiles };
}

export function removeFiles(desk: Desk, hashes: readonly string[]): number {
  let n = 0;
  for (const h of hashes) if (desk.files.remove(h)) n++;
  return n;
}

// ---- people ----------------------------------------------------------------------------------------

/** A person or website of a client changed: the client's updated time, its search row and the audit log follow. */
function childChanged(desk: Desk, audit: AuditEvent & { entityId: number }): void {
  // an edit saved without a change is no change: nothing touched, nothing logged
  if (Array.isArray(audit.detail?.fields) && audit.detail.fields.length === 0) return;
  touchEntity(desk.ctx, audit.entityId);
  refreshSearchIndex(desk.ctx, audit.entityId);
  appendAudit(desk.ctx, audit);
}

export function addPerson(desk: Desk, entityId: number, fields: PersonFields): PersonView {
  const id = desk.sql.tx(() => {
    if (!entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    const pid = insertPerson(desk.ctx, entityId, fields);
    childChanged(desk, { action: 'person.create', targetType: 'person', targetId: pid, entityId });
    return pid;
  });
  return maskPerson(getPerson(desk.ctx, id)!);
}

export function editPerson(desk: Desk, id: number, fields: PersonFields): PersonView {
  desk.sql.tx(() => {
    const before = getPerson(desk.ctx, id);
    if (!before) throw notFound('负责人', id);
    updatePerson(desk.ctx, id, fields);
    childChanged(desk, { action: 'person.update', targetType: 'person', targetId: id, entityId: before.entityId, detail: { fields: changedFields(personFieldsOf(before), fields) } });
  });
  return maskPerson(getPerson(desk.ctx, id)!);
}

export function removePerson(desk: Desk, id: number): { deletedId: number; removedFiles: number } {
  const freed = desk.sql.tx(() => {
    const p = getPerson(desk.ctx, id);
    if (!p) throw notFound('负责人', id);
    const e = getEntity(desk.ctx, p.entityId)!;
    if (e.principalPersonId === id) throw new DeskError('CONFLICT', `“${p.name}”是主体负责人，请先在主体信息中更换主体负责人再删除`);
    const site = e.websites.find((w) => w.principalPersonId === id);
    if (site) throw new DeskError('CONFLICT', `“${p.name}”是网站“${site.name}”的负责人，请先更换网站负责人再删除`);
    const hashes = materialHashes(desk.ctx, { personId: id });
    deletePerson(desk.ctx, id);
    childChanged(desk, { action: 'person.delete', targetType: 'person', targetId: id, entityId: p.entityId, detail: { materials: hashes.length } });
    return unreferencedHashes(desk.ctx, hashes);
  });
  return { deletedId: id, removedFiles: removeFiles(desk, freed) };
}

// ---- websites --------------------------------------------------------------------------------------

export function addWebsite(desk: Desk, entityId: number, fields: WebsiteFields): WebsiteView {
  const id = desk.sql.tx(() => {
    if (!entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    assertPersonOf(desk, entityId, fields.principalPersonId, ['website', 'principalPersonId']);
    const wid = insertWebsite(desk.ctx, entityId, fields);
    childChanged(desk, { action: 'website.create', targetType: 'website', targetId: wid, entityId, detail: { domains: fields.domains.length } });
    return wid;
  });
  return getWebsite(desk.ctx, id)!;
}

export function editWebsite(desk: Desk, id: number, fields: WebsiteFields): WebsiteView {
  desk.sql.tx(() => {
    const before = getWebsite(desk.ctx, id);
    if (!before) throw notFound('网站', id);
    assertPersonOf(desk, before.entityId, fields.principalPersonId, ['website', 'principalPersonId']);
    updateWebsite(desk.ctx, id, before.entityId, fields);
    childChanged(desk, { action: 'website.update', targetType: 'website', targetId: id, entityId: before.entityId, detail: { fields: changedFields(websiteFieldsOf(before), fields) } });
  });
  return getWebsite(desk.ctx, id)!;
}

export function removeWebsite(desk: Desk, id: number): { deletedId: number; removedFiles: number } {
  const freed = desk.sql.tx(() => {
    const w = getWebsite(desk.ctx, id);
    if (!w) throw notFound('网站', id);
    const hashes = materialHashes(desk.ctx, { websiteId: id });
    deleteWebsite(desk.ctx, id);
    childChanged(desk, { action: 'website.delete', targetType: 'website', targetId: id, entityId: w.entityId, detail: { materials: hashes.length } });
    return unreferencedHashes(desk.ctx, hashes);
  });
  return { deletedId: id, removedFiles: removeFiles(desk, freed) };
}

export function auditTrail(desk: Desk, filter: { entityId?: number; limit: number }): AuditEntry[] {
  return listAudit(desk.ctx, filter);
}
